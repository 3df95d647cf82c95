import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, found from this file both under src/ (tests) and dist/src/ (built). */
export function projectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const BUNDLED_DEMO_FLEET_FILE = path.join(projectRoot(), 'data', 'demo-fleet.json');
