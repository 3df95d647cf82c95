import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLAYGROUND_CONFIG_YAML, playgroundCliPath } from './playground-config';
import type { Logger } from '../core/logger';

export interface PlaygroundHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Microsoft 365 Agents Playground (https://learn.microsoft.com/microsoftteams/platform/toolkit/debug-your-agents-playground) against the bot: offline,
 * telemetry off, no browser opened. It is a devDependency; a production install has no Playground.
 */
export async function startPlayground(botUrl: string, port: number, logger: Logger): Promise<PlaygroundHandle | undefined> {
  const cli = playgroundCliPath();
  if (!cli) {
    logger.warn('Agents Playground is not installed (production install?); starting the bot alone. Set PLAYGROUND=off to silence this.');
    return undefined;
  }
  // A private working folder with our .m365agentsplayground.yml (bot named as in Teams), read from the cwd.
  const cwd = mkdtempSync(path.join(tmpdir(), 'arc-playground-'));
  writeFileSync(path.join(cwd, '.m365agentsplayground.yml'), PLAYGROUND_CONFIG_YAML);
  // Run its CLI on this process's Node (24), not whatever `node` is first on PATH.
  const child: ChildProcess = spawn(process.execPath, [cli, 'start', '--app-endpoint', `${botUrl}/api/messages`, '--port', String(port), '--channel-id', 'msteams', '--disable-telemetry'], {
    cwd,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  let stopping = false;
  const url = await new Promise<string>((resolve) => {
    const fallback = setTimeout(() => resolve(`http://localhost:${port}`), 15_000);
    const onData = (chunk: Buffer) => {
      // 0.2.28 prints "Listening on <port>" (it may pick another port when ours is taken).
      const m = /Listening on (\d+)/.exec(chunk.toString());
      if (m) {
        clearTimeout(fallback);
        resolve(`http://localhost:${m[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(fallback);
      // Ctrl-C reaches the whole process group: an exit by signal while we stop is expected.
      if (!stopping) logger.error('Agents Playground exited', { code, signal });
      resolve('');
    });
  });
  if (!url) return undefined;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
