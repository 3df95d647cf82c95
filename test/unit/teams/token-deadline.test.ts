import { MsalAppCredentials } from 'botframework-connector';
import { DeadlineCredentialFactory } from '../../../src/teams/connector-call-policy';

/**
 * The bot's own token (MSAL for an app id with a secret) is fetched under our deadline. MSAL's
 * network call is replaced by one that never answers; the HTTP-level proof with a real hanging
 * token endpoint is test/integration/token-deadline.test.ts (managed identity).
 */
describe('DeadlineCredentialFactory', () => {
  const settings = { MicrosoftAppId: '0b5e1c2d-3f4a-4b6c-8d9e-0f1a2b3c4d5e', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' };

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  test('an MSAL token fetch that never answers fails at the deadline, as a timeout', async () => {
    jest.useFakeTimers();
    const hang = jest.spyOn(MsalAppCredentials.prototype, 'getToken').mockImplementation(() => new Promise(() => {}));
    const credentials = await new DeadlineCredentialFactory(settings, 2000).createCredentials(settings.MicrosoftAppId, 'https://api.botframework.com', 'https://login.microsoftonline.com/botframework.com', true);
    const pending = (credentials as unknown as { getToken(): Promise<string> }).getToken().catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(2000);
    expect(hang).toHaveBeenCalled();
    await expect(pending).resolves.toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  });

  test('a token that comes in time is used as it is; anonymous credentials (no app id) are left alone', async () => {
    jest.spyOn(MsalAppCredentials.prototype, 'getToken').mockResolvedValue('the-token');
    const credentials = await new DeadlineCredentialFactory(settings, 2000).createCredentials(settings.MicrosoftAppId, 'https://api.botframework.com', 'https://login.microsoftonline.com/botframework.com', true);
    await expect((credentials as unknown as { getToken(): Promise<string> }).getToken()).resolves.toBe('the-token');
    const anonymous = new DeadlineCredentialFactory({ MicrosoftAppId: '', MicrosoftAppPassword: '' }, 2000);
    const empty = await anonymous.createCredentials('', 'https://api.botframework.com', 'https://login.microsoftonline.com/botframework.com', true);
    expect(Object.getOwnPropertyNames(empty)).not.toContain('getToken');
  });
});
