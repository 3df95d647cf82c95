import { RestError } from '@azure/arm-resourcegraph';
import {
  classifyFailure,
  describeForbiddenScope,
  toDirectoryError,
  userMessageFor,
} from '../../../../src/clusters/resource-graph/resource-graph-errors';

const now = new Date('2026-11-25T12:00:00Z');

function restError(status: number, code: string, message: string, headers: Record<string, string> = {}): RestError {
  // What the SDK throws: a RestError whose response headers answer get(name) case-insensitively.
  const responseHeaders = { get: (name: string) => headers[name.toLowerCase()] };
  const error = new RestError(message, { statusCode: status, response: { status, headers: responseHeaders } as never });
  (error as RestError & { details: unknown }).details = { error: { code, message } };
  return error;
}

function named(name: string, message = 'x'): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('classifyFailure', () => {
  test('429 RateLimiting is throttled and retryable, with Retry-After read', () => {
    expect(classifyFailure(restError(429, 'RateLimiting', 'throttled', { 'retry-after': '12' }), now)).toMatchObject({
      kind: 'throttled', retryable: true, retryAfterMs: 12_000, statusCode: 429, code: 'RateLimiting',
    });
  });

  test.each([
    [401, 'InvalidAuthenticationToken', 'unauthorized', false],
    [403, 'AuthorizationFailed', 'forbidden', false],
    [400, 'InvalidQuery', 'invalid-query', false],
    [500, 'InternalServerError', 'unavailable', true],
    [503, 'ServiceUnavailable', 'unavailable', true],
    [504, 'GatewayTimeout', 'timeout', true],
    [404, 'NotFound', 'unavailable', false],
  ])('%d %s -> %s (retryable %s)', (status, code, kind, retryable) => {
    expect(classifyFailure(restError(status, code, 'm'), now)).toMatchObject({ kind, retryable });
  });

  test.each([['CredentialUnavailableError'], ['AggregateAuthenticationError'], ['AuthenticationError']])('%s from @azure/identity is unauthorized, not retried', (name) => {
    expect(classifyFailure(named(name), now)).toMatchObject({ kind: 'unauthorized', retryable: false });
  });

  test('socket errors are unavailable and retried; aborts are timeouts', () => {
    expect(classifyFailure(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), now)).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyFailure(new RestError('socket hang up', { code: 'REQUEST_SEND_ERROR' }), now)).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyFailure(named('AbortError'), now)).toMatchObject({ kind: 'timeout', retryable: true });
  });

  test('an unknown programming error is not retried', () => {
    expect(classifyFailure(new TypeError('boom'), now)).toMatchObject({ kind: 'unavailable', retryable: false });
  });
});

describe('describeForbiddenScope', () => {
  const scope = { subscriptions: ['sub-a', 'sub-b'], managementGroups: ['mg-edge'] };
  test('names only the scope the error mentions', () => {
    expect(describeForbiddenScope(scope, "... over scope '/subscriptions/SUB-B' ...")).toBe('subscription sub-b');
  });
  test('names every configured scope when the error mentions none', () => {
    expect(describeForbiddenScope(scope, 'Forbidden')).toBe('subscriptions sub-a and sub-b or management group mg-edge');
  });
  test('tenant scope', () => {
    expect(describeForbiddenScope({ subscriptions: [], managementGroups: [] }, 'Forbidden')).toBe('the subscriptions in its tenant');
  });
});

describe('user messages: one clear sentence each, no internals', () => {
  const scope = { subscriptions: ['sub-a'], managementGroups: [] };
  test('throttled says when we retry, in whole seconds', () => {
    expect(userMessageFor({ kind: 'throttled', retryable: true, detail: '' }, scope, 11_200)).toBe('Azure Resource Graph is throttling us; retrying in 12 s.');
    expect(userMessageFor({ kind: 'throttled', retryable: true, detail: '' }, scope, 10)).toBe('Azure Resource Graph is throttling us; retrying in 1 s.');
  });
  test('forbidden names the subscription and the role', () => {
    expect(userMessageFor(classifyFailure(restError(403, 'AuthorizationFailed', "scope '/subscriptions/sub-a'"), now), scope)).toBe(
      "The bot's identity cannot read subscription sub-a; give it the Reader role there.",
    );
  });
  test('credential problems name the environment variables', () => {
    expect(userMessageFor(classifyFailure(named('CredentialUnavailableError'), now), scope)).toMatch(/AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET/);
    expect(userMessageFor(classifyFailure(restError(401, 'InvalidAuthenticationToken', 'bad'), now), scope)).toMatch(/AZURE_CLIENT_SECRET/);
  });
  test('no message leaks the raw error text', () => {
    for (const status of [400, 401, 403, 429, 500, 504]) {
      const failure = classifyFailure(restError(status, 'Code', 'SECRET-INTERNAL-DETAIL'), now);
      expect(userMessageFor(failure, scope, 1000)).not.toContain('SECRET-INTERNAL-DETAIL');
    }
  });
  test('toDirectoryError carries the correlation id and, for throttling, the wait', () => {
    const error = toDirectoryError({ kind: 'throttled', retryable: true, detail: '' }, scope, 'corr-1', undefined, 12_000);
    expect(error).toMatchObject({ kind: 'throttled', correlationId: 'corr-1', retryAfterMs: 12_000, name: 'DirectoryError' });
    expect(toDirectoryError({ kind: 'forbidden', retryable: false, detail: '' }, scope, 'corr-2', undefined).retryAfterMs).toBeUndefined();
  });
});
