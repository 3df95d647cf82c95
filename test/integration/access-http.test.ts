import * as fs from 'node:fs';
import * as path from 'node:path';
import { GUEST_LINE, OTHER_TENANT_LINE, ROLE_UNAVAILABLE_LINE } from '../../src/chat/access-policy';
import { ManualClock } from '../../src/core/clock';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { createTellStores } from '../../src/tell/stores/tell-stores';
import { startTestBot, TENANT_ID, type TestBot, teamsMessage, type MessageOptions } from '../support/bot-harness';
import { visibleText } from '../support/connector-standin';
import { createAuditCommand } from '../../src/audit/audit-command';
import { createAcknowledgeCommand } from '../../src/tell/acknowledge-command';
import { createMuteCommands } from '../../src/tell/mute-commands';
import { createSubscribeCommands } from '../../src/tell/subscribe-commands';

/**
 * Who may use the bot, over HTTP with Teams-shaped activities: another tenant (or none) gets one
 * line and nothing else; guests are told apart by the Teams member API (the connector stand-in
 * answers it, or hangs); with OPERATOR_IDS only operators change alerting, typed or by button.
 */
const OTHER_TENANT = '11111111-2222-3333-4444-555555555555';
const OPERATOR = '99999999-8888-7777-6666-555555555555';
const MEMBER = '00000000-0000-0000-0000-0000000000a1';
const TEAM_ID = '19:team@thread.tacv2';
const CHANNEL = '19:general@thread.tacv2';

/** Storage that counts every write and delete, to show that a refused activity wrote nothing. */
class RecordingStorage extends MemoryStorage {
  writes: string[] = [];
  override async write(changes: Record<string, any>): Promise<void> {
    this.writes.push(...Object.keys(changes));
    return super.write(changes);
  }
  override async delete(keys: string[]): Promise<void> {
    this.writes.push(...keys.map((k) => `delete ${k}`));
    return super.delete(keys);
  }
}

interface As extends MessageOptions {
  tenant?: string | null;
  aadObjectId?: string;
}

/** A Teams message (or card click with `value`) as a user of a tenant; `tenant: null` leaves the tenant out. */
function activity(bot: TestBot, text: string, as: As = {}): Record<string, any> {
  const a = teamsMessage(text, bot.connector.url, { scope: 'channel', ...as });
  a.from.aadObjectId = as.aadObjectId ?? MEMBER;
  if (as.tenant === null) {
    delete a.conversation.tenantId;
    delete a.channelData.tenant;
  } else if (as.tenant) {
    a.conversation.tenantId = as.tenant;
    a.channelData.tenant = { id: as.tenant };
  }
  return a;
}

/** What an `Action.Execute` click sends: an invoke named adaptiveCard/action carrying the button's data. */
function executeClick(bot: TestBot, data: Record<string, unknown>, as: As = {}): Record<string, any> {
  const a = activity(bot, '', { ...as, mention: false });
  delete a.text;
  return { ...a, type: 'invoke', name: 'adaptiveCard/action', replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb: 'command', data }, trigger: 'manual' } };
}

/** Posts and returns the activities the bot sent for it (it answers within the request). */
async function exchange(bot: TestBot, a: Record<string, any>): Promise<{ status: number; body: string; sent: Record<string, any>[]; methods: string[] }> {
  const before = bot.connector.calls.length;
  const res = await bot.post(a);
  const calls = bot.connector.calls.slice(before);
  return { ...res, sent: calls.map((c) => c.activity), methods: calls.map((c) => c.method) };
}

const texts = (sent: Record<string, any>[]) => sent.map((s) => visibleText(s));

