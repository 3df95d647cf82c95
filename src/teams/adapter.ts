import { randomUUID } from 'node:crypto';
import {
  type Activity,
  CallerIdConstants,
  CloudAdapter,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config/config';
import type { Logger } from '../core/logger';
import { type AuthenticateRequestResult, DeadlineCredentialFactory, PolicyBotFrameworkAuthentication } from './connector-call-policy';
import { quietTokenValidationNoise } from './quiet-token-validation';

/**
 * CloudAdapter whose two steps the HTTP edge calls separately, so that it decides every status code
 * itself: `authenticate` (any failure is the caller's: 401) and `processAuthenticated` (a failure is
 * ours: 500). CloudAdapter.process answers 500 with the error text for token errors that are not an
 * AuthenticationError (bad signature, `alg: none`, HS256), which is both wrong and a leak.
 */
export class ArcAdapter extends CloudAdapter {
  constructor(private readonly authentication: PolicyBotFrameworkAuthentication, readonly authenticationEnabled: boolean) {
    super(authentication);
  }

  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.authentication.authenticateRequest(activity, authHeader);
  }

  processAuthenticated(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, withDates(activity), logic);
  }
}

/** An error from a Bot Connector call (an HTTP status, or the call was cancelled / could not connect). */
function isConnectorFailure(error: unknown): boolean {
  const e = error as { name?: unknown; statusCode?: unknown; code?: unknown } | undefined;
  return e?.name === 'RestError' || e?.name === 'AbortError' || e?.name === 'TimeoutError' || typeof e?.statusCode === 'number' || e?.code === 'ECONNREFUSED';
}

/**
 * Overriding any one endpoint makes botframework-connector take every endpoint from the settings
 * (BotFrameworkAuthenticationFactory.create), so the other public-cloud values must be given too.
 * They are the Bot Framework's published endpoints
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication).
 */
function publicCloudWithChannelMetadata(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** What CloudAdapter.process does to a parsed body before the turn: ISO timestamps become Dates, the raw strings kept. */
function withDates(activity: Activity): Activity {
  const a = activity as unknown as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field] as string);
    }
  }
  return activity;
}

/**
 * CloudAdapter with Bot Framework authentication from the standard settings (SDK setting names,
 * https://learn.microsoft.com/en-us/azure/bot-service/bot-builder-authentication): enforced whenever
 * MicrosoftAppId is set; anonymous (Agents Playground, local tests) only when it is empty. Its
 * connector clients make one request per call with a deadline (connector-call-policy.ts).
 */
export function createAdapter(config: AppConfig, logger: Logger): ArcAdapter {
  const settings = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
    ...(config.bot.openIdMetadataUrl ? publicCloudWithChannelMetadata(config.bot.openIdMetadataUrl) : {}),
  };
  const credentials = new DeadlineCredentialFactory(settings, config.bot.tokenTimeoutMs);
  const auth = new PolicyBotFrameworkAuthentication(settings, credentials, config.bot.connectorTimeoutMs);
  const adapter = new ArcAdapter(auth, !!config.bot.appId);
  if (config.bot.appId) quietTokenValidationNoise();
  if (!config.bot.appId) {
    // With the local Agents Playground that is the intended set-up (it needs an empty app id):
    // said plainly, not as a warning on every `npm start`. Without it, it is worth a warning.
    const note = 'MicrosoftAppId is empty: Bot Framework authentication is OFF (fine for the Agents Playground and local tests; never in production)';
    if (config.playground.enabled) logger.info(note);
    else logger.warn(note);
  }
  adapter.onTurnError = async (turn, error) => {
    const reference = randomUUID();
    logger.error('unhandled error in turn', { correlationId: reference, error, activityType: turn.activity?.type });
    try {
      // When the connector itself failed (refused, timed out), another message to it would fail the same way.
      if (turn.activity?.type === 'message' && !isConnectorFailure(error)) {
        await turn.sendActivity(`Sorry, something went wrong on my side (reference ${reference.slice(0, 8)}). Please try again.`);
      }
    } catch (sendError) {
      logger.error('could not tell the user about an error', { correlationId: reference, error: sendError as Error });
    }
  };
  return adapter;
}
