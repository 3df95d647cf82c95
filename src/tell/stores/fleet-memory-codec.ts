import { parseClusterResourceId } from '../../clusters/cluster';
import type { ClusterState, FleetMemory, PendingChange } from '../fleet-diff';

/**
 * The stored form of the monitor's fleet memory. At 10,000 clusters the plain JSON of FleetMemory is
 * about 6 MB, written on every poll that changed something: each state repeats every property name,
 * its id (already the record key), and the same few values (tenant, subscription, location, status,
 * baseline time) thousands of times. Packed, each state is one short array whose repeated strings
 * are indexes into one string table: about a third of the size, so the storage's JSON.stringify
 * (and JSON.parse on restart) builds a ~2 MB string instead of a ~6 MB one, and the states decoded
 * on restart share those strings.
 *
 * Reading accepts both forms (a doc written before packing loads unchanged), and a memory that cannot
 * be packed faithfully (a state whose id differs from its key) is stored plain.
 */
export interface PackedFleetMemory {
  /** Format marker; a plain FleetMemory has `version: 1` and no `packed`. */
  packed: 1;
  baselineAt?: string;
  generation: number;
  /** FleetMemory.retiredSeq (absent in docs written before it existed). */
  retiredSeq?: number;
  /** FleetMemory.latestAgent. */
  latestAgent?: string;
  pending: Record<string, PendingChange>;
  strings: string[];
  /** Cluster id -> PackedState. */
  clusters: Record<string, PackedState>;
}

/**
 * [name (null = last segment of the id), resourceGroup, subscriptionId, location, tags, status,
 *  flags (1 heartbeatStale, 2 agentSupported), statusSince, seq, certHorizon, problemSince, tenantId]
 * Strings are indexes into `strings`; absent optional fields are null (trailing nulls dropped).
 */
type PackedState = (string | number | null | Record<string, string>)[];

const HEARTBEAT_STALE = 1;
const AGENT_SUPPORTED = 2;

export function isPackedFleetMemory(value: unknown): value is PackedFleetMemory {
  return typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === 1;
}

/** The cluster name its resource id already carries (so the packed form can leave it out). */
function nameInId(id: string): string | undefined {
  return parseClusterResourceId(id)?.name;
}

/** Packs a fleet memory for storage, or returns it unchanged when packing would lose anything. */
export function packFleetMemory(memory: FleetMemory): PackedFleetMemory | FleetMemory {
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const ref = (value: string): number => {
    let i = indexOf.get(value);
    if (i === undefined) {
      i = strings.length;
      strings.push(value);
      indexOf.set(value, i);
    }
    return i;
  };
  const optionalRef = (value: string | undefined): number | null => (value === undefined ? null : ref(value));
  const clusters: Record<string, PackedState> = {};
  for (const id in memory.clusters) {
    const s = memory.clusters[id];
    if (s.id !== id) return memory;
    const packed: PackedState = [
      s.name === nameInId(id) ? null : s.name,
      ref(s.resourceGroup), ref(s.subscriptionId), ref(s.location), s.tags, ref(s.status),
      (s.heartbeatStale ? HEARTBEAT_STALE : 0) | (s.agentSupported ? AGENT_SUPPORTED : 0),
      ref(s.statusSince), s.seq, s.certHorizon ?? null, optionalRef(s.problemSince), optionalRef(s.tenantId),
    ];
    while (packed[packed.length - 1] === null) packed.pop();
    clusters[id] = packed;
  }
  const out: PackedFleetMemory = { packed: 1, generation: memory.generation, pending: memory.pending, strings, clusters };
  if (memory.baselineAt !== undefined) out.baselineAt = memory.baselineAt;
  if (memory.retiredSeq !== undefined) out.retiredSeq = memory.retiredSeq;
  if (memory.latestAgent !== undefined) out.latestAgent = memory.latestAgent;
  return out;
}

/** The in-memory FleetMemory from either stored form. */
export function unpackFleetMemory(stored: PackedFleetMemory | FleetMemory): FleetMemory {
  if (!isPackedFleetMemory(stored)) return stored;
  const { strings } = stored;
  const clusters: Record<string, ClusterState> = {};
  for (const id in stored.clusters) {
    const p = stored.clusters[id];
    const flags = p[6] as number;
    const state: ClusterState = {
      id,
      name: (p[0] as string | null) ?? nameInId(id) ?? '',
      resourceGroup: strings[p[1] as number],
      location: strings[p[3] as number],
      subscriptionId: strings[p[2] as number],
      tags: p[4] as Record<string, string>,
      status: strings[p[5] as number],
      heartbeatStale: (flags & HEARTBEAT_STALE) !== 0,
      agentSupported: (flags & AGENT_SUPPORTED) !== 0,
      statusSince: strings[p[7] as number],
      seq: p[8] as number,
    };
    if (p[9] !== undefined && p[9] !== null) state.certHorizon = p[9] as number;
    if (p[10] !== undefined && p[10] !== null) state.problemSince = strings[p[10] as number];
    if (p[11] !== undefined && p[11] !== null) state.tenantId = strings[p[11] as number];
    clusters[id] = state;
  }
  const memory: FleetMemory = { version: 1, generation: stored.generation, clusters, pending: stored.pending };
  if (stored.baselineAt !== undefined) memory.baselineAt = stored.baselineAt;
  if (stored.retiredSeq !== undefined) memory.retiredSeq = stored.retiredSeq;
  if (stored.latestAgent !== undefined) memory.latestAgent = stored.latestAgent;
  return memory;
}
