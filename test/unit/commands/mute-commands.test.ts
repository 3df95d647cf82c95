import { MemoryStorage } from 'botbuilder';
import type { ClusterDirectory } from '../../../src/clusters/cluster-directory';
import type { CommandContext } from '../../../src/commands/command';
import { createMuteCommands, parseDuration } from '../../../src/commands/mute-commands';
import type { MessageReply, Reply } from '../../../src/commands/reply';
import { ManualClock } from '../../../src/core/clock';
import { createTellStores } from '../../../src/storage/tell-stores';
import { makeCluster } from '../monitor/make-cluster';

const clock = new ManualClock('2026-11-25T12:00:00Z');
const directory: ClusterDirectory = {
  description: 'x',
  listClusters: async () => ({ clusters: [makeCluster('store-0421', clock.now()), makeCluster('lab-1', clock.now(), { resourceGroup: 'lab' })], fetchedAt: clock.now(), source: 'x' }),
  getClustersByName: async () => [],
};
const ctx: CommandContext = { conversation: { id: 'conv-1', type: 'channel' }, user: { id: 'u1', name: 'Ada' }, correlationId: 'c' };
const textOf = (r: Reply | Reply[]) => (r as MessageReply).text;

function setup() {
  const stores = createTellStores(new MemoryStorage());
  const [mute, unmute, mutes] = createMuteCommands({ stores, directory, clock, monitor: { intervalMs: 60_000, confirmations: 2 } });
  return { stores, mute, unmute, mutes };
}

describe('parseDuration', () => {
  it('accepts 1 minute to 30 days', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1D')).toBe(86_400_000);
    expect(parseDuration('4w')).toBe(28 * 86_400_000);
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    for (const bad of ['999y', '31d', '0m', '2', 'h', 'soon', undefined]) expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('mute', () => {
  it('mutes a cluster for a duration', async () => {
    const { stores, mute } = setup();
    const text = textOf(await mute.handle('store-0421 2h', ctx));
    expect(text).toContain('Muted cluster store-0421 for 2 h (until 2026-11-25 14:00 UTC), mute #1.');
    expect(await stores.mutes.list('conv-1')).toEqual([
      expect.objectContaining({ number: 1, filter: { type: 'name', pattern: 'store-0421' }, until: '2026-11-25T14:00:00.000Z', suppressed: 0 }),
    ]);
  });

  it('mutes a filter', async () => {
    const { stores, mute } = setup();
    await mute.handle('rg lab 1d', ctx);
    expect((await stores.mutes.list('conv-1'))[0].filter).toEqual({ type: 'rg', value: 'lab' });
  });

  it.each(['store-0421', 'store-0421 999y', 'store-0421 forever', '', '2h', 'store-0421 31d'])('"mute %s" answers with usage', async (args) => {
    const { stores, mute } = setup();
    const text = textOf(await mute.handle(args, ctx));
    expect(text).toContain('Usage: mute <cluster');
    expect(await stores.mutes.list('conv-1')).toEqual([]);
  });

  it('warns when nothing matches', async () => {
    const { mute } = setup();
    expect(textOf(await mute.handle('rg nowhere 1h', ctx))).toContain('no cluster matches now');
  });
});

describe('mutes / unmute', () => {
  it('lists with time left, unmutes one by cluster name, then all', async () => {
    const { mute, mutes, unmute } = setup();
    expect(textOf(await mutes.handle('', ctx))).toBe('Nothing is muted here.');
    await mute.handle('store-* 2h', ctx);
    await mute.handle('rg lab 1d', ctx);
    await clock.advance(30 * 60_000);
    expect(textOf(await mutes.handle('', ctx))).toContain('1. clusters named store-*: 1 h 30 min left\n2. resource group lab: 23 h 30 min left');
    expect(textOf(await unmute.handle('store-0421', ctx))).toBe('🔔 Unmuted: #1 clusters named store-*.');
    expect(textOf(await unmute.handle('store-0421', ctx))).toMatch(/Nothing matching is muted/);
    expect(textOf(await unmute.handle('', ctx))).toBe('🔔 Unmuted: #2 resource group lab.');
  });
});
