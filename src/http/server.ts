import restify from './restify';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from '../core/logger';
import { createMessagesEndpoint, type InboundAdapter } from './messages-endpoint';

export interface HealthReport {
  /** false -> 503 */
  healthy: boolean;
  /** Why it is not healthy (empty when healthy). */
  problems?: string[];
  [detail: string]: unknown;
}

export interface HttpDeps {
  adapter: InboundAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** What /healthz reports (cluster source, storage, ...); `healthy: false` answers 503 with the problems. */
  health: () => Promise<HealthReport | Record<string, unknown>> | HealthReport | Record<string, unknown>;
}

/**
 * restify server: POST /api/messages (Bot Framework), GET /healthz. No body parser: the messages
 * endpoint reads its own body with hard limits, after the cheap checks (messages-endpoint.ts).
 */
export function createHttpServer(deps: HttpDeps): restify.Server {
  const server = restify.createServer({ name: 'arc-connectivity-bot', handleUncaughtExceptions: false });
  server.post('/api/messages', createMessagesEndpoint(deps));

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
    deps.logger.warn('http error', { method: req.method, url: req.url, status: err.statusCode, error: err.message });
    return callback();
  });
  return server;
}
