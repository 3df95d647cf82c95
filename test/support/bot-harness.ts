import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';
import type { TokenCredential } from '@azure/identity';
import { loadConfig } from '../../src/config/config';
import { type App, composeApp } from '../../src/compose';
import type { Clock } from '../../src/core/clock';
import { createMemoryLogger } from '../../src/core/logger';
import { ConnectorStandIn } from './connector-standin';

export type Scope = 'personal' | 'groupChat' | 'channel';

export interface TestBot {
  app: App;
  url: string;
  connector: ConnectorStandIn;
  logger: ReturnType<typeof createMemoryLogger>;
  /** POSTs an activity to /api/messages; resolves with the HTTP status and body. */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Sends a message as a user in a scope and waits until `replies` activities arrived for it. */
  say(text: string, opts?: MessageOptions & { replies?: number }): Promise<Record<string, any>[]>;
  stop(): Promise<void>;
}

export interface MessageOptions {
  scope?: Scope;
  conversationId?: string;
  userId?: string;
  userName?: string;
  /** The sender's Entra object id (default: a fixed test user's). */
  aadObjectId?: string;
  value?: Record<string, unknown>;
  /** In a channel, whether to include the bot's @mention (Teams only delivers mentioned messages there). */
  mention?: boolean;
  /** Bot Framework channel (default msteams). */
  channelId?: string;
}

export const BOT_ID = '28:arc-connectivity-bot';
export const BOT_NAME = 'Arc Bot';
export const TENANT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** A Teams-shaped message activity as the Bot Connector delivers it. */
export function teamsMessage(text: string, serviceUrl: string, opts: MessageOptions = {}): Record<string, any> {
  const scope = opts.scope ?? 'personal';
  const conversationId = opts.conversationId ?? (scope === 'channel' ? '19:general@thread.tacv2' : scope === 'groupChat' ? '19:group-chat@thread.v2' : 'a:personal-chat');
  const mention = scope !== 'personal' && opts.mention !== false;
  const fullText = mention ? `<at>${BOT_NAME}</at> ${text}` : text;
  const activity: Record<string, any> = {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: opts.channelId ?? 'msteams',
    serviceUrl,
    from: { id: opts.userId ?? '29:user-alex', name: opts.userName ?? 'Alex Admin', aadObjectId: opts.aadObjectId ?? '00000000-0000-0000-0000-0000000000a1' },
    recipient: { id: BOT_ID, name: BOT_NAME },
    conversation: {
      id: conversationId,
      conversationType: scope,
      tenantId: TENANT_ID,
      ...(scope !== 'personal' ? { isGroup: true } : {}),
    },
    channelData: {
      tenant: { id: TENANT_ID },
      ...(scope === 'channel' ? { team: { id: '19:team@thread.tacv2' }, channel: { id: conversationId } } : {}),
    },
    text: fullText,
    textFormat: 'plain',
    locale: 'en-US',
  };
  if (mention) {
    activity.entities = [{ type: 'mention', text: `<at>${BOT_NAME}</at>`, mentioned: { id: BOT_ID, name: BOT_NAME } }];
  }
  if (opts.value) {
    activity.value = opts.value;
    delete activity.text;
  }
  return activity;
}

/** Starts the real composed app (restify + CloudAdapter + bot) on loopback port 0, with a connector stand-in. */
export async function startTestBot(
  options: { env?: Record<string, string>; clock?: Clock; storage?: Storage; credential?: TokenCredential } = {},
): Promise<TestBot> {
  const connector = new ConnectorStandIn();
  const serviceUrl = await connector.start();
  const logger = createMemoryLogger();
  // With an app id the bot must name the tenants it serves: the tenant of teamsMessage() unless a test says otherwise.
  const tenants = options.env?.MicrosoftAppId ? { ALLOWED_TENANT_IDS: TENANT_ID } : {};
  // Suites fire many messages from one user in a second; the flood tests set their own limits.
  const noFloodLimit = { FLOOD_USER_MESSAGES_PER_MINUTE: '100000', FLOOD_CONVERSATION_MESSAGES_PER_MINUTE: '100000' };
  const config = loadConfig({ PORT: '0', PLAYGROUND: 'off', STORAGE: 'memory', MicrosoftAppId: '', ...noFloodLimit, ...tenants, ...options.env });
  const app = await composeApp(config, logger, { clock: options.clock, storage: options.storage, credential: options.credential });
  const url = await app.start();

  const post = async (activity: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text() };
  };

  return {
    app,
    url,
    connector,
    logger,
    post,
    async say(text, opts = {}) {
      const activity = teamsMessage(text, serviceUrl, opts);
      const before = connector.delivered().length;
      const res = await post(activity);
      if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}: ${res.body}`);
      const wanted = opts.replies ?? 1;
      const calls = await connector.waitFor(before + wanted);
      return calls.slice(before).map((c) => c.activity);
    },
    async stop() {
      await app.stop();
      await connector.close();
    },
  };
}
