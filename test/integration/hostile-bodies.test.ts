import http from 'node:http';
import { gzipSync, deflateSync } from 'node:zlib';
import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';

/**
 * Bounded input before anything else, over HTTP against the real app: compressed bodies are refused
 * (never inflated), size and nesting are limited before parsing, a request without a token is
 * refused before its body is read, and memory stays flat under a stream of bombs.
 */
const APP_ID = '0b5e1c2d-3f4a-4b6c-8d9e-0f1a2b3c4d5e';
/** 64 MB of zeros, gzip-compressed to about 64 KB: the shape of the bomb that crashed the bot. */
const EXPANDED_BYTES = 64 * 1024 * 1024;
let bomb: Buffer;

interface RawAnswer { status: number; body: string }

/** A raw POST with exactly these headers and body chunks (fetch would add or refuse some). */
function rawPost(baseUrl: string, headers: Record<string, string | number>, chunks: Buffer[], options: { endBody?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/api/messages`, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }); req.destroy(); });
    });
    req.on('error', (error) => (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(error));
    for (const chunk of chunks) req.write(chunk);
    if (options.endBody !== false) req.end();
  });
}

beforeAll(() => {
  bomb = gzipSync(Buffer.alloc(EXPANDED_BYTES), { level: 9 });
});

describe('with authentication off (Playground mode)', () => {
  let bot: TestBot;
  beforeAll(async () => { bot = await startTestBot(); });
  afterAll(async () => bot?.stop());

  test('a gzip or deflate body is refused with 415, never inflated', async () => {
    const json = Buffer.from(JSON.stringify(teamsMessage('status store-0421', bot.connector.url)));
    for (const [encoding, body] of [['gzip', gzipSync(json)], ['deflate', deflateSync(json)], ['br', json], ['gzip, identity', gzipSync(json)]] as const) {
      const res = await rawPost(bot.url, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': body.length }, [body]);
      expect([encoding, res.status]).toEqual([encoding, 415]);
    }
    expect(bot.connector.calls).toHaveLength(0);
  });

  test('memory stays flat under a stream of gzip bombs and oversized, deeply nested bodies', async () => {
    const deep = Buffer.from('['.repeat(900 * 1024));
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 40; i++) {
      const res = await rawPost(bot.url, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length }, [bomb]);
      expect(res.status).toBe(415);
      const nested = await rawPost(bot.url, { 'content-type': 'application/json', 'content-length': deep.length }, [deep]);
      expect(nested.status).toBe(400);
    }
    const growthMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    // 40 bombs would be 2.5 GB expanded; anything near that means something inflated them.
    expect(growthMb).toBeLessThan(150);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  test('a declared length over 1 MB is refused before the body is read; a chunked body is cut off at 1 MB', async () => {
    const declared = await rawPost(bot.url, { 'content-type': 'application/json', 'content-length': 700 * 1024 * 1024 }, [Buffer.from('{"type":')], { endBody: false });
    expect(declared.status).toBe(413);
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const chunked = await rawPost(bot.url, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, [Buffer.from('{"type":"message","text":"'), chunk, chunk, chunk, chunk, chunk]);
    expect(chunked.status).toBe(413);
  });

  test('nesting deeper than the limit is refused before JSON.parse; a normal activity still works', async () => {
    const deep = JSON.stringify({ ...teamsMessage('status store-0421', bot.connector.url), value: JSON.parse('{"a":'.repeat(300) + '1' + '}'.repeat(300)) });
    expect((await bot.post(deep)).status).toBe(400);
    const brackets = '{"type":"message","text":"' + '['.repeat(5000) + '"}';
    expect((await bot.post(brackets)).status).not.toBe(400);
    const [reply] = await bot.say('help');
    expect(reply.type).toBe('message');
  });
});

describe('with authentication on', () => {
  let bot: TestBot;
  beforeAll(async () => { bot = await startTestBot({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' } }); });
  afterAll(async () => bot?.stop());

  test('a request without a token gets 401 before its body is read (a 700 MB declared body is never awaited)', async () => {
    const res = await rawPost(bot.url, { 'content-type': 'application/json', 'content-length': 700 * 1024 * 1024 }, [Buffer.from('{"type":"message"')], { endBody: false });
    expect(res).toEqual({ status: 401, body: 'unauthorized' });
  });

  test('an unauthenticated gzip bomb is refused without inflating it', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) {
      const res = await rawPost(bot.url, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length }, [bomb]);
      expect(res).toEqual({ status: 401, body: 'unauthorized' });
    }
    expect((process.memoryUsage().rss - before) / 1024 / 1024).toBeLessThan(150);
  });
});
