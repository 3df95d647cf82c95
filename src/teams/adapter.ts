import { randomUUID } from 'node:crypto';
import {
  type Activity,
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config/config';
import type { Logger } from '../core/logger';
import { type AuthenticateRequestResult, PolicyBotFrameworkAuthentication } from './connector-call-policy';

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
    return this.processActivity(auth, activity, logic);
  }
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
    ...(config.bot.openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl } : {}),
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new PolicyBotFrameworkAuthentication(settings, credentials, config.bot.connectorTimeoutMs);
  const adapter = new ArcAdapter(auth, !!config.bot.appId);
  if (!config.bot.appId) {
    logger.warn('MicrosoftAppId is empty: Bot Framework authentication is OFF (fine for the Agents Playground and local tests; never in production)');
  }
  adapter.onTurnError = async (turn, error) => {
    const reference = randomUUID();
    logger.error('unhandled error in turn', { correlationId: reference, error, stack: error?.stack, activityType: turn.activity?.type });
    try {
      if (turn.activity?.type === 'message') {
        await turn.sendActivity(`Sorry, something went wrong on my side (reference ${reference.slice(0, 8)}). Please try again.`);
      }
    } catch (sendError) {
      logger.error('could not tell the user about an error', { correlationId: reference, error: sendError as Error });
    }
  };
  return adapter;
}
