import { ManualClock } from '../../../src/core/clock';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { startTestBot, type TestBot } from '../../support/bot-harness';
import { cardOf, visibleText } from '../../support/connector-standin';
import { buttonCommands } from './transcript';

/**
 * The Fix feature through the real composed app: restify + CloudAdapter + the bot + the
 * Storage-backed DialogHost, talking to a Bot Connector stand-in on loopback.
 */
const clock = new ManualClock('2026-11-01T12:00:00Z');
const storage = new MemoryStorage();
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ env: { FLEET_MAX_AGE_SECONDS: '0' }, clock, storage });
});
afterAll(async () => bot?.stop());

const ANA = { scope: 'channel' as const, userId: '29:ana', userName: 'Ana' };
const BO = { scope: 'channel' as const, userId: '29:bo', userName: 'Bo' };

/** An answer in a running dialog: the previous card is switched off (an update), then the next card is posted. */
async function next(text: string, opts: Parameters<TestBot['say']>[1]): Promise<Record<string, any>> {
  const [switchedOff, posted] = await bot.say(text, { ...opts, replies: 2 });
  expect(visibleText(switchedOff)).toMatch(/The diagnosis goes on in the card below\.|This diagnosis has finished/);
  return posted;
}

describe('diagnose over HTTP', () => {
  test('two people in one channel, card clicks and typed answers, each in their own dialog', async () => {
    const [a1] = await bot.say('diagnose store-0421', ANA);
    expect(visibleText(a1)).toContain('Diagnose store-0421 · step 1: Is the cluster up?');
    expect(buttonCommands(cardOf(a1))).toEqual(['yes', 'no', 'skip', 'back', 'help', 'cancel']);

    const [b1] = await bot.say('diagnose store-0519', BO);
    expect(visibleText(b1)).toContain('Diagnose store-0519 · step 1: Certificate expired');

    // Ana clicks "yes" on her card (Action.Submit: the value carries the command text)
    const a2 = await next('', { ...ANA, value: { command: 'yes' } });
    expect(visibleText(a2)).toContain('step 2: Are the Arc agents healthy?');

    // Bo types his answer with an @mention
    const b2 = await next('no', BO);
    expect(visibleText(b2)).toContain('Findings for store-0519');
    expect(visibleText(b2)).toContain('Managed identity certificate expired');

    // Ana pastes kubectl output (the mention is stripped, line breaks kept)
    const a3 = await next('NAME READY STATUS RESTARTS AGE\nconfig-agent-7f6d8b9c5-kx2lq 0/2 Pending 0 3m', ANA);
    expect(visibleText(a3)).toContain('Agent pods are Pending: not enough resources');
    expect(Buffer.byteLength(JSON.stringify(cardOf(a3)))).toBeLessThan(28 * 1024);
  });

  test('a command typed in the middle of a dialog interrupts it; "help" stays in the dialog', async () => {
    await bot.say('diagnose store-0421', ANA);
    const help = await next('help', ANA);
    expect(visibleText(help)).toContain('Arc can only heartbeat when the cluster runs.');
    const [status] = await bot.say('status store-0421', ANA);
    expect(visibleText(status)).not.toContain('Diagnose store-0421');
  });

  test('unknown cluster: suggestions, no dialog (the next "yes" is not taken as an answer)', async () => {
    const [r] = await bot.say('diagnose store-042', { userId: '29:cy' });
    // the same not-found card as `status` (name in bold, suggestions as buttons)
    expect(visibleText(r)).toMatch(/could not find a cluster named \*\*store-042\*\*[\s\S]*\[store-0421\]/);
    const [next] = await bot.say('yes', { userId: '29:cy' });
    expect(visibleText(next)).not.toMatch(/Diagnose /);
  });

  test('endpoints, probe and pasted AZK8S errors answer without a dialog', async () => {
    const [e] = await bot.say('endpoints westeurope features cluster-connect', { userId: '29:dee' });
    expect(visibleText(e)).toContain('westeurope.obo.arc.azure.com:8084');
    const [p] = await bot.say('probe factory-lyon-02', { userId: '29:dee' });
    expect(visibleText(p)).toContain('kubectl run arcprobe');
    expect(visibleText(p)).toContain('private IPs');
    const [z] = await bot.say('(X) [AZK8S0502] HelmChartPullFailed: failed to pull chart', { userId: '29:dee' });
    expect(visibleText(z)).toContain('HelmChartPullFailed');
    const [pods] = await bot.say('NAME READY STATUS RESTARTS AGE\nclusteridentityoperator-5b9f7b8c9d-zt7wm 1/2 CrashLoopBackOff 9 (1m ago) 40m', { userId: '29:dee' });
    expect(visibleText(pods)).toContain('clusteridentityoperator-5b9f7b8c9d-zt7wm: CrashLoopBackOff (1/2 ready)');
  });

  test('a 100 KB paste gets "I could not read that" with the understood formats', async () => {
    const [r] = await bot.say(`NAME READY STATUS\n${'x'.repeat(100 * 1024)}`, { userId: '29:eve' });
    // the router may refuse it before the pasted-text handler does; either way the user learns what is understood
    expect(visibleText(r)).toMatch(/^I could not read that/);
    expect(visibleText(r)).toContain('kubectl get pods -n azure-arc');
  });
});
