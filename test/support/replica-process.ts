import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/core/project-root';

const ROOT = projectRoot();

/** One real bot process (src/index.ts in a child Node), as a replica of a deployment. */
export interface ReplicaProcess {
  name: string;
  child: ChildProcess;
  /** Base URL once it listens. */
  url: string;
  output(): string;
  alive(): boolean;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startReplica(name: string, env: Record<string, string>, deadlineMs = 45_000): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/ts-register.cjs'), path.join(ROOT, 'src/index.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', PLAYGROUND: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${name} did not listen in time:\n${output.slice(-2000)}`)), deadlineMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api\/messages"/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`replica ${name} exited with ${code}:\n${output.slice(-2000)}`)); });
  });
  return {
    name,
    child,
    url,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
