import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';
import { OpenIdStandIn } from '../support/openid-standin';

/**
 * Bot Framework authentication over HTTP, against a loopback OpenID metadata/JWKS stand-in that
 * signs with a test RSA key: a genuine token is accepted; every forgery or misuse is 401 with the
 * body "unauthorized" (nothing more), reaches no bot logic (no connector call), and is never a 500.
 */
const APP_ID = '0b5e1c2d-3f4a-4b6c-8d9e-0f1a2b3c4d5e';
const APP_PASSWORD = 'test-app-password';

let bot: TestBot;
const openId = new OpenIdStandIn();

beforeAll(async () => {
  const metadataUrl = await openId.start();
  bot = await startTestBot({
    env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppType: 'MultiTenant', ToBotFromChannelOpenIdMetadataUrl: metadataUrl },
  });
});
afterAll(async () => {
  await bot?.stop();
  await openId.close();
});

/** An activity the bot takes without answering (no outbound call, which would need a real Entra token). */
const quietActivity = () => ({ ...teamsMessage('status store-0421', bot.connector.url), type: 'typing' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test('a genuine channel token is accepted (the control for every case below)', async () => {
  const res = await bot.post(quietActivity(), bearer(openId.signRs256(openId.claims(APP_ID, bot.connector.url))));
  expect(res.status).toBe(200);
});

const forgeries: [string, () => Record<string, string>][] = [
  ['no Authorization header', () => ({})],
  ['a header that is not a bearer JWT', () => ({ authorization: 'Basic dXNlcjpwYXNz' })],
  ['a bearer token that is not a JWT', () => ({ authorization: 'Bearer not-a-token' })],
  ['a bad signature (signed by another key under the trusted kid)', () => bearer(openId.signRs256(openId.claims(APP_ID, bot.connector.url), { signer: 'stranger' }))],
  ['alg: none', () => bearer(openId.unsigned(openId.claims(APP_ID, bot.connector.url)))],
  ['HS256 keyed with the app password', () => bearer(openId.signHs256(openId.claims(APP_ID, bot.connector.url), APP_PASSWORD))],
  ['an expired token', () => bearer(openId.signRs256(openId.claims(APP_ID, bot.connector.url, { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 })))],
  ['a token for another bot (wrong audience)', () => bearer(openId.signRs256(openId.claims('11111111-2222-3333-4444-555555555555', bot.connector.url)))],
  ['a token from another issuer', () => bearer(openId.signRs256(openId.claims(APP_ID, bot.connector.url, { iss: 'https://evil.example' })))],
  ['a token for another serviceUrl', () => bearer(openId.signRs256(openId.claims(APP_ID, 'https://evil.example/')))],
  ['an unknown signing key id', () => bearer(openId.signRs256(openId.claims(APP_ID, bot.connector.url), { kid: 'unknown-key' }))],
  ['a tampered payload', () => {
    const [header, , signature] = openId.signRs256(openId.claims(APP_ID, bot.connector.url)).split('.');
    const payload = Buffer.from(JSON.stringify(openId.claims(APP_ID, bot.connector.url, { exp: 9_999_999_999 }))).toString('base64url');
    return bearer(`${header}.${payload}.${signature}`);
  }],
];

test.each(forgeries)('%s: 401 "unauthorized", and the bot never runs', async (_label, headers) => {
  const callsBefore = bot.connector.calls.length;
  const res = await bot.post(teamsMessage('status store-0421', bot.connector.url), headers());
  expect(res.status).toBe(401);
  expect(res.body).toBe('unauthorized');
  expect(bot.connector.calls.length).toBe(callsBefore);
});

test('nothing about a rejected token reaches the log except that it was rejected', async () => {
  const token = openId.signHs256(openId.claims(APP_ID, bot.connector.url), APP_PASSWORD);
  bot.logger.lines.length = 0;
  await bot.post(teamsMessage('status store-0421', bot.connector.url), bearer(token));
  const logged = JSON.stringify(bot.logger.lines);
  expect(logged).not.toContain(token.split('.')[2]);
  expect(logged).not.toContain(APP_PASSWORD);
  expect(bot.logger.lines.map((l) => l.msg)).toEqual(['request rejected: authentication failed']);
});

describe('when the signing keys cannot be loaded', () => {
  const downKeys = new OpenIdStandIn();
  let keyless: TestBot;
  beforeAll(async () => {
    const metadataUrl = await downKeys.start();
    downKeys.failing = true;
    keyless = await startTestBot({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, ToBotFromChannelOpenIdMetadataUrl: metadataUrl } });
  });
  afterAll(async () => {
    await keyless?.stop();
    await downKeys.close();
  });

  test('a genuine token gets 503 "service unavailable" (our outage, retried by the channel), not 401 or 500', async () => {
    const token = downKeys.signRs256(downKeys.claims(APP_ID, keyless.connector.url));
    const res = await keyless.post({ ...teamsMessage('status store-0421', keyless.connector.url), type: 'typing' }, bearer(token));
    expect(res).toEqual({ status: 503, body: 'service unavailable' });
  });
});
