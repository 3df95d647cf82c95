import { existsSync } from 'node:fs';
import { findChromium } from './playground-driver';

export type ChromiumGate =
  | { run: true; chromiumPath: string }
  | { run: false; failInCi: boolean; reason: string };

/**
 * Whether browser tests can run: with Chromium they do; without it they are skipped outside CI and
 * fail under CI=true, because .ci/run installs Chromium (`apt-get install -y chromium`) when missing.
 */
export function chromiumGate(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): ChromiumGate {
  const chromiumPath = findChromium(env, exists);
  if (chromiumPath) return { run: true, chromiumPath };
  return {
    run: false,
    failInCi: env.CI === 'true',
    reason:
      'Chromium not found (looked at $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser); ' +
      'install it with `apt-get update && apt-get install -y chromium`',
  };
}

/**
 * `describe` for browser tests. Without Chromium the suite is skipped LOUDLY outside CI (a console
 * warning with the reason and the fix, and a skipped test named after the reason); under CI=true a
 * missing Chromium is a failing test.
 */
export function describeWithChromium(name: string, body: () => void, gate: ChromiumGate = chromiumGate()): void {
  if (gate.run) {
    describe(name, body);
    return;
  }
  const { reason } = gate;
  if (gate.failInCi) {
    describe(name, () => {
      test('Chromium is installed (required when CI=true)', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED: ${name}: ${reason} ***\n`);
  describe(name, () => {
    test.skip(`SKIPPED because ${reason}`, () => undefined);
  });
}
