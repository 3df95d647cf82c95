import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A lean Bot Connector stand-in for load: the bot under test replies to an activity with
 * POST /v3/conversations/{conversation}/activities/{replyToId}; this server notes the moment the
 * whole reply arrived and resolves the waiter for that activity id. (test/support/connector-standin.ts
 * keeps every call for assertions and scans them all per call, which would itself cost time at
 * thousands of requests; this one keeps nothing.) Member lookups are answered with role `user`.
 */
export class BenchConnector {
  private readonly waiters = new Map<string, (at: number) => void>();
  /** Bodies kept only for ids asked for with keepBody (a sanity check that replies are real). */
  private readonly kept = new Map<string, string>();
  private server?: http.Server;
  url = '';
  unexpected = 0;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const id0 = /\/activities\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const keep = id0 !== undefined && this.kept.has(decodeURIComponent(id0));
      const chunks: Buffer[] = [];
      if (keep) req.on('data', (c: Buffer) => chunks.push(c));
      else req.resume();
      req.on('end', () => {
        // The Teams member lookup that tells guests apart (TeamsInfo.getMember): every bench user is a member.
        const member = req.method === 'GET' ? /\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(req.url ?? '') : null;
        if (member) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: decodeURIComponent(member[1]), userRole: 'user' }));
          return;
        }
        const at = performance.now();
        const m = /\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? '');
        const id = m ? decodeURIComponent(m[1]) : undefined;
        if (keep && id) this.kept.set(id, Buffer.concat(chunks).toString('utf8'));
        const resolve = id ? this.waiters.get(id) : undefined;
        if (resolve) {
          this.waiters.delete(id!);
          resolve(at);
        } else this.unexpected++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"id":"reply-${id ?? 'x'}"}`);
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  /** Resolves with performance.now() of the reply's arrival, or rejects after `timeoutMs`. */
  replyTo(activityId: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(activityId);
        reject(new Error(`no reply to ${activityId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(activityId, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  /** Keep the body of the reply to `activityId`; read it with keptBody after the reply arrived. */
  keepBody(activityId: string): void {
    this.kept.set(activityId, '');
  }

  keptBody(activityId: string): string | undefined {
    return this.kept.get(activityId) || undefined;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
