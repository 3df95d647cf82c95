import restify from './restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from '../core/logger';

export interface HttpDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** What /healthz reports (cluster source, storage, ...). */
  health: () => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Largest activity accepted; Teams messages are far smaller (the card limit is ~28 KB, text ~100 KB). */
const MAX_BODY_BYTES = 1024 * 1024;

/** restify server: POST /api/messages (Bot Framework), GET /healthz. A malformed body gets 400, never a crash. */
export function createHttpServer(deps: HttpDeps): restify.Server {
  const server = restify.createServer({ name: 'arc-connectivity-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: false }));

  server.post('/api/messages', async (req, res) => {
    const body = req.body as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      res.status(400);
      res.json({ error: 'The request body must be a Bot Framework activity (a JSON object with a "type").' });
      return;
    }
    try {
      await deps.adapter.process(req, res, (turn) => deps.bot.run(turn));
    } catch (error) {
      deps.logger.error('processing an activity failed', { error: error as Error });
      if (!res.headersSent) {
        res.status(500);
        res.json({ error: 'internal error' });
      }
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      res.json({ status: 'ok', ...(await deps.health()) });
    } catch (error) {
      res.status(503);
      res.json({ status: 'degraded', error: (error as Error).message });
    }
  });

  server.on('restifyError', (req, res, err, callback) => {
    deps.logger.warn('http error', { method: req.method, url: req.url, status: err.statusCode, error: err.message });
    return callback();
  });
  return server;
}
