import type { IncomingMessage } from 'node:http';

export interface BodyLimits {
  /** Largest body read, in bytes, before anything is parsed. */
  maxBytes: number;
  /** Deepest nesting of objects/arrays accepted (checked on the raw bytes, before JSON.parse). */
  maxDepth: number;
  /** A body that takes longer than this to arrive is refused (a client trickling bytes holds no worker). */
  readTimeoutMs: number;
}

export type BodyOutcome = { ok: true; value: unknown } | { ok: false; status: number; reason: string };

/**
 * Reads a JSON request body with hard limits and nothing decompressed: a `Content-Encoding` other
 * than identity is refused with 415 (https://www.rfc-editor.org/rfc/rfc9110#status.415), so a small
 * compressed "bomb" can never expand in memory; the byte limit is enforced while reading (413,
 * https://www.rfc-editor.org/rfc/rfc9110#status.413), the nesting depth before parsing (400).
 */
export function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> {
  const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding && encoding !== 'identity') return Promise.resolve({ ok: false, status: 415, reason: 'compressed bodies are not accepted' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) return Promise.resolve(tooLarge(limits));

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (outcome: BodyOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      chunks.length = 0;
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(tooLarge(limits));
      chunks.push(chunk);
    };
    const onEnd = () => {
      const raw = Buffer.concat(chunks, size);
      finish(parseBounded(raw, limits.maxDepth));
    };
    const onError = () => finish({ ok: false, status: 400, reason: 'the request body could not be read' });
    // A client that disconnects mid-body frees its buffer at once, not at the read deadline.
    const onClose = () => { if (!req.complete) onError(); };
    const timer = setTimeout(() => finish({ ok: false, status: 408, reason: 'the request body took too long to arrive' }), limits.readTimeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(limits: BodyLimits): BodyOutcome {
  return { ok: false, status: 413, reason: `the request body is larger than ${limits.maxBytes} bytes` };
}

function parseBounded(raw: Buffer, maxDepth: number): BodyOutcome {
  if (nestingDepth(raw) > maxDepth) return { ok: false, status: 400, reason: `the JSON is nested deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, status: 400, reason: 'the request body is not JSON' };
  }
}

const OPEN_BRACE = 0x7b, OPEN_BRACKET = 0x5b, CLOSE_BRACE = 0x7d, CLOSE_BRACKET = 0x5d, QUOTE = 0x22, BACKSLASH = 0x5c;

/** The deepest `{`/`[` nesting in raw JSON bytes, ignoring brackets inside strings. Linear, no allocation. */
export function nestingDepth(raw: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}
