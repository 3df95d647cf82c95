import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const GOLDEN_DIR = path.join(__dirname, '..', 'fixtures', 'golden');

/** Whether this run rewrites golden files instead of comparing with them. */
const UPDATING_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/**
 * Compares `value` as JSON with test/fixtures/golden/<name>.json. With UPDATE_GOLDEN=1 the file is
 * rewritten instead (review the diff before committing); otherwise a missing file is a failure.
 */
export function expectGolden(name: string, value: unknown): void {
  const file = path.join(GOLDEN_DIR, `${name}.json`);
  const json = JSON.stringify(value, null, 2) + '\n';
  if (UPDATING_GOLDEN) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, json);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`Golden file ${path.relative(process.cwd(), file)} is missing: run this test with UPDATE_GOLDEN=1 and review the new file.`);
  }
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
