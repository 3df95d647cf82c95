import { cardOf } from '../../support/cards';
import { createAsk } from '../../../src/ask/ask-feature';
import type { AskDeps } from '../../../src/ask/ask-deps';
import type { CommandContext, CommandDefinition, FreeTextHandler } from '../../../src/chat/command';
import { createCommandRouter } from '../../../src/chat/registry';
import { type MessageReply, type Reply, textReply } from '../../../src/chat/reply';
import { CommandRouter, MAX_COMMAND_CHARS, MAX_PASTE_CHARS } from '../../../src/chat/router';

const ctx: CommandContext = { conversation: { id: 'c1', type: 'personal' }, user: { id: 'u1' }, correlationId: 'corr-1' };

/** A command that echoes what it was given, so tests see exactly which command ran with which args. */
function echoCommand(name: string, aliases: string[] = []): CommandDefinition & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    aliases,
    usage: `${name} <x>`,
    description: `The ${name} command.`,
    examples: [`${name} example`],
    calls,
    async handle(args) {
      calls.push(args);
      return textReply(`${name}(${args})`);
    },
  };
}

function setup(freeText: FreeTextHandler[] = []) {
  const status = echoCommand('status');
  const clusters = echoCommand('clusters', ['list']);
  const summary = echoCommand('summary', ['fleet', 'overview']);
  const router = new CommandRouter([status, clusters, summary], freeText);
  return { router, status, clusters, summary };
}

const only = (replies: Reply[]): MessageReply => {
  expect(replies).toHaveLength(1);
  expect(replies[0].kind).toBe('message');
  return replies[0] as MessageReply;
};

