import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';
import { startManagedIdentityStandIn, type ManagedIdentityStandIn } from '../support/managed-identity-standin';
import { OpenIdStandIn } from '../support/openid-standin';

/**
 * Entra token fetches have a deadline of ours (TOKEN_TIMEOUT_SECONDS). A managed identity endpoint
 * that holds every request and never answers (the loopback stand-in, reached by the real
 * @azure/identity through IDENTITY_ENDPOINT) is the bot's token source here: a UserAssignedMSI bot
 * answering a genuine message needs it for its reply. Measured against the real deadline, never slept.
 */
const APP_ID = '0b5e1c2d-3f4a-4b6c-8d9e-0f1a2b3c4d5e';
const IDENTITY_ENV = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET'];

let bot: TestBot;
let identity: ManagedIdentityStandIn;
const openId = new OpenIdStandIn();
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  identity = await startManagedIdentityStandIn();
  for (const name of IDENTITY_ENV) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  Object.assign(process.env, identity.env());
  bot = await startTestBot({
    env: {
      MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      ToBotFromChannelOpenIdMetadataUrl: await openId.start(),
      TOKEN_TIMEOUT_SECONDS: '1',
      // No member lookup before the reply: the reply is the one call that needs the token here.
      ALLOW_GUESTS: 'true',
    },
  });
});
afterAll(async () => {
  await bot?.stop();
  await openId.close();
  await identity?.close();
  for (const name of IDENTITY_ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

test('a reply whose token never comes gives up at the token deadline; the inbound request is answered', async () => {
  identity.setHanging(true);
  const token = openId.signRs256(openId.claims(APP_ID, bot.connector.url));
  const started = Date.now();
  const res = await bot.post(teamsMessage('help', bot.connector.url, { conversationId: 'a:token-hangs' }), { authorization: `Bearer ${token}` });
  const tookMs = Date.now() - started;
  expect(res.status).toBeLessThan(500);
  // The reply waits at most the 1 s deadline, and no "sorry" waits for the same token a second time.
  expect(tookMs).toBeLessThan(2000);
  // The credential really asked the hanging endpoint, and nothing reached the connector without a token.
  expect(identity.requests.length).toBeGreaterThan(0);
  expect(bot.connector.calls.filter((c) => c.conversationId === 'a:token-hangs')).toHaveLength(0);
  expect(bot.logger.lines.filter((l) => l.msg === 'unhandled error in turn' || l.msg === 'command failed')).toEqual([]);
  expect(bot.logger.lines.filter((l) => l.msg === 'reply not sent: the bot\'s Entra token did not come in time')).toHaveLength(1);
});

// Before any token has come: the credential keeps a token it got (process-wide), which would skip the hang.
describe('with guests to tell apart (a member lookup before the reply)', () => {
  let guarded: TestBot;
  beforeAll(async () => {
    guarded = await startTestBot({
      env: {
        MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        ToBotFromChannelOpenIdMetadataUrl: openId.metadataUrl,
        TOKEN_TIMEOUT_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await guarded?.stop();
  });

  test('a lookup whose token never comes ends the turn at the token deadline, with no refusal waiting for the same token', async () => {
    identity.setHanging(true);
    const token = openId.signRs256(openId.claims(APP_ID, guarded.connector.url));
    const started = Date.now();
    const res = await guarded.post(teamsMessage('status', guarded.connector.url, { conversationId: 'a:lookup-token-hangs' }), { authorization: `Bearer ${token}` });
    const tookMs = Date.now() - started;
    expect(res.status).toBeLessThan(500);
    expect(tookMs).toBeLessThan(2000);
    expect(guarded.connector.calls).toHaveLength(0);
    expect(guarded.logger.lines.filter((l) => l.msg === 'member lookup failed: answering without fleet data')).toHaveLength(1);
    expect(guarded.logger.lines.filter((l) => l.msg === 'unhandled error in turn' || l.msg === 'message refused: user role')).toEqual([]);
  });
});

test('once the endpoint answers again, the next reply gets its token and is delivered', async () => {
  identity.setHanging(false);
  const token = openId.signRs256(openId.claims(APP_ID, bot.connector.url));
  const res = await bot.post(teamsMessage('help', bot.connector.url, { conversationId: 'a:token-back' }), { authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  const [call] = await bot.connector.waitFor(1, (c) => c.conversationId === 'a:token-back');
  expect(call.status).toBe(200);
  expect(identity.requests.at(-1)!.status).toBe(200);
});
