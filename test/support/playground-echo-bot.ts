import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import restify from 'restify';

/**
 * A tiny restify + CloudAdapter bot on loopback (empty MicrosoftAppId, so no auth), used to learn
 * and self-test the Agents Playground driver without the real bot:
 *  - "card <title>" answers with an Adaptive Card titled <title> with a "Ping" button
 *    (Action.Submit with data.command = "ping", the same shape the real bot's buttons use);
 *  - "ping" (typed, or the button) answers "pong";
 *  - anything else is echoed as "echo: <text>" (mention stripped), with the conversation type.
 */
export interface EchoBot {
  endpoint: string;
  received: { text?: string; conversationType?: string; value?: unknown }[];
  close(): Promise<void>;
}

export async function startEchoBot(): Promise<EchoBot> {
  const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });
  const adapter = new CloudAdapter(auth);
  const received: EchoBot['received'] = [];
  const bot = new (class extends ActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context, next) => {
        const value = context.activity.value as { command?: string } | undefined;
        TurnContext.removeRecipientMention(context.activity);
        const text = (value?.command ?? context.activity.text ?? '').trim();
        received.push({ text, conversationType: context.activity.conversation.conversationType, value });
        if (text.startsWith('card ')) {
          const title = text.slice('card '.length);
          await context.sendActivity(
            MessageFactory.attachment(
              CardFactory.adaptiveCard({
                $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                type: 'AdaptiveCard',
                version: '1.5',
                body: [
                  { type: 'TextBlock', text: title, weight: 'bolder', size: 'medium', wrap: true },
                  { type: 'FactSet', facts: [{ title: 'Status', value: 'Connected' }] },
                ],
                actions: [{ type: 'Action.Submit', title: 'Ping', data: { command: 'ping' } }],
              }),
            ),
          );
        } else if (text === 'ping') {
          await context.sendActivity('pong');
        } else {
          await context.sendActivity(`echo: ${text} (${context.activity.conversation.conversationType ?? 'unknown'})`);
        }
        await next();
      });
    }
  })();

  const server = restify.createServer({ name: 'playground-echo-bot' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
