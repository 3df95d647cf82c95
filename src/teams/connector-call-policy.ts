import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Activity, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, ConfigurationServiceClientCredentialFactory,
  type ConfigurationServiceClientCredentialFactoryOptions,
} from 'botbuilder';
import { DeadlineError, withDeadline } from '../core/deadline';

// botbuilder does not re-export these botframework-connector types; derive them from what it does export.
type BotFrameworkAuthentication = ConfigurationBotFrameworkAuthentication;
export type AuthenticateRequestResult = Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;
type ClaimsIdentity = Parameters<BotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<BotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type ServiceClientCredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

/**
 * How every call to the Bot Connector REST API is made, whoever makes it (a reply inside a turn, a
 * proactive send, a member lookup):
 *
 * - **Exactly one HTTP request per call.** The connector client is built on core-rest-pipeline, whose
 *   default retry policy re-sends on 429/5xx/network errors up to 3 more times and sleeps for any
 *   Retry-After it is given (https://learn.microsoft.com/en-us/javascript/api/@azure/core-rest-pipeline/retrypolicyoptions).
 *   botbuilder offers no option to turn it off, so it is removed from each client's pipeline: the
 *   outbox is the one retry policy, per conversation, and it honours Retry-After itself.
 * - **A deadline for the token.** The bot's own Entra token (fetched by MSAL or the managed identity
 *   before a request is signed) is given up after `tokenTimeoutMs`: MSAL takes no signal, and a
 *   hanging token endpoint would otherwise hold the call with no limit at all.
 * - **A deadline.** A call inside `withConnectorSignal` is cancelled when that signal aborts (the
 *   proactive sender's timeout, or shutdown); any other call is cancelled after `callTimeoutMs`.
 *   Cancelling aborts the request itself, so an abandoned send cannot reach Teams later.
 */
const callSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` so that every connector request it makes is cancelled when `signal` aborts. */
export function withConnectorSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return callSignal.run(signal, work);
}

/** The part of core-rest-pipeline's Pipeline this module touches (kept structural: no extra dependency). */
interface PipelineLike {
  removePolicy(options: { name?: string; phase?: string }): unknown[];
  addPolicy(policy: { name: string; sendRequest(request: RequestLike, next: (request: RequestLike) => Promise<unknown>): Promise<unknown> }): void;
}
interface RequestLike { abortSignal?: AbortSignal }

export const DEADLINE_POLICY_NAME = 'arcConnectorDeadline';

/** Takes the SDK's retry out of a connector client and puts the deadline in. Throws if botbuilder changed shape. */
export function applyCallPolicy(client: ConnectorClient, callTimeoutMs: number): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
  if (!pipeline || typeof pipeline.removePolicy !== 'function') {
    throw new Error('botbuilder ConnectorClient has no core-rest-pipeline pipeline: cannot disable its inner retry');
  }
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.removePolicy({ name: DEADLINE_POLICY_NAME });
  pipeline.addPolicy({
    name: DEADLINE_POLICY_NAME,
    sendRequest(request, next) {
      const signals = [callSignal.getStore() ?? AbortSignal.timeout(callTimeoutMs)];
      if (request.abortSignal) signals.push(request.abortSignal);
      request.abortSignal = AbortSignal.any(signals);
      return next(request);
    },
  });
  return client;
}

class PolicyConnectorFactory implements ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory, private readonly callTimeoutMs: number) {}

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return applyCallPolicy(await this.inner.create(serviceUrl, audience), this.callTimeoutMs);
  }
}

/**
 * Bot Framework authentication from the standard settings whose connector clients (for replies and
 * proactive sends alike) follow the call policy above.
 */
export class PolicyBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(settings: ConfigurationBotFrameworkAuthenticationOptions, credentials: ServiceClientCredentialsFactory, private readonly callTimeoutMs: number) {
    super(settings, credentials);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (result.connectorFactory) result.connectorFactory = new PolicyConnectorFactory(result.connectorFactory, this.callTimeoutMs);
    return result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new PolicyConnectorFactory(super.createConnectorFactory(claimsIdentity), this.callTimeoutMs);
  }
}

type Credentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']>>;
const DEADLINED = Symbol('tokenDeadline');

/** The standard credentials from the settings, whose token fetch has a deadline (see the top of this file). */
const BOT_TOKEN = 'the bot\'s Entra token';

/** True when `error` is the bot's own token missing its deadline: no reply can reach Teams until it answers. */
export function isBotTokenTimeout(error: unknown): boolean {
  return error instanceof DeadlineError && error.what === BOT_TOKEN;
}

export class DeadlineCredentialFactory extends ConfigurationServiceClientCredentialFactory {
  constructor(settings: ConfigurationServiceClientCredentialFactoryOptions, private readonly tokenTimeoutMs: number) {
    super(settings);
  }

  override async createCredentials(appId: string, audience: string, loginEndpoint: string, validateAuthority: boolean): Promise<Credentials> {
    const credentials = await super.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    // Anonymous (no app id) credentials are one shared object that never fetches a token.
    const fetcher = credentials as Credentials & { getToken?: (forceRefresh?: boolean) => Promise<string>; [DEADLINED]?: true };
    if (typeof fetcher.getToken !== 'function' || fetcher[DEADLINED] || (await this.isAuthenticationDisabled())) return credentials;
    const getToken = fetcher.getToken.bind(fetcher);
    fetcher.getToken = (forceRefresh?: boolean) => withDeadline(BOT_TOKEN, this.tokenTimeoutMs, () => getToken(forceRefresh));
    fetcher[DEADLINED] = true;
    return credentials;
  }
}
