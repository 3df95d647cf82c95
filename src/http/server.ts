import restify from 'restify';
import type { Logger } from '../core/logger';

export interface HealthReport {
  /** false -> 503 */
  healthy: boolean;
  /** Why it is not healthy (empty when healthy). */
  problems?: string[];
  [detail: string]: unknown;
}

export interface HttpDeps {
  /** POST /api/messages: the channel edge's inbound endpoint (src/teams/messages-endpoint.ts). */
  messages: (req: restify.Request, res: restify.Response) => Promise<void>;
  logger: Logger;
  /** What /healthz reports (cluster source, storage, ...); `healthy: false` answers 503 with the problems. */
  health: () => Promise<HealthReport | Record<string, unknown>> | HealthReport | Record<string, unknown>;
}

/**
 * restify server: POST /api/messages (handed over to the channel edge), GET /healthz. No body
 * parser: the messages endpoint reads its own body with hard limits, after the cheap checks.
 */
export function createHttpServer(deps: HttpDeps): restify.Server {
  const server = restify.createServer({ name: 'arc-connectivity-bot', handleUncaughtExceptions: false });
  server.post('/api/messages', async (req, res) => deps.messages(req, res));
  // The Agents Playground checks that the bot is up with HEAD /api/messages: the endpoint exists, so
  // say so (no body, nothing logged) instead of a 405 warning on every start.
  server.head('/api/messages', async (_req, res) => {
    res.status(200);
    res.end();
  });

  server.get('/healthz', async (_req, res) => {
    try {
      const report = await deps.health();
      const healthy = report.healthy !== false;
      const { healthy: _omit, ...details } = report;
      res.status(healthy ? 200 : 503);
      res.json({ status: healthy ? 'ok' : 'degraded', ...details });
    } catch (error) {
      deps.logger.error('health check failed', { error: error as Error });
      res.status(503);
      res.json({ status: 'degraded', problems: ['the health check itself failed'] });
    }
  });

  server.on('restifyError', (req, res, err, callback) => {
    // A caller's mistake (404, 405: scanners, probes) is the caller's, not ours: info, not a warning.
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    const fields = { method: req.method, url: req.url, status, error: err.message };
    if (status >= 500) deps.logger.warn('http error', fields);
    else deps.logger.info('http request refused', fields);
    return callback();
  });
  return server;
}