describe('tenant isolation', () => {
  let bot: TestBot;
  let storage: RecordingStorage;
  beforeAll(async () => {
    storage = new RecordingStorage();
    bot = await startTestBot({ clock: new ManualClock(), storage, env: { ALLOWED_TENANT_IDS: TENANT_ID } });
    await bot.app.whenIdle();
  });
  afterAll(async () => bot?.stop());

  test.each([
    ['another tenant', OTHER_TENANT],
    ['a missing tenant', null],
  ])('%s: every command, a card click and an install get one polite line; nothing is stored, no dialog starts, the log has the tenant id only', async (_label, tenant) => {
    const before = storage.writes.length;
    const lookups = bot.connector.memberLookups.length;
    const logLines = bot.logger.lines.length;
    for (const text of ['status', 'clusters offline', 'subscribe', 'mute all 30d', 'diagnose store-0421', 'help', 'kubectl get pods -n azure-arc']) {
      const { status, sent } = await exchange(bot, activity(bot, text, { tenant }));
      expect(status).toBe(200);
      expect(texts(sent)).toEqual([OTHER_TENANT_LINE]);
    }
    const click = await exchange(bot, executeClick(bot, { command: 'status store-0421', inPlace: true }, { tenant }));
    expect(JSON.parse(click.body)).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: OTHER_TENANT_LINE });
    expect(click.sent).toEqual([]);
    const install = activity(bot, '', { tenant });
    delete install.text;
    const installed = await exchange(bot, { ...install, type: 'installationUpdate', action: 'add' });
    expect(texts(installed.sent)).toEqual([OTHER_TENANT_LINE]);
    const added = await exchange(bot, { ...install, type: 'conversationUpdate', membersAdded: [{ id: install.recipient.id }] });
    expect(added.sent).toEqual([]);

    expect(storage.writes.slice(before)).toEqual([]);
    expect(bot.connector.memberLookups.length).toBe(lookups);
    const stores = createTellStores(storage);
    expect(Object.keys((await stores.subscriptions.all()))).toEqual([]);
    const refusals = bot.logger.lines.slice(logLines);
    expect(refusals.map((l) => l.msg)).toEqual(Array(10).fill('activity refused: tenant not allowed'));
    expect(refusals[0].fields).toMatchObject({ tenantId: tenant ?? '(none)', activityType: 'message' });
    expect(JSON.stringify(refusals)).not.toMatch(/status|clusters|subscribe|mute|diagnose|kubectl|store-0421/);
  });

  test('the allowed tenant (any case) is answered as usual, and its conversation is remembered', async () => {
    const { sent } = await exchange(bot, activity(bot, 'status store-0421', { tenant: TENANT_ID.toUpperCase() }));
    expect(texts(sent)[0]).toContain('**store-0421** is **Offline**');
    expect((await createTellStores(storage).conversations.all()).map((c) => c.address.conversationId)).toEqual([CHANNEL]);
  });
});

describe('guests (the Teams member API)', () => {
  let bot: TestBot;
  const clock = new ManualClock();
  beforeAll(async () => {
    bot = await startTestBot({ clock });
    bot.connector.memberRoles.set('29:guest-gina', 'guest');
    bot.connector.memberRoles.set('29:visitor', 'anonymous');
  });
  afterAll(async () => bot?.stop());
  afterEach(() => { bot.connector.memberBehaviour = undefined; });

  test('a guest gets one line and no fleet data; the role is asked of the team\'s member API once and reused', async () => {
    const first = await exchange(bot, activity(bot, 'status', { userId: '29:guest-gina', userName: 'Gina Guest' }));
    expect(texts(first.sent)).toEqual([GUEST_LINE]);
    const click = await exchange(bot, executeClick(bot, { command: 'status store-0421', inPlace: true }, { userId: '29:guest-gina' }));
    expect(JSON.parse(click.body).value).toBe(GUEST_LINE);
    expect(bot.connector.memberLookups.filter((l) => l.userId === '29:guest-gina')).toEqual([{ conversationId: TEAM_ID, userId: '29:guest-gina' }]);
    const anonymous = await exchange(bot, activity(bot, 'clusters', { userId: '29:visitor', scope: 'groupChat' }));
    expect(texts(anonymous.sent)).toEqual([GUEST_LINE]);
    expect(bot.connector.memberLookups.find((l) => l.userId === '29:visitor')?.conversationId).toBe('19:group-chat@thread.v2');
  });

  test('a member is answered; in a 1:1 chat the member API is asked for that chat', async () => {
    const { sent } = await exchange(bot, activity(bot, 'status store-0421', { userId: '29:member-max', scope: 'personal' }));
    expect(texts(sent)[0]).toContain('**store-0421** is **Offline**');
    expect(bot.connector.memberLookups.filter((l) => l.userId === '29:member-max')).toEqual([{ conversationId: 'a:personal-chat', userId: '29:member-max' }]);
    // Reused for 5 minutes of the clock, then asked again (a guest may have been removed or promoted).
    await clock.advance(299_999);
    await bot.app.whenIdle();
    await exchange(bot, activity(bot, 'status', { userId: '29:member-max', scope: 'personal' }));
    expect(bot.connector.memberLookups.filter((l) => l.userId === '29:member-max')).toHaveLength(1);
    await clock.advance(1);
    await bot.app.whenIdle();
    await exchange(bot, activity(bot, 'status', { userId: '29:member-max', scope: 'personal' }));
    expect(bot.connector.memberLookups.filter((l) => l.userId === '29:member-max')).toHaveLength(2);
  });

  test('a member API that hangs is cancelled at its deadline (3 s on the clock); the user is told and gets no fleet data; the next message asks again', async () => {
    bot.connector.memberBehaviour = 'hang';
    const lookups = bot.connector.memberLookups.length;
    const pending = exchange(bot, activity(bot, 'status store-0421', { userId: '29:member-hung' }));
    await bot.connector.waitForMemberLookups(lookups + 1);
    await clock.advance(2999);
    const [hung] = bot.connector.memberLookups.filter((l) => l.userId === '29:member-hung');
    expect(hung.aborted).toBeUndefined();
    await clock.advance(1);
    const { sent } = await pending;
    expect(texts(sent)).toEqual([ROLE_UNAVAILABLE_LINE]);
    expect(hung.aborted).toBe(true);
    expect(bot.logger.lines.find((l) => l.msg === 'member lookup failed: answering without fleet data')?.fields).toMatchObject({ reason: 'timeout' });

    bot.connector.memberBehaviour = undefined;
    const again = await exchange(bot, activity(bot, 'status store-0421', { userId: '29:member-hung' }));
    expect(texts(again.sent)[0]).toContain('is **Offline**');
  });

  test('a member API that refuses (500) fails closed the same way', async () => {
    bot.connector.memberBehaviour = { status: 500 };
    const { sent } = await exchange(bot, activity(bot, 'clusters', { userId: '29:member-500' }));
    expect(texts(sent)).toEqual([ROLE_UNAVAILABLE_LINE]);
  });

  test('with ALLOW_GUESTS=on a guest is answered, and no member lookup is made', async () => {
    const open = await startTestBot({ env: { ALLOW_GUESTS: 'on' } });
    try {
      open.connector.memberRoles.set('29:guest-gina', 'guest');
      const { sent } = await exchange(open, activity(open, 'status store-0421', { userId: '29:guest-gina' }));
      expect(texts(sent)[0]).toContain('**store-0421** is **Offline**');
      expect(open.connector.memberLookups).toEqual([]);
    } finally {
      await open.stop();
    }
  });
});

