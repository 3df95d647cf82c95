import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/core/project-root';

/**
 * What an operator sees on `npm start`: the real process (src/index.ts in a child Node) with SQLite
 * storage and the Agents Playground, probed the way the Playground probes it (HEAD /api/messages),
 * then stopped. It prints the Playground's URL.
 * Nothing it prints may look like a problem: no Node warnings (node:sqlite's ExperimentalWarning is
 * expected and held back), no warn/error log lines, no stack traces.
 */
const ROOT = projectRoot();

test('a normal start, a Playground probe and a stop print no warning, error or stack trace', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arc-quiet-'));
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/ts-register.cjs'), path.join(ROOT, 'src/index.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', PLAYGROUND: 'on', PLAYGROUND_PORT: '0', STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'arc.db'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bot did not log "bot listening" within 20 s')), 20_000);
      child.stdout.on('data', () => {
        const m = /"msg":"bot listening".*?"url":"(http:\/\/[^"]+)\/api\/messages"/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const probe = await fetch(`${url}/api/messages`, { method: 'HEAD' });
    expect(probe.status).toBe(200);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Playground URL within 40 s')), 40_000);
      const check = () => {
        if (/Open the Agents Playground: http:\/\/localhost:\d+/.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      };
      check();
      child.stdout.on('data', check);
    });
    child.kill('SIGTERM');
    await exited;

    expect(stderr).toBe('');
    const levels = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => (JSON.parse(line) as { level: string }).level);
    expect(levels.filter((level) => level !== 'info' && level !== 'debug')).toEqual([]);
    expect(stdout).not.toMatch(/Warning|\n\s+at /);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- stdout ---\n${stdout.slice(-3000)}\n--- stderr ---\n${stderr.slice(-3000)}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
