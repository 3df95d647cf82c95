import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../src/core/clock';
import { BUNDLED_DEMO_FLEET_FILE } from '../../src/core/project-root';
import { cardOf, visibleText } from '../support/connector-standin';
import { type MessageOptions, startTestBot, type TestBot, teamsMessage } from '../support/bot-harness';

/**
 * Hostile-input sweep: every command word (and no command) against a table of nasty arguments,
 * malformed card-button values, malformed bodies, and garbage answers inside a diagnose dialog,
 * all through the real app over HTTP. Each case gets its own conversation, so a dialog or a
 * subscription started by one case cannot change what the next case sees.
 */

// The bundled fleet is anchored at 2026-11-01T12:00Z; a DEMO_FLEET_FILE is served exactly as written.
const clock = new ManualClock('2026-11-01T12:00:00Z');
/** Teams' message limit is about 28 KB (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages); every reply must stay under it. */
const MAX_REPLY_BYTES = 28 * 1024;
/** The bot's generic answers to an unhandled exception (src/teams/bot.ts, src/teams/dialog-host-impl.ts). */
const GENERIC_FAILURE = /something went wrong/i;
/** An unescaped `](javascript:` is a live markdown link; `\]` (escaped with cards' plain()) is shown as typed. */
const LIVE_SCRIPT_LINK = /(?<!\\)\]\(\s*(javascript|data|vbscript):/i;

let bot: TestBot;
let caseNumber = 0;
let dir: string | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'arc-hostile-'));
  const fleetFile = path.join(dir, 'fleet.json');
  copyFileSync(BUNDLED_DEMO_FLEET_FILE, fleetFile);
  bot = await startTestBot({ env: { DEMO_FLEET_FILE: fleetFile, FLEET_MAX_AGE_SECONDS: '0' }, clock });
});
afterAll(async () => {
  await bot?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const COMMAND_WORDS = [
  '', // no command at all: free text / pasted-text recognisers / help
  'status', 'summary', 'clusters', 'subscribe', 'subscriptions', 'unsubscribe',
  'mute', 'unmute', 'mutes', 'diagnose', 'endpoints', 'probe', 'help',
];

const STORE_ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-edge-prod/providers/Microsoft.Kubernetes/connectedClusters/store-0421';

/** Arguments that a careless parser, escaper or card builder would choke on, grouped by theme. */
const HOSTILE_ARGS: Record<string, string[]> = {
  'empty and whitespace': ['', '   ', '\n\n\n', ' \t \r\n \u00a0 ', '\u2028\u2029', '\u3000\u3000'],
  'very long': ['x'.repeat(9 * 1024), 'a '.repeat(9 * 512), 'store-0421 '.repeat(1000), 'y'.repeat(11 * 1024), 'z'.repeat(120 * 1024), 'a\n'.repeat(60 * 1024)],
  quotes: [`'`, `"`, '`', `store-0421'`, `"store-0421"`, '`store-0421`', `x' or '1'='1`, `'''"""\`\`\``],
  'KQL and shell metacharacters': [
    `x' | project secrets //`, 'store-0421; drop table', 'a || b && c', '// comment', '\\\\server\\share', '$(rm -rf /)', '`id`',
    '{{cluster.name}}', '${process.env.HOME}', '%s%s%n%x', '%00%0a', '* | take 1000000', 'rg ../../etc/passwd', 'tag =', 'tag k=', 'tag =v',
    'region', 'rg', 'tag', 'in', 'page', 'cloud', 'features', 'subscription', 'subscription x|y', 'store-*', '*', '**', '?', '[a-z]+', '(.*)*$',
  ],
  unicode: [
    '\u202e1240-erots', 'store\u200b-0421', '\u200d\u200c\ufeff', '🔥💥🤖', '👩🏽‍💻 store-0421', 'ｓｔｏｒｅ-0421', 'störe-0421', 'İstanbul',
    'a\u0000b', '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000', '\u0001\u0002\u0003\u001b[31mred\u001b[0m', '\ud800', 'x\udfffy', '\ud83d',
    '\ufffd\ufffd\ufffd\ufffd', 'e\u0301\u0301\u0301\u0301\u0301\u0301', '\u0000'.repeat(5000),
  ],
  'HTML and markdown': [
    '<at>Someone</at>', '<at>', '</at>store-0421', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '**bold** _it_ ~~s~~',
    '[x](javascript:alert(1))', '![x](http://evil.example/x.png)', '# heading\n---\n> quote', '&lt;&gt;&amp;&#0;', '<!-- -->', ']]></xml>',
    '{"type":"AdaptiveCard"}', '{{ }}', '\\u0000',
  ],
  'numbers out of range': [
    'page 0', 'page -1', 'page 99999999999', 'page 1e308', 'page NaN', 'page 1.5', 'offline page 99999999999999999999999',
    'x 0m', 'x 999y', 'x -5m', 'x 99999999d', 'x 1e9m', 'store-0421 0m', 'store-0421 31d', 'store-0421 9999w', 'all 2h', '99999', '-1', '0',
    '#0', '#99999999999999999999', '1.5', 'NaN', 'Infinity', '0x10', '1 2 3',
  ],
  'a valid target with hostile options': [
    'store-0421 proxy [x](javascript:alert(1))', 'store-0421 proxy http://' + 'a'.repeat(9000), "store-0421 proxy http://x'; rm -rf / #",
    'store-0421 proxy http://user:p@ss@host:99999', 'store-0421 features ' + 'rbac,'.repeat(1500), 'store-0421 features <script>,**,[x](javascript:alert(1))',
    'westeurope cloud [x](javascript:alert(1))', 'cloud china features gateway,gateway,gateway', 'cloud usgov region ' + 'westeurope'.repeat(900),
    'store-0421 2h extra words', 'store-0421 offline offline offline', 'store-0421 <script>alert(1)</script>', 'store-0421\n'.repeat(500),
  ],
  'resource ids': [
    STORE_ID,
    STORE_ID.toUpperCase(),
    STORE_ID + '/extra',
    STORE_ID.replace('connectedClusters/store-0421', 'connectedClusters/'),
    STORE_ID.replace('store-0421', "x'|take 1"),
    '/subscriptions/../resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/store-0421',
    '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1',
    '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.HybridCompute/machines/vm-1',
    'https://portal.azure.com/#@/resource' + STORE_ID,
    '/subscriptions/', '/', '//', 'subscriptions/x/resourceGroups',
  ],
};

interface Exchange {
  status: number;
  replies: Record<string, any>[];
}

/** Posts one activity in a fresh (or given) conversation and returns every reply delivered to it. */
async function send(text: string, opts: MessageOptions = {}): Promise<Exchange> {
  const conversationId = opts.conversationId ?? `a:hostile-${++caseNumber}`;
  const activity = teamsMessage(text, bot.connector.url, { ...opts, conversationId });
  return sendActivity(activity, conversationId);
}

async function sendActivity(activity: unknown, conversationId: string): Promise<Exchange> {
  const before = bot.connector.calls.length;
  const res = await bot.post(activity);
  // The adapter answers the POST after the turn finished, so every reply has already been delivered.
  const replies = bot.connector.calls.slice(before).filter((c) => c.conversationId === conversationId).map((c) => c.activity);
  return { status: res.status, replies };
}

const errorLines = () => bot.logger.lines.filter((l) => l.level === 'error');

/** Everything that must hold for any input; returns a list of problems (empty = fine) so one run reports them all. */
function problemsWith(label: string, exchange: Exchange, { allow400 = false } = {}): string[] {
  const problems: string[] = [];
  const okStatus = exchange.status === 200 || (allow400 && exchange.status === 400);
  if (!okStatus) problems.push(`${label}: HTTP ${exchange.status}`);
  if (exchange.status === 200 && exchange.replies.length === 0) problems.push(`${label}: no reply`);
  for (const reply of exchange.replies) {
    const bytes = Buffer.byteLength(JSON.stringify(reply));
    if (bytes >= MAX_REPLY_BYTES) problems.push(`${label}: reply of ${bytes} bytes`);
    const shown = visibleText(reply);
    if (GENERIC_FAILURE.test(shown)) problems.push(`${label}: generic failure "${shown.slice(0, 160)}"`);
    const card = cardOf(reply);
    if (card) problems.push(...cardProblems(label, card));
    // Teams renders markdown in plain text messages as well: an echoed link must not become live.
    if (typeof reply.text === 'string' && LIVE_SCRIPT_LINK.test(reply.text)) problems.push(`${label}: text renders a script link`);
  }
  return problems;
}

/** A card that Teams would refuse or render dangerously: wrong shape, a non-https link, a button that is not a command. */
function cardProblems(label: string, card: Record<string, any>): string[] {
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard' || card.version !== '1.5') problems.push(`${label}: card is not an Adaptive Card 1.5`);
  const walk = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Action.OpenUrl' && !/^https:\/\/[^\s<>"]+$/.test(String(node.url))) problems.push(`${label}: OpenUrl to ${String(node.url).slice(0, 80)}`);
    if (node.type === 'Action.Submit' && node.data && 'command' in node.data) {
      if (typeof node.data.command !== 'string') problems.push(`${label}: button "${node.title}" has a non-string command`);
      else if (node.data.command.length > 1024) problems.push(`${label}: button "${node.title}" carries a ${node.data.command.length}-char command`);
    }
    if (node.type === 'TextBlock' && typeof node.text === 'string' && LIVE_SCRIPT_LINK.test(node.text)) {
      problems.push(`${label}: TextBlock renders a ${node.text.match(/\]\(\s*(\w+):/)![1]}: link`);
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v);
  };
  walk(card.body);
  walk(card.actions);
  return problems;
}

/** The bot still answers the canonical question correctly. */
async function expectStillHealthy(): Promise<void> {
  const { status, replies } = await send('status store-0421');
  expect(status).toBe(200);
  expect(replies).toHaveLength(1);
  const shown = visibleText(replies[0]);
  expect(shown).toContain('store-0421');
  expect(shown).toContain('Offline');
  expect(shown).toContain('Last heartbeat: 41 min ago');
}

afterEach(async () => {
  // No input may make the app log at error level: that is an unhandled exception somewhere.
  const logged = errorLines().map((l) => `${l.msg}: ${JSON.stringify(l.fields).slice(0, 400)}`);
  bot.logger.lines.length = 0; // each test answers for its own log lines
  expect(logged).toEqual([]);
  await expectStillHealthy();
});

describe('every command word against hostile arguments', () => {
  test.each(Object.entries(HOSTILE_ARGS))('%s', async (_group, args) => {
    const problems: string[] = [];
    for (const word of COMMAND_WORDS) {
      for (const arg of args) {
        const text = word ? `${word} ${arg}` : arg;
        const label = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…(${text.length})` : text);
        problems.push(...problemsWith(label, await send(text)));
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  test('the same inputs in a channel (with the @mention), as upper-case command words and through the aliases', async () => {
    const problems: string[] = [];
    const sample = ['', '   ', `x' | project secrets //`, '<at>Arc Bot</at> <at>', '[x](javascript:alert(1))', 'page 99999999999', 'x 999y', '\u202e\u200b🔥', 'y'.repeat(11 * 1024)];
    const aliases = ['/status', '/diagnose', 'troubleshoot', 'fix', 'list', 'snooze', '?', 'commands', 'hi', 'hello'];
    for (const word of [...COMMAND_WORDS, ...aliases]) {
      for (const arg of sample) {
        const text = word ? `${word.toUpperCase()} ${arg}` : arg;
        const label = `channel ${JSON.stringify(text.slice(0, 60))}`;
        problems.push(...problemsWith(label, await send(text, { scope: 'channel', conversationId: `19:hostile-${++caseNumber}@thread.tacv2` })));
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  test('a text-only channel gets readable text for hostile inputs too', async () => {
    const problems: string[] = [];
    for (const word of COMMAND_WORDS) {
      for (const arg of ['<script>alert(1)</script>', 'page -1', STORE_ID + '/extra']) {
        const text = word ? `${word} ${arg}` : arg;
        const exchange = await send(text, { channelId: 'sms' });
        problems.push(...problemsWith(`sms ${JSON.stringify(text.slice(0, 60))}`, exchange));
        for (const r of exchange.replies) if (r.attachments?.length) problems.push(`sms ${text}: got an attachment`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('out-of-range and hostile arguments get the specific answer, not just any answer', () => {
  const expectations: [string, RegExp][] = [
    ['clusters page 0', /"0" is not a page number/],
    ['clusters page -1', /"-1" is not a page number/],
    ['clusters page 99999999999', /"99999999999" is not a page number/],
    ['clusters ' + 'a '.repeat(9 * 512), /and \d+ more problems/],
    ['mute x 0m', /"0m" is not a duration I accept/],
    ['mute x 999y', /"999y" is not a duration I accept/],
    ['mute store-0421', /"store-0421" is not a duration I accept|Tell me what to mute/],
    ['unsubscribe 99999', /There is no subscription #99999 here/],
    ['unsubscribe -1', /Usage: unsubscribe <n\|all>/],
    [`status x' | project secrets //`, /is not a valid cluster name/],
    [`diagnose x' | project secrets //`, /is not a valid cluster name/],
    [`probe x' | project secrets //`, /is not a valid cluster name|I did not understand "\|"/],
    ['status ' + STORE_ID.replace('11111111', '99999999'), /not a valid cluster name|could not find|store-0421/],
    ['diagnose /subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1', /not a valid cluster name/],
    // Shown exactly as typed, as data: in the HTML Teams gets it has no link syntax left (problemsWith checks).
    ['[x](javascript:alert(1))', /I don't know "\[x\]\(javascript:alert\(1\)\)"/],
    ['status ' + 'y'.repeat(11 * 1024), /too long/],
    ['diagnose ' + 'z'.repeat(120 * 1024), /could not read that/],
  ];
  const titled = expectations.map(([text, expected]) => [text.length > 60 ? `${text.slice(0, 60)}…(${text.length} chars)` : text, text, expected] as const);
  test.each(titled)('%s', async (_title, text, expected) => {
    const { status, replies } = await send(text);
    expect(status).toBe(200);
    expect(problemsWith(text.slice(0, 60), { status, replies })).toEqual([]);
    expect(replies.map(visibleText).join('\n')).toMatch(expected);
  });
});

describe('hostile pasted output (no command): the recognisers stay short and safe', () => {
  const POD_HEADER = 'NAME READY STATUS RESTARTS AGE';
  const repeatUnder = (line: string, maxChars: number) => Array.from({ length: Math.floor(maxChars / (line.length + 1)) }, () => line).join('\n');
  const pastes: [string, string][] = [
    ['4000 failing probe lines', repeatUnder('ARCPROBE management.azure.com 443 dns=fail tcp=fail tls=fail http=000 rc=6 ip=-', 95 * 1024)],
    ['probe lines with distinct hosts', Array.from({ length: 1200 }, (_, i) => `ARCPROBE h${i}.example.com ${i % 65536} dns=ok tcp=fail http=000`).join('\n')],
    ['probe line with markup hosts', ['[x](javascript:alert(1))', '<script>alert(1)</script>', '**bold**', '`tick`', 'a'.repeat(9000)].map((h) => `ARCPROBE ${h} 443 dns=fail`).join('\n')],
    ['probe line with absurd fields', 'ARCPROBE x 99999999999999999999 dns= tcp= tls= http= rc=999999999999 ip=[x](javascript:alert(1))'],
    ['reachable probe lines with hostile ips', ['[x](javascript:alert(1))', '<script>', 'i'.repeat(90 * 1024)].map((ip) => `ARCPROBE mcr.microsoft.com 443 dns=ok tcp=ok tls=ok http=200 rc=0 ip=${ip}`).join('\n')],
    ['probe output flattened onto one line', Array.from({ length: 500 }, (_, i) => `ARCPROBE e${i}.azure.com 443 dns=ok tcp=ok tls=fail http=000 rc=60`).join(' ')],
    ['loop output', repeatUnder('https://' + 'a.'.repeat(40) + 'com 000', 60 * 1024)],
    ['loop output with a 90 KB host', 'https://' + 'a'.repeat(90 * 1024) + ' 000'],
    ['3000 crash-looping pods', POD_HEADER + '\n' + repeatUnder('config-agent-7f6d8b9c5-kx2lq 0/2 CrashLoopBackOff 99999 3m', 95 * 1024)],
    ['distinct failing pods', POD_HEADER + '\n' + Array.from({ length: 1500 }, (_, i) => `pod-${i} 0/1 ${['Pending', 'ImagePullBackOff', 'OOMKilled', 'Error', 'Weird:Status'][i % 5]} ${i} 1d`).join('\n')],
    ['pods with hostile names and counts', `${POD_HEADER}\n[x](javascript:alert(1)) 0/2 Pending 0 3m\n<script> 9/0 Running -1 3m\nclusterconnect-agent 99999999999/1 Running 1e309 3m\n\u202eagent 0/0 ??? NaN`],
    ['only the header', POD_HEADER],
    ['header with a 90 KB pod name', `${POD_HEADER}\n${'p'.repeat(90 * 1024)} 0/1 Pending 0 1m`],
    ['3000 AZK8S codes', repeatUnder('[AZK8S0001] Error: could not connect', 95 * 1024)],
    ['distinct AZK8S codes', Array.from({ length: 3000 }, (_, i) => `[AZK8S${String(i).padStart(4, '0')}]`).join(' ')],
    ['AZK8S with markup', '[AZK8S0001]: [x](javascript:alert(1)) <script>alert(1)</script> **' + 'b'.repeat(5000)],
    ['AZK8S with an out-of-range code', '[AZK8S99999] [AZK8S-1] [AZK8S] [azk8s0001]'],
    ['every format at once, just under 100 KB', [POD_HEADER, repeatUnder('pod-x 0/1 Pending 0 1m', 30 * 1024), repeatUnder('ARCPROBE a.azure.com 443 dns=fail', 30 * 1024), repeatUnder('[AZK8S0001] x', 30 * 1024)].join('\n')],
    ['every format at once, over 100 KB', [POD_HEADER, repeatUnder('pod-x 0/1 Pending 0 1m', 40 * 1024), repeatUnder('ARCPROBE a.azure.com 443 dns=fail', 40 * 1024), repeatUnder('[AZK8S0001] x', 40 * 1024)].join('\n')],
    ['a NUL-filled paste', '\u0000'.repeat(50 * 1024)],
    ['lone surrogates in a paste', `${POD_HEADER}\n\ud800 0/1 Pending 0 1m\nARCPROBE \udfff 443 dns=fail`],
  ];

  test.each(pastes)('%s', async (label, paste) => {
    for (const opts of [{}, { scope: 'channel' as const, conversationId: `19:hostile-${++caseNumber}@thread.tacv2` }, { channelId: 'sms' }]) {
      const exchange = await send(paste, opts);
      expect(problemsWith(`${label} ${JSON.stringify(opts)}`, exchange)).toEqual([]);
    }
  });
});

describe('state built from hostile input stays usable', () => {
  test('many hostile subscriptions and mutes in one conversation still list in one short reply', async () => {
    const conversationId = `a:hostile-accumulate-${++caseNumber}`;
    const problems: string[] = [];
    const targets = [
      `x' | project secrets //`, '<script>alert(1)</script>', '[x](javascript:alert(1))', '\u202estore\u200b🔥', 'rg ' + 'r'.repeat(9000),
      'tag ' + 'k'.repeat(4000) + '=' + 'v'.repeat(4000), 'region ' + 'w'.repeat(9000), 'store-* ' + 'offline '.repeat(1000),
      ...Array.from({ length: 12 }, (_, i) => `${'s'.repeat(9000)}${i}`),
    ];
    for (const target of targets) {
      problems.push(...problemsWith(`subscribe ${target.slice(0, 40)}`, await send(`subscribe ${target}`, { conversationId })));
      problems.push(...problemsWith(`mute ${target.slice(0, 40)}`, await send(`mute ${target} 2h`, { conversationId })));
    }
    for (const command of ['subscriptions', 'mutes', 'unmute', 'unsubscribe 99999', 'unsubscribe 1', 'subscriptions', 'unmute all', 'unsubscribe all', 'subscriptions', 'mutes']) {
      problems.push(...problemsWith(command, await send(command, { conversationId })));
    }
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('bursts: concurrent hostile messages in one conversation', () => {
  test('20 subscribes, mutes and garbage at once: every one answered, no subscription lost', async () => {
    const conversationId = `19:hostile-burst-${++caseNumber}@thread.tacv2`;
    const texts = [
      ...Array.from({ length: 8 }, (_, i) => `subscribe rg burst-${i}`),
      ...Array.from({ length: 6 }, (_, i) => `mute store-0${i}* ${i + 1}h`),
      'unsubscribe 99999', 'x'.repeat(11 * 1024), '\u0000'.repeat(100), 'diagnose store-0421', 'maybe', 'subscriptions',
    ];
    const exchanges = await Promise.all(texts.map((t, i) => send(t, { scope: 'channel', conversationId, userId: `29:burst-${i % 3}` })));
    const problems = exchanges.flatMap((e, i) => {
      // Replies are matched by conversation, so concurrent answers land in each other's windows: check the whole set.
      return e.status === 200 ? [] : [`${texts[i].slice(0, 30)}: HTTP ${e.status}`];
    });
    expect(problems).toEqual([]);
    const all = bot.connector.calls.filter((c) => c.conversationId === conversationId).map((c) => c.activity);
    expect(all.length).toBeGreaterThanOrEqual(texts.length);
    expect(all.flatMap((r, i) => problemsWith(`burst reply ${i}`, { status: 200, replies: [r] }))).toEqual([]);
    const { replies } = await send('subscriptions', { scope: 'channel', conversationId });
    const listed = visibleText(replies[0]);
    for (let i = 0; i < 8; i++) expect(listed).toContain(`burst-${i}`);
  });
});

describe('malformed card-button values', () => {
  const values: [string, Record<string, unknown>][] = [
    ['command: 123', { command: 123 }],
    ['command: null', { command: null }],
    ['empty value', {}],
    ['command: 20 000 chars', { command: 'x'.repeat(20000) }],
    ['status + 20 000 chars', { command: 'status ' + 'x'.repeat(20000) }],
    ['command: array', { command: ['status', 'store-0421'] }],
    ['command: object', { command: { toString: 'status store-0421' } }],
    ['command: true', { command: true }],
    ['command: empty', { command: '' }],
    ['command: whitespace', { command: ' \n\t ' }],
    ['command: NUL', { command: 'status \u0000' }],
    ['command: lone surrogate', { command: 'status \ud800' }],
    ['unknown keys', { action: 'refresh', cluster: 'store-0421' }],
    ['diagnoseStep outside a dialog', { diagnoseStep: 'no-such-step', command: 'yes' }],
    ['diagnoseStep object', { diagnoseStep: { x: 1 }, command: 'status store-0421' }],
    ['proto keys', JSON.parse('{"__proto__": {"command": "status store-0421"}, "constructor": {"prototype": {"x": 1}}}')],
    ['deep nesting', JSON.parse('{"command":'.repeat(200) + '"status"' + '}'.repeat(200))],
  ];

  test.each(values)('%s', async (label, value) => {
    const exchange = await send('', { value });
    expect(problemsWith(label, exchange)).toEqual([]);
    // The same in a channel, where the @mention is absent on card submits.
    const inChannel = await send('', { value, scope: 'channel', conversationId: `19:hostile-${++caseNumber}@thread.tacv2` });
    expect(problemsWith(`channel ${label}`, inChannel)).toEqual([]);
  });

  test('a value that is not an object, or text that is not a string, is refused or answered', async () => {
    const problems: string[] = [];
    const shapes: [string, (a: Record<string, any>) => void][] = [
      ['value: string', (a) => { a.value = 'status store-0421'; }],
      ['value: number', (a) => { a.value = 42; }],
      ['value: array', (a) => { a.value = [{ command: 'status store-0421' }]; }],
      ['text: number', (a) => { a.text = 123; }],
      ['text: object', (a) => { a.text = { toString: 'x' }; }],
      ['text: null', (a) => { a.text = null; }],
      ['text missing', (a) => { delete a.text; }],
      ['no from', (a) => { delete a.from; }],
      ['no conversation type', (a) => { delete a.conversation.conversationType; }],
      ['entities garbage', (a) => { a.entities = [{ type: 'mention' }, null, 'x', { type: 'mention', mentioned: null, text: 5 }]; }],
      ['channelData garbage', (a) => { a.channelData = 'nonsense'; }],
      ['channelData null team', (a) => { a.channelData = { team: null, channel: null, tenant: null }; }],
    ];
    for (const [label, mutate] of shapes) {
      const conversationId = `a:hostile-${++caseNumber}`;
      const activity = teamsMessage('status store-0421', bot.connector.url, { conversationId });
      mutate(activity);
      const exchange = await sendActivity(activity, activity.conversation?.id ?? conversationId);
      // These are not well-formed activities: a 400 is fine, a 200 must come with a short, non-failure reply.
      problems.push(...problemsWith(label, exchange, { allow400: true }));
    }
    expect(problems).toEqual([]);
  });
});

describe('malformed HTTP bodies', () => {
  test('non-activities get 400 and the server keeps serving', async () => {
    const bodies: unknown[] = [
      '', 'null', '"a string"', '42', 'true', '[]', '{not json', '{"type": 5}', '{"type": null}', '{"type": ["message"]}',
      '\u0000\u0001\u0002', '{"type":"message"' + ' '.repeat(2000), JSON.stringify({ text: 'status store-0421' }),
    ];
    const statuses: string[] = [];
    for (const body of bodies) {
      const res = await bot.post(body as string);
      if (res.status !== 400) statuses.push(`${JSON.stringify(body).slice(0, 40)} -> ${res.status}`);
    }
    expect(statuses).toEqual([]);
    // Over the 1 MB body limit: refused, not buffered into memory.
    const huge = await bot.post(teamsMessage('status ' + 'x'.repeat(2 * 1024 * 1024), bot.connector.url));
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });

  test('activity types the bot does not handle are accepted quietly', async () => {
    const problems: string[] = [];
    for (const type of ['typing', 'messageReaction', 'invoke', 'event', 'conversationUpdate', 'installationUpdate', 'unknownType', '']) {
      const activity = teamsMessage('status store-0421', bot.connector.url, { conversationId: `a:hostile-${++caseNumber}` });
      activity.type = type;
      const res = await bot.post(activity);
      // invoke without a handler is answered 501 by botbuilder; everything else is 200; an empty type is a malformed body.
      if (![200, 400, 501].includes(res.status)) problems.push(`${type}: ${res.status}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('a diagnose dialog receiving garbage answers', () => {
  const GARBAGE_ANSWERS: (string | Record<string, unknown>)[] = [
    '', '   ', '\n\n', 'maybe', '0', '-1', '99999999999', '1e308', 'NaN', 'yes no', 'y'.repeat(9 * 1024), 'z'.repeat(11 * 1024),
    'q'.repeat(120 * 1024), '\u0000\u0001\u0002\u0003', '\ud800', '🔥💥', '\u202eoN', '<at>x</at>', '<script>alert(1)</script>',
    '[x](javascript:alert(1))', `' | project secrets //`, '{{answer}}', '${x}', 'skip skip skip', 'back', 'back', 'back', 'back',
    { command: 123 }, { command: null }, {}, { command: 'x'.repeat(20000) }, { diagnoseStep: 'no-such-step', command: 'yes' },
    { diagnoseStep: 42, command: 'no' }, { diagnoseStep: '__proto__', command: 'yes' }, { diagnoseStep: 'constructor', command: 'skip' },
    'help', '?', 'skip', 'stop',
  ];

  test.each([['store-0421 (Offline)', 'store-0421'], ['store-0519 (Expired)', 'store-0519'], ['store-0610 (heartbeat stale)', 'store-0610']])(
    '%s: every garbage answer gets the question again or a step, never a failure',
    async (_label, cluster) => {
      const conversationId = `a:hostile-dialog-${++caseNumber}`;
      const problems: string[] = [];
      const start = await send(`diagnose ${cluster}`, { conversationId });
      problems.push(...problemsWith(`diagnose ${cluster}`, start));
      // The dialog really started: a question card with Skip / Back / Help / Cancel buttons.
      expect(visibleText(start.replies.at(-1)!)).toMatch(/Diagnose store-\d+ · step 1[\s\S]*\[Skip\][\s\S]*\[Cancel\]/);
      let repeatedQuestion = 0;
      for (const answer of GARBAGE_ANSWERS) {
        const label = typeof answer === 'string' ? JSON.stringify(answer.slice(0, 40)) : JSON.stringify(answer).slice(0, 60);
        const exchange = typeof answer === 'string' ? await send(answer, { conversationId }) : await send('', { conversationId, value: answer });
        problems.push(...problemsWith(`dialog answer ${label}`, exchange));
        if (exchange.replies.some((r) => /is not one of the answers|could not read that/i.test(visibleText(r)))) repeatedQuestion++;
        // A dialog that ended (findings, or the Expired branch reaching its end) is restarted to keep sweeping.
        if (exchange.replies.some((r) => /findings|likely cause|ended|cancel/i.test(visibleText(r)))) {
          problems.push(...problemsWith(`re-diagnose ${cluster}`, await send(`diagnose ${cluster}`, { conversationId })));
        }
      }
      // Garbage was answered with the question again (and the valid answers), many times over.
      expect(repeatedQuestion).toBeGreaterThan(5);
      const cancel = await send('cancel', { conversationId });
      problems.push(...problemsWith('cancel', cancel));
      expect(problems).toEqual([]);
    },
    60_000,
  );

  test('a second user garbage-answering in a channel does not disturb the first user\'s dialog', async () => {
    const conversationId = `19:hostile-dialog-${++caseNumber}@thread.tacv2`;
    const first = await send('diagnose store-0421', { scope: 'channel', conversationId, userId: '29:user-a' });
    expect(problemsWith('first user diagnose', first)).toEqual([]);
    const question = visibleText(first.replies.at(-1)!);
    for (const garbage of ['\u0000', '<at>', 'q'.repeat(20000)]) {
      const other = await send(garbage, { scope: 'channel', conversationId, userId: '29:user-b' });
      expect(problemsWith(`second user ${JSON.stringify(garbage.slice(0, 10))}`, other)).toEqual([]);
    }
    // The first user's dialog still waits on the same question: a garbage answer repeats it.
    const again = await send('maybe', { scope: 'channel', conversationId, userId: '29:user-a' });
    expect(problemsWith('first user garbage', again)).toEqual([]);
    expect(visibleText(again.replies.at(-1)!).split('\n')[0]).toBe(question.split('\n')[0]);
  });
});