/** Every button on the golden cards whose command changes alerting (first word). */
function alertingButtons(): Record<string, unknown>[] {
  const dir = path.join(__dirname, '../fixtures/golden');
  const found = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, any>;
    if (String(n.type ?? '').startsWith('Action.') && n.data && typeof n.data.command === 'string') {
      const word = n.data.command.split(' ')[0];
      if (OPERATOR_WORDS.includes(word)) found.set(n.data.command, n.data);
    }
    Object.values(n).forEach(walk);
  };
  for (const file of fs.readdirSync(dir)) walk(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  return [...found.values()];
}
/**
 * The words of every command marked `requiresOperator`, read from the real definitions (only their
 * flags and names are read, so the factories get no dependencies), in the order help lists them.
 */
const OPERATOR_COMMANDS = (() => {
  const unused = {} as never;
  return [...createSubscribeCommands(unused), ...createMuteCommands(unused), createAcknowledgeCommand(unused), createAuditCommand(unused)].filter((c) => c.requiresOperator);
})();
const ALIASES = OPERATOR_COMMANDS.flatMap((c) => c.aliases ?? []);
const OPERATOR_WORDS = OPERATOR_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
const commandOf = (word: string) => OPERATOR_COMMANDS.find((c) => c.name === word || c.aliases?.includes(word))!.name;

