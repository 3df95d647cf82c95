import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { startAzurite, uniqueContainerName, type Azurite } from '../support/azurite';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Several processes on one storage, through the real composed app: exactly one is the leader (polls
 * and sends), every one answers chat, /healthz says which is which and when anyone last polled, and
 * a leader that stops hands over to a standby.
 */
interface Health { role?: string; replicaId?: string; leaseHolder?: string; lastPollAt?: string; lastPollBy?: string; minutesSinceLastPoll?: number }

async function health(bot: TestBot): Promise<Health> {
  return (await (await fetch(`${bot.url}/healthz`)).json()) as Health;
}

async function until<T>(probe: () => Promise<T | undefined>, deadlineMs: number): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function expectOneLeader(bots: TestBot[]): Promise<{ leader: TestBot; standbys: TestBot[] }> {
  const reports = await Promise.all(bots.map(health));
  expect(reports.map((r) => r.role).sort()).toEqual(['leader', ...bots.slice(1).map(() => 'standby')]);
  const leaderIndex = reports.findIndex((r) => r.role === 'leader');
  for (const r of reports) expect(r.leaseHolder).toBe(reports[leaderIndex].replicaId);
  return { leader: bots[leaderIndex], standbys: bots.filter((_, i) => i !== leaderIndex) };
}

async function everyoneAnswers(bots: TestBot[]) {
  for (const bot of bots) {
    const [reply] = await bot.say('help');
    expect(JSON.stringify(reply)).toMatch(/subscribe/i);
  }
}

async function handOverOnStop(bots: TestBot[]) {
  const { leader, standbys } = await expectOneLeader(bots);
  await leader.stop();
  // Released at a clean stop: a standby takes over at its next try (a sixth of the 15 s lease).
  const next = await until(async () => {
    for (const bot of standbys) if ((await health(bot)).role === 'leader') return bot;
    return undefined;
  }, 8_000);
  const report = await health(next);
  expect(report.leaseHolder).toBe(report.replicaId);
  await until(async () => ((await health(next)).lastPollBy === report.replicaId ? true : undefined), 5_000);
  await everyoneAnswers(standbys);
}

describe('two processes on one SQLite file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arc-replicas-'));
  const bots: TestBot[] = [];
  afterAll(async () => {
    for (const bot of bots) await bot.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('run one monitor: one leader, one standby serving chat; the standby takes over when the leader stops', async () => {
    const env = { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'state.db'), LEADER_LEASE_SECONDS: '15' };
    bots.push(await startTestBot({ env }), await startTestBot({ env }));
    const { leader } = await expectOneLeader(bots);
    const leaderReport = await until(async () => { const h = await health(leader); return h.lastPollAt ? h : undefined; }, 5_000);
    expect(leaderReport.lastPollBy).toBe(leaderReport.replicaId);
    expect(leaderReport.minutesSinceLastPoll).toBe(0);
    await everyoneAnswers(bots);
    await handOverOnStop(bots);
  }, 30_000);
});

describe('three replicas on one Azure Blob container (Azurite)', () => {
  let azurite: Azurite;
  const bots: TestBot[] = [];
  beforeAll(async () => { azurite = await startAzurite(); }, 60_000);
  afterAll(async () => {
    for (const bot of bots) await bot.stop().catch(() => undefined);
    await azurite?.stop();
  }, 30_000);

  it('elect one leader; every replica sees the same holder and the last poll; the leader stopping hands over', async () => {
    const env = { STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: uniqueContainerName('replicas'), LEADER_LEASE_SECONDS: '15' };
    for (let i = 0; i < 3; i++) bots.push(await startTestBot({ env }));
    const { leader, standbys } = await expectOneLeader(bots);
    const leaderId = (await health(leader)).replicaId;
    await until(async () => ((await health(standbys[0])).lastPollBy === leaderId ? true : undefined), 5_000);
    await everyoneAnswers(bots);
    await handOverOnStop(bots);
  }, 60_000);

  it('a leader cut off from storage fences itself before its lease can end; a standby takes over only after, within one lease', async () => {
    const proxy = new TcpProxy(azurite.port);
    await proxy.start();
    const container = uniqueContainerName('partition');
    const envFor = (port: number) => ({
      STORAGE: 'azure-blob', AZURE_STORAGE_CONTAINER: container, LEADER_LEASE_SECONDS: '15', MONITOR_INTERVAL_SECONDS: '1',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString.replace(`:${azurite.port}/`, `:${port}/`),
    });
    const cutOff = await startTestBot({ env: envFor(proxy.port) });
    const standby = await startTestBot({ env: envFor(azurite.port) });
    bots.push(cutOff, standby);
    try {
      expect((await health(cutOff)).role).toBe('leader');
      expect((await health(standby)).role).toBe('standby');
      const logged = (bot: TestBot, msg: string) => bot.logger.lines.some((l) => l.msg === msg);
      // Let a renewal happen, so the partition starts at a random point of the lease.
      await new Promise((r) => setTimeout(r, 2000 + Math.random() * 3000));
      const cutAt = Date.now();
      proxy.cut();
      let fencedAt: number | undefined;
      let takenAt: number | undefined;
      while (takenAt === undefined && Date.now() - cutAt < 30_000) {
        if (fencedAt === undefined && logged(cutOff, 'leader lease lost or lapsing: this replica stops polling and sending')) fencedAt = Date.now();
        if (logged(standby, 'leader lease taken: this replica polls and sends alerts')) takenAt = Date.now();
        await new Promise((r) => setTimeout(r, 50));
      }
      process.stdout.write(`partition: fenced after ${fencedAt! - cutAt} ms, taken over after ${takenAt! - cutAt} ms\n`);
      expect(fencedAt).toBeDefined();
      expect(takenAt).toBeDefined();
      // Never two leaders: the cut-off one stopped a safety margin (a sixth of the lease, 2.5 s) before the other started.
      expect(takenAt! - fencedAt!).toBeGreaterThanOrEqual(1500);
      // The lease was renewed at most 15 s before the cut; a standby tries every 2.5 s.
      expect(takenAt! - cutAt).toBeLessThanOrEqual(15_000 + 2_500 + 1_500);
      expect((await health(standby)).role).toBe('leader');
      expect((await health(cutOff)).role).toBe('standby');
    } finally {
      // Healing the partition first lets the cut-off replica's hung storage calls fail at once.
      await proxy.close();
      await cutOff.stop().catch(() => undefined);
    }
  }, 60_000);
});
