/** Structured JSON logging to stdout; secrets are never passed in, and fields named like secrets are masked anyway. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Field names whose values are masked, compared case-insensitively and exactly:
 * `password` is masked, `alertKey` or `passwordPolicy` are not.
 */
const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(
  [
    'password', 'secret', 'clientSecret', 'token', 'accessToken', 'refreshToken', 'idToken',
    'authorization', 'cookie', 'connectionString', 'accountKey', 'sharedAccessKey',
    'MicrosoftAppPassword', 'sig',
  ].map((name) => name.toLowerCase()),
);

const MASK = '***';
const MAX_DEPTH = 6;

function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD_NAMES.has(name.toLowerCase());
}

/** An Error as plain JSON: name, message and stack (the stack once), plus its cause and code when present. */
function describeError(error: Error, seen: WeakSet<object>, depth: number): LogFields {
  const described: LogFields = { name: error.name, message: error.message };
  if (error.stack) described.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) described.code = code;
  if (error.cause !== undefined) described.cause = toLoggable(error.cause, seen, depth + 1);
  return described;
}

/** Makes a value safe to JSON.stringify: secret fields masked at any depth, Errors described, cycles cut. */
function toLoggable(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) return describeError(value, seen, depth);
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((item) => toLoggable(item, seen, depth + 1));
    return redactFields(value as LogFields, seen, depth);
  } finally {
    seen.delete(value);
  }
}

function redactFields(fields: LogFields, seen: WeakSet<object>, depth: number): LogFields {
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields)) {
    const masked = isSecretFieldName(name) && value !== undefined && value !== null && value !== '';
    out[name] = masked ? MASK : toLoggable(value, seen, depth + 1);
  }
  return out;
}

/** The fields exactly as a log line carries them. */
function redact(fields: LogFields): LogFields {
  return redactFields(fields, new WeakSet(), 0);
}

export function createJsonLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  base: LogFields = {},
  now: () => Date = () => new Date(),
): Logger {
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(JSON.stringify({ time: now().toISOString(), level: lvl, msg, ...redact({ ...base, ...fields }) }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createJsonLogger(level, write, { ...base, ...fields }, now),
  };
}

/** A logger that keeps lines in memory, for tests that assert what was logged. */
export function createMemoryLogger(): Logger & { lines: { level: LogLevel; msg: string; fields: LogFields }[] } {
  const lines: { level: LogLevel; msg: string; fields: LogFields }[] = [];
  const make = (base: LogFields): Logger => ({
    debug: (msg, f) => lines.push({ level: 'debug', msg, fields: { ...base, ...f } }),
    info: (msg, f) => lines.push({ level: 'info', msg, fields: { ...base, ...f } }),
    warn: (msg, f) => lines.push({ level: 'warn', msg, fields: { ...base, ...f } }),
    error: (msg, f) => lines.push({ level: 'error', msg, fields: { ...base, ...f } }),
    child: (fields) => make({ ...base, ...fields }),
  });
  return Object.assign(make({}), { lines });
}

export const silentLogger: Logger = {
  debug() {}, info() {}, warn() {}, error() {},
  child() { return silentLogger; },
};
