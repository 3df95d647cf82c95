import { chromiumGate } from '../support/playground-e2e';

/** The rule for browser tests when Chromium is missing: skip loudly on a laptop, fail in CI. */
describe('chromiumGate', () => {
  const nothingInstalled = () => false;

  test('runs with Debian\'s Chromium at /usr/bin/chromium', () => {
    expect(chromiumGate({}, (file) => file === '/usr/bin/chromium')).toEqual({ run: true, chromiumPath: '/usr/bin/chromium' });
  });

  test('CHROMIUM_PATH wins when that file exists', () => {
    const gate = chromiumGate({ CHROMIUM_PATH: '/opt/chrome/chrome' }, () => true);
    expect(gate).toEqual({ run: true, chromiumPath: '/opt/chrome/chrome' });
  });

  test('missing outside CI: skip, with a reason that says how to install it', () => {
    const gate = chromiumGate({}, nothingInstalled);
    expect(gate.run).toBe(false);
    if (gate.run) return;
    expect(gate.failInCi).toBe(false);
    expect(gate.reason).toContain('apt-get install -y chromium');
  });

  test('missing under CI=true: the suite fails instead of skipping', () => {
    const gate = chromiumGate({ CI: 'true' }, nothingInstalled);
    expect(gate).toMatchObject({ run: false, failInCi: true });
  });
});
