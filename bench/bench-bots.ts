/**
 * The status benchmark's moving parts: a bot in its own process (bench-server.ts) with a request
 * channel over IPC, and the closed-loop load (each user sends, waits for the reply, sends again).
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { teamsMessage } from '../test/support/bot-harness';
import type { BenchConnector } from './bench-connector';
import type { BenchRequest } from './bench-server';

const REPLY_TIMEOUT_MS = 10_000;
const children = new Set<ChildProcess>();

export type BotKind = 'echo' | 'status';

export interface BenchBot {
  kind: BotKind;
  url: string;
  /** Sends one request to the bot process; resolves with the process's CPU time (µs) once it is done. */
  ask(request: DistributiveOmit<BenchRequest, 'id'>): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Kills every bot still running (the bench's last resort on failure or timeout). */
export function killAllBots(): void {
  for (const c of children) c.kill('SIGKILL');
}

/** Starts one bot in its own process; `args` follow the kind (the Resource Graph URL for "status"). */
export function startBot(kind: BotKind, args: string[], env: NodeJS.ProcessEnv): Promise<BenchBot> {
  // BENCH_BOT_NODE_FLAGS (e.g. --cpu-prof) applies to the arc bot only, so the echo bot stays the same baseline.
  const execArgv = kind === 'status' ? (process.env.BENCH_BOT_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean) : [];
  const child = fork(path.join(__dirname, 'bench-server.js'), [kind, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env, execArgv });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 1;
  const pending = new Map<number, { resolve: (cpu: NodeJS.CpuUsage) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id?: number; cpu?: NodeJS.CpuUsage; error?: string }) => {
    const waiter = m?.id !== undefined ? pending.get(m.id) : undefined;
    if (!waiter) return;
    pending.delete(m.id!);
    if (m.error) waiter.reject(new Error(m.error));
    else waiter.resolve(m.cpu!);
  });
  const ask: BenchBot['ask'] = (request) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
  const stop = async () => {
    if (child.connected) child.send('stop');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    children.delete(child);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} bot did not start within 60 s`)), 60_000);
    child.once('message', (m: { url?: string }) => {
      clearTimeout(timer);
      if (m?.url) resolve({ kind, url: m.url, ask, stop });
      else reject(new Error(`${kind} bot sent ${JSON.stringify(m)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} bot exited with code ${code} before listening`));
    });
  });
}

export interface RunResult {
  latencies: number[];
  errors: number;
  wallMs: number;
  firstError?: string;
}

/** `count` messages (`textOf(i)`) from `users` concurrent users; each user sends, waits for the reply, then sends again. */
export async function load(botUrl: string, connector: BenchConnector, textOf: (i: number) => string, count: number, users: number): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const user = async (u: number) => {
    while (issued < count) {
      const activity = teamsMessage(textOf(issued++), connector.url, {
        conversationId: `a:bench-personal-${u}`,
        userId: `29:bench-user-${u}`,
        userName: `Bench User ${u}`,
      });
      const reply = connector.replyTo(activity.id, REPLY_TIMEOUT_MS);
      reply.catch(() => undefined); // observed below; avoid an unhandled rejection if the POST fails first
      const started = performance.now();
      try {
        const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        await res.arrayBuffer();
        if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}`);
        latencies.push((await reply) - started);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: users }, (_, u) => user(u)));
  return { latencies, errors, wallMs: performance.now() - t0, firstError };
}

/** One message whose reply body is kept: proves the bot answers with what we think we measure. */
export async function sanityCheck(bot: BenchBot, connector: BenchConnector, text: string, expected: string): Promise<void> {
  const activity = teamsMessage(text, connector.url, { conversationId: 'a:bench-sanity' });
  connector.keepBody(activity.id);
  const reply = connector.replyTo(activity.id, REPLY_TIMEOUT_MS);
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.arrayBuffer();
  await reply;
  const body = connector.keptBody(activity.id) ?? '';
  const ok = bot.kind === 'echo' ? body.includes(`Echo: ${text}`) : body.includes('application/vnd.microsoft.card.adaptive') && body.includes(expected);
  if (!ok) throw new Error(`${bot.kind} bot did not answer as expected: ${body.slice(0, 300)}`);
}

/** CPU time between two readings, in ms. */
export function cpuMs(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage): number {
  return (after.user - before.user + after.system - before.system) / 1000;
}
