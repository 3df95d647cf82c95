import { randomUUID } from 'node:crypto';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { AppConfig } from '../config/config';
import type { Logger } from '../core/logger';

/**
 * CloudAdapter with Bot Framework authentication from the standard settings (https://github.com/microsoft/botbuilder-js/blob/main/libraries/botbuilder-core/src/configurationBotFrameworkAuthentication.ts):
 * enforced whenever MicrosoftAppId is set; anonymous (Agents Playground, local tests) only when it is empty.
 */
export function createAdapter(config: AppConfig, logger: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials);
  const adapter = new CloudAdapter(auth);
  if (!config.bot.appId) {
    logger.warn('MicrosoftAppId is empty: Bot Framework authentication is OFF (fine for the Agents Playground and local tests; never in production)');
  }
  adapter.onTurnError = async (turn, error) => {
    const reference = randomUUID();
    logger.error('unhandled error in turn', { correlationId: reference, error, activityType: turn.activity?.type });
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