describe('operators (OPERATOR_IDS)', () => {
  let bot: TestBot;
  let storage: MemoryStorage;
  const asOperator: As = { aadObjectId: OPERATOR, userId: '29:op-olga', userName: 'Olga Operator' };
  const asMember: As = { aadObjectId: MEMBER, userId: '29:member-max', userName: 'Max Member' };
  const state = async () => {
    const stores = createTellStores(storage);
    return JSON.stringify({ subscriptions: await stores.subscriptions.all(), mutes: await stores.mutes.list(CHANNEL), alerts: await stores.alertCards.list() });
  };
  beforeAll(async () => {
    storage = new MemoryStorage();
    bot = await startTestBot({ clock: new ManualClock(), storage, env: { OPERATOR_IDS: OPERATOR } });
    await bot.app.whenIdle();
  });
  afterAll(async () => bot?.stop());

  test('the help card says alerting is limited to the operators', async () => {
    const { sent } = await exchange(bot, activity(bot, 'help', asMember));
    expect(texts(sent)[0]).toContain(`Only operators (1, OPERATOR_IDS) can use ${OPERATOR_WORDS.filter((w) => !ALIASES.includes(w)).join(', ')}; everyone here can use the rest.`);
  });

  test.each([
    ['subscribe', 'subscribe store-*'],
    ['mute', 'mute store-0421 2h'],
    ['mute', 'snooze all 1d'],
    ['unsubscribe', 'unsubscribe all'],
    ['unmute', 'unmute'],
  ])('a member typing %s (%j) is told who can, and nothing changes; the operator\'s works', async (name, text) => {
    if (name === 'unsubscribe' || name === 'unmute') {
      await exchange(bot, activity(bot, 'subscribe store-*', asOperator));
      await exchange(bot, activity(bot, 'mute store-0421 2h', asOperator));
    }
    const before = await state();
    const refused = await exchange(bot, activity(bot, text, asMember));
    expect(texts(refused.sent)).toEqual([expect.stringMatching(new RegExp(`^Only this bot's operators can use \`${name}\` here \\(1 person is listed in its OPERATOR_IDS setting\\); nothing was changed\\.`))]);
    expect(await state()).toBe(before);
    const done = await exchange(bot, activity(bot, text, asOperator));
    expect(texts(done.sent)[0]).not.toMatch(/operators/);
    expect(await state()).not.toBe(before);
  });

  test('read-only commands stay open to members', async () => {
    for (const text of ['status store-0421', 'subscriptions', 'mutes', 'clusters offline']) {
      const { sent } = await exchange(bot, activity(bot, text, asMember));
      expect(texts(sent).join('\n')).not.toMatch(/operators/);
    }
  });

  test('acknowledge and audit: a member is refused (nothing recorded, no trail shown); the operator is answered', async () => {
    for (const text of ['acknowledge store-0421', 'ack store-0421', 'audit', 'audit 25']) {
      const before = await state();
      const refused = await exchange(bot, activity(bot, text, asMember));
      expect(texts(refused.sent)).toEqual([expect.stringMatching(new RegExp(`^Only this bot's operators can use \`${commandOf(text.split(' ')[0])}\` here`))]);
      expect(await state()).toBe(before);
      const answered = await exchange(bot, activity(bot, text, asOperator));
      expect(texts(answered.sent).join('\n')).not.toMatch(/Only this bot's operators/);
    }
  });

  test('every card button whose command is for operators, clicked by a member (Action.Submit and Action.Execute), is refused and changes nothing; the operator\'s click runs', async () => {
    const buttons = alertingButtons();
    expect(buttons.map((b) => String(b.command).split(' ')[0])).toEqual(expect.arrayContaining(['mute', 'acknowledge']));
    for (const data of buttons) {
      const name = commandOf(String(data.command).split(' ')[0]);
      const refusal = new RegExp(`^Only this bot's operators can use \`${name}\` here`);
      await exchange(bot, activity(bot, 'unmute', asOperator));
      const before = await state();
      const submit = await exchange(bot, { ...activity(bot, '', { ...asMember, value: data, mention: false }), replyToId: 'alert-1' });
      expect(texts(submit.sent)).toEqual([expect.stringMatching(refusal)]);
      // Posted below the card, which stays as it was for everyone.
      expect(submit.methods).toEqual(['POST']);
      // An Action.Execute click is answered in the invoke response, to the clicker alone: nothing posted, the card unchanged.
      const execute = await exchange(bot, executeClick(bot, data, asMember));
      expect(execute.sent).toEqual([]);
      expect(JSON.parse(execute.body)).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(refusal) });
      expect(await state()).toBe(before);

      const byOperator = await exchange(bot, executeClick(bot, data, asOperator));
      const shown = [JSON.parse(byOperator.body).value, ...byOperator.sent].map((v) => (typeof v === 'string' ? v : visibleText(v))).join('\n');
      expect(shown).not.toMatch(/Only this bot's operators/);
      if (name === 'mute') {
        expect(shown).toMatch(/Muted/);
        expect(await state()).not.toBe(before);
      }
    }
  });
});

describe('without OPERATOR_IDS everyone in the tenant may change alerting', () => {
  test('a member subscribes, and the help card says so', async () => {
    const bot = await startTestBot();
    try {
      const { sent } = await exchange(bot, activity(bot, 'subscribe store-*'));
      expect(texts(sent)[0]).toContain('Subscribed #1');
      const help = await exchange(bot, activity(bot, 'help'));
      expect(texts(help.sent)[0]).toContain('Everyone in this organisation can use every command, subscribe, unsubscribe, mute, unmute, acknowledge, audit included');
    } finally {
      await bot.stop();
    }
  });
});
