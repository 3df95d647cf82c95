import { editDistance } from '../clusters/name-matching';
import { plain } from '../cards/adaptive-card';
import { commonCards } from '../cards/common-cards';
import { helpText } from '../cards/help-card';
import type { CommandContext, CommandDefinition, FreeTextHandler } from './command';
import { cardReply, type Reply, textReply } from './reply';

/** Longest message treated as a command (10 KB or more gets a short answer). Pasted output may be longer. */
export const MAX_COMMAND_CHARS = 10 * 1024;
/** Longest pasted text any handler will read (100 KB or more gets "I could not read that"). */
export const MAX_PASTE_CHARS = 100 * 1024;

export interface RoutedText {
  command?: CommandDefinition;
  word: string;
  args: string;
}

/**
 * Turns text into replies: an ordered list of commands (first word, case-insensitive, aliases),
 * then pasted-text recognisers, then help. Never throws for bad input.
 */
export class CommandRouter {
  private readonly byWord = new Map<string, CommandDefinition>();

  constructor(readonly commands: CommandDefinition[], private readonly freeText: FreeTextHandler[] = []) {
    for (const c of commands) for (const w of [c.name, ...(c.aliases ?? [])]) this.byWord.set(w.toLowerCase(), c);
  }

  parse(text: string): RoutedText {
    const trimmed = normalise(text);
    const space = trimmed.search(/\s/);
    const word = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase().replace(/^\//, '');
    const args = space < 0 ? '' : trimmed.slice(space + 1).trim();
    return { command: this.byWord.get(word), word, args };
  }

  isCommandWord(text: string): boolean {
    return this.parse(text).command !== undefined;
  }

  async route(text: string, ctx: CommandContext): Promise<Reply[]> {
    const clean = normalise(text);
    if (!clean) return [this.help('Hi! Type a command, for example `status store-0421`.')];
    if (clean.length > MAX_PASTE_CHARS || looksBinary(clean)) {
      return [textReply(`I could not read that (${Math.round(clean.length / 1024)} KB${looksBinary(clean) ? ' of unreadable characters' : ''}). ${this.pasteFormats()}`)];
    }
    const { command, word, args } = this.parse(clean);
    if (command) {
      if (clean.length > MAX_COMMAND_CHARS) return [textReply(`That message is too long for a command (${Math.round(clean.length / 1024)} KB). Commands are short, e.g. \`status store-0421\`.`)];
      return asArray(await command.handle(args, ctx));
    }
    const handler = this.freeText.find((h) => h.canHandle(clean));
    if (handler) return asArray(await handler.handle(clean, ctx));
    if (clean.length > MAX_COMMAND_CHARS) return [textReply(`That message is too long for me to read as a command. ${this.pasteFormats()}`)];
    const close = this.closestCommand(word);
    // The unknown word is echoed into the help card's markdown: escape it so `[x](javascript:...)` or
    // `**` is shown as typed, never rendered as a link or formatting (hostile-input sweep).
    const shown = plain(word.slice(0, 40));
    return [this.help(close ? `I don't know "${shown}". Did you mean \`${close}\`?` : `I don't know "${shown}".`)];
  }

  help(intro?: string): Reply {
    const entries = this.commands.map((c) => ({ usage: c.usage, description: c.description, examples: c.examples }));
    return cardReply(commonCards.view('help', { entries, intro }), helpText(entries, intro));
  }

  private closestCommand(word: string): string | undefined {
    let best: { w: string; d: number } | undefined;
    for (const w of this.byWord.keys()) {
      const d = editDistance(word, w, 2);
      if (d <= 2 && (!best || d < best.d)) best = { w, d };
    }
    return best?.w;
  }

  private pasteFormats(): string {
    return this.freeText.length
      ? 'I understand commands, `kubectl get pods -n azure-arc` output, `[AZK8Snnnn]` errors and `probe` output.'
      : 'Type `help` for the commands.';
  }
}

function normalise(text: string): string {
  return (text ?? '').replace(/\u00a0/g, ' ').trim();
}

/** Control characters other than whitespace, or replacement characters, mean it is not text we can read. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let bad = 0;
  for (const ch of sample) {
    const code = ch.charCodeAt(0);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) bad++;
  }
  return bad > Math.max(2, sample.length * 0.02);
}

function asArray(r: Reply | Reply[]): Reply[] {
  return Array.isArray(r) ? r : [r];
}
