import { editDistance } from '../clusters/name-matching';
import { commonCards } from '../cards/common-cards';
import { helpText } from '../cards/help-card';
import { OPEN_ACCESS, type AccessPolicy } from './access-policy';
import type { CommandContext, CommandDefinition, FallbackHandler, FreeTextHandler } from './command';
import { cardReply, type Reply, textReply } from './reply';
import { code, joined, says } from './text';

/** Longest message treated as a command (10 KB or more gets a short answer). Pasted output may be longer. */
export const MAX_COMMAND_CHARS = 10 * 1024;
/** Longest pasted text any handler will read (100 KB or more gets "I could not read that"). */
export const MAX_PASTE_CHARS = 100 * 1024;
/** How many commands the answer to an unrecognised message suggests. */
const CLOSEST_SHOWN = 3;

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

  constructor(
    readonly commands: CommandDefinition[],
    private readonly freeText: FreeTextHandler[] = [],
    private readonly fallbacks: FallbackHandler[] = [],
    private readonly access: AccessPolicy = OPEN_ACCESS,
  ) {
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
      // The one operator check: typed commands and card buttons (their `data.command`) both arrive here.
      const refusal = this.access.refusal(command, ctx);
      if (refusal) return [refusal];
      return asArray(await command.handle(args, ctx));
    }
    const handler = this.freeText.find((h) => h.canHandle(clean));
    if (handler) return asArray(await handler.handle(clean, ctx));
    if (clean.length > MAX_COMMAND_CHARS) return [textReply(`That message is too long for me to read as a command. ${this.pasteFormats()}`)];
    for (const fallback of this.fallbacks) {
      const answer = await fallback.handle(clean, ctx);
      if (answer) return asArray(answer);
    }
    return [this.unrecognised(word)];
  }

  /**
   * One short line with the three closest commands, not the whole help card. The unknown word is
   * data, so `[x](javascript:...)` or `**` shows as typed (hostile-input sweep).
   */
  private unrecognised(word: string): Reply {
    const closest = joined(this.closestCommands(word, CLOSEST_SHOWN).map(code), ', ');
    return textReply(says`I don't know "${word.slice(0, 40)}". Closest commands: ${closest}; \`help\` lists them all.`);
  }

  help(intro?: string): Reply {
    const entries = this.commands.filter((c) => !c.hidden).map((c) => ({ usage: c.usage, description: c.description, examples: c.examples }));
    const access = this.access.modeLine(this.commands.filter((c) => c.requiresOperator && !c.hidden).map((c) => c.name));
    return cardReply(commonCards.view('help', { entries, intro, access }), helpText(entries, intro, access));
  }

  /** Command names by the edit distance of their name or closest alias to `word`, nearest first. */
  private closestCommands(word: string, limit: number): string[] {
    const best = new Map<string, number>();
    for (const [w, command] of this.byWord) {
      if (command.hidden) continue;
      const d = editDistance(word, w);
      if (d < (best.get(command.name) ?? Infinity)) best.set(command.name, d);
    }
    const order = this.commands.map((c) => c.name);
    return [...best.entries()].sort((a, b) => a[1] - b[1] || order.indexOf(a[0]) - order.indexOf(b[0])).slice(0, limit).map(([name]) => name);
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
