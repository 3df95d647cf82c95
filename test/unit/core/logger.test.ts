import { createJsonLogger, LogFields } from '../../../src/core/logger';

const FIXED_TIME = new Date('2026-11-25T12:00:00Z');

function captureLines() {
  const lines: string[] = [];
  const logger = createJsonLogger('debug', (line) => lines.push(line), {}, () => FIXED_TIME);
  const parsed = (): LogFields[] => lines.map((line) => JSON.parse(line) as LogFields);
  return { logger, lines, parsed };
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('JSON logger', () => {
  it('writes time, level, message and fields as one JSON line', () => {
    const { logger, parsed } = captureLines();
    logger.info('tick', { clusters: 3 });
    expect(parsed()).toEqual([{ time: '2026-11-25T12:00:00.000Z', level: 'info', msg: 'tick', clusters: 3 }]);
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createJsonLogger('warn', (line) => lines.push(line));
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['loud']);
  });

  describe('redaction', () => {
    it('keeps fields that merely end in "key", such as alertKey', () => {
      const { logger, parsed } = captureLines();
      logger.info('alert sent', { alertKey: 'offline:/subscriptions/s/clusters/c1', conversationKey: 'conv-1', monkey: 'yes' });
      expect(parsed()[0]).toMatchObject({ alertKey: 'offline:/subscriptions/s/clusters/c1', conversationKey: 'conv-1', monkey: 'yes' });
    });

    it.each([
      'password', 'PASSWORD', 'secret', 'clientSecret', 'token', 'accessToken', 'authorization', 'Authorization',
      'connectionString', 'accountKey', 'MicrosoftAppPassword', 'sig',
    ])('masks a field named %s', (name) => {
      const { logger, lines } = captureLines();
      logger.info('config', { [name]: 'hunter2-value' });
      expect(JSON.parse(lines[0])[name]).toBe('***');
      expect(lines[0]).not.toContain('hunter2-value');
    });

    it('keeps fields that only contain a secret name, such as passwordPolicy or tokenCount', () => {
      const { logger, parsed } = captureLines();
      logger.info('limits', { passwordPolicy: 'strong', tokenCount: 2, secretName: 'bot-secret' });
      expect(parsed()[0]).toMatchObject({ passwordPolicy: 'strong', tokenCount: 2, secretName: 'bot-secret' });
    });

    it('masks secrets nested in objects and arrays', () => {
      const { logger, lines, parsed } = captureLines();
      logger.warn('http error', { request: { headers: { Authorization: 'Bearer abc.def' }, urls: [{ sig: 'sas-signature' }] } });
      expect(parsed()[0]).toMatchObject({ request: { headers: { Authorization: '***' }, urls: [{ sig: '***' }] } });
      expect(lines[0]).not.toContain('abc.def');
      expect(lines[0]).not.toContain('sas-signature');
    });

    it('masks secrets carried by a child logger', () => {
      const { logger, parsed } = captureLines();
      logger.child({ password: 'p@ss', tenant: 't1' }).info('start');
      expect(parsed()[0]).toMatchObject({ password: '***', tenant: 't1' });
    });

    it('leaves an empty secret field visible as empty, so a missing setting is diagnosable', () => {
      const { logger, parsed } = captureLines();
      logger.warn('config', { MicrosoftAppPassword: '' });
      expect(parsed()[0].MicrosoftAppPassword).toBe('');
    });
  });

  describe('errors', () => {
    it('logs an Error with its name, message and stack', () => {
      const { logger, parsed } = captureLines();
      const error = new TypeError('cluster row is malformed');
      logger.error('monitor tick failed', { error });
      expect(parsed()[0].error).toEqual({ name: 'TypeError', message: 'cluster row is malformed', stack: error.stack });
    });

    it('writes the stack exactly once', () => {
      const { logger, lines } = captureLines();
      const error = new Error('boom');
      logger.error('unhandled error in turn', { error });
      const firstFrame = error.stack!.split('\n')[1].trim();
      expect(occurrences(lines[0], JSON.stringify(firstFrame).slice(1, -1))).toBe(1);
    });

    it('logs an Error nested in a field, and its cause', () => {
      const { logger, parsed } = captureLines();
      const cause = new Error('socket hang up');
      logger.error('query failed', { attempt: { error: new Error('resource graph unavailable', { cause }) } });
      const logged = parsed()[0].attempt as { error: { message: string; cause: { message: string; stack: string } } };
      expect(logged.error.message).toBe('resource graph unavailable');
      expect(logged.error.cause).toMatchObject({ message: 'socket hang up', stack: cause.stack });
    });
  });

  it('writes a line even when fields refer to themselves', () => {
    const { logger, parsed } = captureLines();
    const node: Record<string, unknown> = { name: 'loop' };
    node.self = node;
    logger.info('cyclic', { node });
    expect(parsed()[0].node).toEqual({ name: 'loop', self: '[Circular]' });
  });
});
