import { shownText } from '../support/shown-text';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../src/core/clock';
import { BUNDLED_DEMO_FLEET_FILE } from '../../src/core/project-root';
import { cardOf, visibleText } from '../support/connector-standin';
import { startTestBot, type TestBot, teamsMessage } from '../support/bot-harness';

// The bundled fleet is anchored at 2026-11-01T12:00Z; a DEMO_FLEET_FILE is served exactly as written.
const clock = new ManualClock('2026-11-01T12:00:00Z');
let bot: TestBot;
let fleetFile: string;
let dir: string | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'arc-ask-'));
  fleetFile = path.join(dir, 'fleet.json');
  copyFileSync(BUNDLED_DEMO_FLEET_FILE, fleetFile);
  bot = await startTestBot({ env: { DEMO_FLEET_FILE: fleetFile, FLEET_MAX_AGE_SECONDS: '0' }, clock });
});
afterAll(async () => {
  await bot?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('status over HTTP in every Teams scope', () => {
  test('personal chat: status <cluster> answers one Adaptive Card with the status, heartbeat age and buttons', async () => {
    const [reply] = await bot.say('status store-0421');
    const card = cardOf(reply)!;
    expect(card.version).toBe('1.5');
    expect(reply.text).toBeUndefined(); // card alone: Teams splits text + attachment
    const shown = visibleText(reply);
    expect(shown).toContain('store-0421');
    expect(shown).toContain('Offline');
    expect(shown).toContain('Last heartbeat: 41 min ago (');
    expect(shown).toMatch(/Certificate: 38 days left \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\) ⚠️ at risk of Expired/);
    expect(shown).toMatch(/^⏳ Certificate expires .* UTC \(in 38 d/m);
    expect(shown).toContain('[Refresh]');
    expect(shown).toContain('[Diagnose]');
    expect(shown).toContain('[Open in Azure portal]');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });

  test('group chat and channel with an @mention get the same answer, in their own conversation', async () => {
    const [group] = await bot.say('STATUS Store-0421', { scope: 'groupChat' });
    expect(visibleText(group)).toContain('is **Offline**');
    const [channel] = await bot.say('status store-0421', { scope: 'channel' });
    expect(visibleText(channel)).toContain('is **Offline**');
    const last = bot.connector.calls.at(-1)!;
    expect(last.conversationId).toBe('19:general@thread.tacv2');
  });

  test('a channel that renders no cards gets the readable text version', async () => {
    const [reply] = await bot.say('status store-0421', { channelId: 'sms' });
    expect(reply.attachments ?? []).toHaveLength(0);
    expect(shownText(reply)).toContain('store-0421: Offline (at risk of Expired (certificate 38 days left))');
    expect(shownText(reply)).toContain('Last heartbeat: 41 min ago');
  });

  test('a card button (Action.Submit data.command) works like typing the command', async () => {
    const [reply] = await bot.say('', { value: { command: 'status store-0610' } });
    expect(visibleText(reply)).toContain('heartbeat stale');
  });

  test('a typo gets "did you mean" suggestions, not an error', async () => {
    const [reply] = await bot.say('status stor-0421');
    const shown = visibleText(reply);
    expect(shown).toContain('could not find a cluster named **stor-0421**');
    expect(shown).toContain('[store-0421]');
  });

  test('a name in two resource groups asks which one, and the choice resolves by resource id', async () => {
    const [reply] = await bot.say('status edge-gw');
    const card = cardOf(reply)!;
    expect(visibleText(reply)).toContain('exists 2 times');
    const choice = card.body.map((row: any) => row.selectAction).find((a: any) => a?.title.startsWith('rg-lab'));
    const [answer] = await bot.say('', { value: choice.data });
    expect(visibleText(answer)).toContain('Resource group: rg-lab');
  });

  test('hostile names are answered as invalid, never passed on', async () => {
    const [reply] = await bot.say(`status x' | project secrets //`);
    expect(shownText(reply)).toContain('is not a valid cluster name');
  });

  test('status alone gives the fleet summary with counts and attention order (Expired first)', async () => {
    const [reply] = await bot.say('status');
    const shown = visibleText(reply);
    expect(shown).toContain('Fleet at a glance: 48 clusters');
    expect(shown).toMatch(/Offline: 8/);
    const firstAttention = shown.split('\n').find((l) => l.includes(' · '))!;
    expect(firstAttention).toContain('store-0519');
  });

  test('clusters offline in westeurope lists matching clusters with paging text', async () => {
    const [reply] = await bot.say('clusters offline in westeurope');
    const shown = visibleText(reply);
    expect(shown).toContain('Showing 1-3 of 3');
    expect(shown).toContain('store-0421');
    expect(shown).not.toContain('factory-ber-02');
  });

  test('clusters pages by 20 with a Next button that carries the filter', async () => {
    const [reply] = await bot.say('clusters connected');
    const card = cardOf(reply)!;
    expect(visibleText(reply)).toContain('Showing 1-20 of 36');
    const next = card.actions.find((a: any) => a.title === 'Next');
    expect(next.data.command).toBe('clusters connected page 2');
    const [page2] = await bot.say('', { value: next.data });
    expect(visibleText(page2)).toContain('Showing 21-36 of 36');
  });

  test('unknown commands get one line with the three closest commands; a bare cluster name or a sentence naming one gets its status', async () => {
    const [unknown] = await bot.say('reboot everything');
    expect(shownText(unknown)).toMatch(/^I don't know "reboot"\. Closest commands: `\w+`, `\w+`, `\w+`; `help` lists them all\.$/);
    expect(unknown.attachments ?? []).toEqual([]);
    const [typo] = await bot.say('stauts');
    expect(shownText(typo)).toMatch(/Closest commands: `status`,/);
    const [typoNamingACluster] = await bot.say('stauts store-0421');
    expect(visibleText(typoNamingACluster)).toContain('**store-0421** is **Offline**');
    const [bare] = await bot.say('store-0421');
    expect(visibleText(bare)).toContain('**store-0421** is **Offline**');
    const [sentence] = await bot.say('why is store-0421 down?');
    expect(visibleText(sentence)).toContain('**store-0421** is **Offline**');
    expect(visibleText(sentence)).toContain('[Diagnose]');
  });

  test('10 KB+ of text gets a short answer and the bot keeps working', async () => {
    const [reply] = await bot.say('status ' + 'a'.repeat(11 * 1024));
    expect(shownText(reply)).toMatch(/too long/);
    const [after] = await bot.say('status store-0421');
    expect(visibleText(after)).toContain('Offline');
  });

  test('an edit of the fleet file is seen on the next question', async () => {
    const body = JSON.parse(readFileSync(fleetFile, 'utf8'));
    const row = body.data.find((r: any) => r.name === 'store-0421');
    row.properties.connectivityStatus = 'Connected';
    row.properties.lastConnectivityTime = '2026-11-01T11:59:00Z';
    body.data.push({ ...row, id: row.id.replace('store-0421', 'store-9999'), name: 'store-9999' });
    writeFileSync(fleetFile, JSON.stringify(body));
    const [reply] = await bot.say('status store-0421');
    expect(visibleText(reply)).toContain('is **Connected**');
    const [added] = await bot.say('status store-9999');
    expect(visibleText(added)).toContain('store-9999');
  });
});

describe('HTTP edge', () => {
  test('malformed bodies get 400 and the process keeps serving', async () => {
    expect((await bot.post('{not json')).status).toBe(400);
    expect((await bot.post('[1,2,3]')).status).toBe(400);
    expect((await bot.post({ text: 'no type' })).status).toBe(400);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      clusterSource: expect.stringContaining('demo fleet'),
      monitor: { running: true, consecutiveFailures: 0, degraded: false, pendingAlerts: 0, lastSuccessfulPollAt: '2026-11-01T12:00:00.000Z' },
    });
  });

  test('a message with an unreachable serviceUrl does not crash the server', async () => {
    const res = await bot.post(teamsMessage('status store-0421', 'http://127.0.0.1:9/'));
    expect(res.status).toBeGreaterThanOrEqual(200);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
