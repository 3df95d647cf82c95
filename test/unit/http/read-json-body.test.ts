import { nestingDepth } from '../../../src/http/read-json-body';

describe('nestingDepth (checked on raw bytes before JSON.parse)', () => {
  const depth = (json: string) => nestingDepth(Buffer.from(json, 'utf8'));

  it('counts objects and arrays', () => {
    expect(depth('1')).toBe(0);
    expect(depth('{}')).toBe(1);
    expect(depth('{"a":[{"b":[]}]}')).toBe(4);
    expect(depth('[[],[[]],[]]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depth('{"text":"[[[{{{"}')).toBe(1);
    expect(depth('{"text":"say \\"[[[\\" twice","x":[1]}')).toBe(2);
    expect(depth('{"path":"C:\\\\","x":[[1]]}')).toBe(3);
  });

  it('is linear on a megabyte of brackets', () => {
    expect(depth('['.repeat(1024 * 1024))).toBe(1024 * 1024);
  });
});
