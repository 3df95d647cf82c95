import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
} from 'botbuilder';
import restify from 'restify';

/**
 * The baseline: a bare botbuilder echo bot (restify 12 + CloudAdapter, anonymous like the bot under
 * test), the same shape as the Bot Framework "echo" sample.
 */
export async function startEchoBot(): Promise<{ url: string; stop(): Promise<void> }> {
  const settings = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)));
  const bot = new ActivityHandler();
  bot.onMessage(async (turn, next) => {
    await turn.sendActivity(MessageFactory.text(`Echo: ${turn.activity.text}`));
    await next();
  });

  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false, rejectUnknown: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (turn) => bot.run(turn));
  });
  // The same liveness answer the bot has, so start-up is compared to the same first 200.
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