describe('CommandRouter.route', () => {
  test('the first word picks the command; the rest, trimmed, are its arguments', async () => {
    const { router, status } = setup();
    expect(only(await router.route('status   store-0421  ', ctx)).text).toBe('status(store-0421)');
    expect(status.calls).toEqual(['store-0421']);
  });

  test('command words are case-insensitive and a leading slash is accepted', async () => {
    const { router } = setup();
    expect(only(await router.route('STATUS Store-0421', ctx)).text).toBe('status(Store-0421)');
    expect(only(await router.route('/status x', ctx)).text).toBe('status(x)');
  });

  test('aliases reach the same command', async () => {
    const { router } = setup();
    expect(only(await router.route('list offline', ctx)).text).toBe('clusters(offline)');
    expect(only(await router.route('Fleet', ctx)).text).toBe('summary()');
    expect(only(await router.route('overview', ctx)).text).toBe('summary()');
  });

  test('non-breaking spaces (Teams sends them) count as spaces', async () => {
    const { router } = setup();
    expect(only(await router.route('status\u00a0store-0421', ctx)).text).toBe('status(store-0421)');
  });

  test('an unknown word gets one short line with the three closest commands, not the help card', async () => {
    const { router } = setup();
    const reply = only(await router.route('deploy everything', ctx));
    expect(reply.text).toMatch(/^I don't know "deploy"\. Closest commands: `\w+`, `\w+`, `\w+`; `help` lists them all\.$/);
    expect(reply.view).toBeUndefined();
  });

  test('a typo of a command word puts that command first among the three', async () => {
    const { router, status } = setup();
    const reply = only(await router.route('stauts store-0421', ctx));
    expect(reply.text).toMatch(/^I don't know "stauts". Closest commands: `status`, `\w+`, `\w+`; `help` lists them all.$/);
    expect(status.calls).toEqual([]);
    expect(only(await router.route('clustres', ctx)).text).toContain('Closest commands: `clusters`,');
    // An alias counts for its command, and each command is named once.
    expect(only(await router.route('fleeet', ctx)).text).toMatch(/Closest commands: `summary`, `(status|clusters)`, `(status|clusters)`;/);
  });

  test('fallbacks answer what no command or paste reader took, in order; without an answer, the short line', async () => {
    const seen: string[] = [];
    const router = new CommandRouter([echoCommand('status')], [], [
      { name: 'a', handle: async (text) => { seen.push(`a:${text}`); return undefined; } },
      { name: 'b', handle: async (text) => (text.includes('store-0421') ? textReply('store-0421 is Offline') : undefined) },
    ]);
    expect(only(await router.route('why is store-0421 down?', ctx)).text).toBe('store-0421 is Offline');
    expect(only(await router.route('thanks', ctx)).text).toMatch(/^I don't know "thanks"\./);
    expect(seen).toEqual(['a:why is store-0421 down?', 'a:thanks']);
    expect(only(await router.route('status x', ctx)).text).toBe('status(x)');
    expect(seen).toHaveLength(2);
  });

  test('empty or whitespace-only text gets a short greeting with the help', async () => {
    const { router } = setup();
    for (const text of ['', '   ', '\n\t', '\u00a0']) {
      const reply = only(await router.route(text, ctx));
      expect(reply.text).toContain('Type a command, for example `status store-0421`');
      expect(cardOf(reply)).toBeDefined();
    }
    expect(only(await router.route(undefined as unknown as string, ctx)).text).toContain('Type a command');
  });

  test(`a command up to ${MAX_COMMAND_CHARS} characters runs; one character more gets a short "too long"`, async () => {
    const { router, status } = setup();
    const fits = `status ${'a'.repeat(MAX_COMMAND_CHARS - 7)}`;
    expect(fits).toHaveLength(MAX_COMMAND_CHARS);
    await router.route(fits, ctx);
    expect(status.calls).toHaveLength(1);
    const reply = only(await router.route(fits + 'a', ctx));
    expect(reply.text).toBe('That message is too long for a command (10 KB). Commands are short, e.g. `status store-0421`.');
    expect(status.calls).toHaveLength(1);
  });

  test('10 KB+ of text that is no command gets a short answer, not the help card', async () => {
    const { router } = setup();
    const reply = only(await router.route('lorem ipsum '.repeat(1000), ctx));
    expect(reply.text).toBe('That message is too long for me to read as a command. Type `help` for the commands.');
    expect(reply.view).toBeUndefined();
  });

  test('more than 100 KB is refused before any parsing', async () => {
    const { router, status } = setup();
    const reply = only(await router.route(`status ${'x'.repeat(MAX_PASTE_CHARS)}`, ctx));
    expect(reply.text).toMatch(/^I could not read that \(100 KB\)/);
    expect(status.calls).toEqual([]);
  });

  test('binary garbage is answered "could not read", never routed', async () => {
    const { router, status } = setup();
    const bytes = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256));
    const garbage = 'status ' + bytes.toString('utf8');
    const reply = only(await router.route(garbage, ctx));
    expect(reply.text).toContain('of unreadable characters');
    expect(status.calls).toEqual([]);
    expect(only(await router.route('\u0000\u0001\u0002\u0003\u0004\u0005', ctx)).text).toContain('unreadable');
  });

  test('a few control characters in otherwise normal text are tolerated', async () => {
    const { router } = setup();
    expect(only(await router.route('status store-0421\u0007', ctx)).text).toBe('status(store-0421\u0007)');
  });

  test('pasted text that is not a command goes to the first free-text handler that accepts it', async () => {
    const handled: string[] = [];
    const kubectl: FreeTextHandler = {
      name: 'kubectl',
      canHandle: (t) => t.startsWith('NAME '),
      handle: async (t) => {
        handled.push(t);
        return [textReply('pods read'), textReply('second reply')];
      },
    };
    const { router } = setup([kubectl]);
    const replies = await router.route('NAME READY STATUS\nclusterconnect-agent 0/3 CrashLoopBackOff', ctx);
    expect(replies.map((r) => (r as MessageReply).text)).toEqual(['pods read', 'second reply']);
    expect(handled).toHaveLength(1);
    // with free-text handlers present, the long-text answer names the paste formats
    expect(only(await router.route('x '.repeat(6000), ctx)).text).toContain('kubectl get pods -n azure-arc');
  });

  test('a command word wins over free-text handlers', async () => {
    const greedy: FreeTextHandler = { name: 'greedy', canHandle: () => true, handle: async () => textReply('greedy') };
    const { router } = setup([greedy]);
    expect(only(await router.route('status a', ctx)).text).toBe('status(a)');
    expect(only(await router.route('whatever', ctx)).text).toBe('greedy');
  });
});

describe('CommandRouter.parse', () => {
  test('reports the command word and arguments', () => {
    const { router, clusters } = setup();
    expect(router.parse('  LIST offline in westeurope ')).toEqual({ command: clusters, word: 'list', args: 'offline in westeurope' });
    expect(router.parse('nope').command).toBeUndefined();
    expect(router.isCommandWord('status x')).toBe(true);
    expect(router.isCommandWord('nope')).toBe(false);
  });
});

describe('the Ask command table (registry)', () => {
  const router = createCommandRouter([createAsk({} as AskDeps)]);

  test.each([
    ['status store-0421', 'status'],
    ['Status', 'status'],
    ['summary', 'summary'],
    ['fleet', 'summary'],
    ['overview', 'summary'],
    ['clusters offline', 'clusters'],
    ['list expired', 'clusters'],
    ['help', 'help'],
    ['?', 'help'],
    ['HELLO', 'help'],
    ['hi', 'help'],
    ['commands', 'help'],
  ])('%s -> %s', (text, name) => {
    expect(router.parse(text).command?.name).toBe(name);
  });

  test('help lists every command with an example', async () => {
    const reply = only(await router.route('help', ctx));
    for (const c of router.commands) {
      expect(reply.text).toContain(c.usage);
      expect(reply.text).toContain(c.examples[0]);
    }
  });
});
