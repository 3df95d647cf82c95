import type { ServerResponse } from 'node:http';
import type { Request, Response } from 'restify';
import type { ActivityHandler, Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { Logger } from '../core/logger';
import { readJsonBody, type BodyLimits } from '../http/read-json-body';

/**
 * Limits on POST /api/messages, applied before any parsing. Bot messages are about 100 KB at most
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/format-your-bot-messages),
 * so 1 MB leaves room for activity envelopes and card submit values without letting one request
 * take much memory. The depth bound keeps recursive walks of card submit values (and JSON.parse
 * itself) far from the stack limit while accepting any card a person can click.
 */
export const MESSAGE_BODY_LIMITS: BodyLimits = { maxBytes: 1024 * 1024, maxDepth: 256, readTimeoutMs: 10_000 };

/** A Bot Framework token is a JWT in an `Authorization: Bearer` header (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication). */
const BEARER_JWT = /^Bearer [\w-]+\.[\w-]*\.[\w-]*$/;

/** The two steps of an inbound turn, kept apart so this edge decides every status code (src/teams/adapter.ts implements it). */
export interface InboundAdapter {
  /** False only with an empty MicrosoftAppId (Agents Playground, local tests). */
  readonly authenticationEnabled: boolean;
  /** Validates the token for this activity; throws on any failure (the caller's fault: 401). */
  authenticate(activity: Activity, authHeader: string): Promise<unknown>;
  /** Runs the turn with what `authenticate` returned; throws only for our own faults (500). */
  processAuthenticated(auth: never, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined>;
}

export interface MessagesDeps {
  adapter: InboundAdapter;
  bot: ActivityHandler;
  logger: Logger;
}

/**
 * POST /api/messages, in order of cost: a request without a bearer token is refused before its body
 * is read; the body is read with hard limits; the token is validated; only then does the bot run.
 * Every authentication failure is 401 "unauthorized"; a fault of ours is 500 "internal error";
 * neither echoes an internal message.
 */
export function createMessagesEndpoint(deps: MessagesDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const authHeader = String(req.headers.authorization ?? '');
    if (deps.adapter.authenticationEnabled && !BEARER_JWT.test(authHeader)) {
      deps.logger.warn('request rejected: no bearer token', { remote: req.socket?.remoteAddress });
      return answer(res, 401, 'unauthorized', { closeConnection: true });
    }
    const body = await readJsonBody(req, MESSAGE_BODY_LIMITS);
    if (!body.ok) {
      deps.logger.warn('request rejected: body refused', { status: body.status, reason: body.reason });
      return answer(res, body.status, body.reason, { closeConnection: true });
    }
    const activity = body.value as Partial<Activity> | null;
    if (!activity || typeof activity !== 'object' || Array.isArray(activity) || typeof activity.type !== 'string' || !activity.type) {
      return answer(res, 400, 'the request body must be a Bot Framework activity (a JSON object with a "type")');
    }
    let auth;
    try {
      auth = await deps.adapter.authenticate(activity as Activity, authHeader);
    } catch (error) {
      if (isKeyServiceOutage(error)) {
        // The signing keys could not be fetched: not the caller's fault, and the channel retries a 503.
        deps.logger.error('request not authenticated: the OpenID signing keys could not be loaded', { error: error as Error });
        return answer(res, 503, 'service unavailable');
      }
      // Which check failed is for our log only: the caller learns nothing about the validation.
      deps.logger.warn('request rejected: authentication failed', { reason: (error as Error)?.name ?? 'Error' });
      return answer(res, 401, 'unauthorized');
    }
    try {
      const invoke = await deps.adapter.processAuthenticated(auth as never, activity as Activity, (turn) => deps.bot.run(turn));
      if (res.headersSent) return;
      if (invoke?.body !== undefined) {
        res.status(invoke.status ?? 200);
        res.json(invoke.body);
      } else {
        answer(res, invoke?.status ?? 200);
      }
    } catch (error) {
      deps.logger.error('processing an activity failed', { error: error as Error, activityType: activity.type });
      if (!res.headersSent) answer(res, 500, 'internal error');
    }
  };
}

/** botframework-connector reports a failed OpenID metadata or key download as an AuthenticationError with status 500. */
function isKeyServiceOutage(error: unknown): boolean {
  const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 500;
}

/** A plain-text answer; `closeConnection` for requests whose unread body must not be drained. */
function answer(res: ServerResponse, status: number, text?: string, options: { closeConnection?: boolean } = {}): void {
  const headers: Record<string, string> = {};
  if (text !== undefined) headers['content-type'] = 'text/plain; charset=utf-8';
  if (options.closeConnection) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}
