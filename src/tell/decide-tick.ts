import type { Acknowledgement } from './alert-acknowledgement';
import type { Cluster } from '../clusters/cluster';
import type { InvalidRows } from '../clusters/cluster-directory';
import { monitoringDegradedMessage, monitoringRestoredMessage } from './alert-messages';
import { planAlerts, type SuppressedCount } from './alert-planner';
import type { ClusterEvent, FleetMemory } from './fleet-diff';
import { FleetObserver } from './fleet-observer';
import { judgeFleetCounts, likelyCauseOf, type FleetReadFault } from './fleet-read-guard';
import { latestAgentVersion, KNOWN_LATEST_AGENT_VERSION } from '../clusters/connectivity';
import type { DirectoryHealth, MonitorDoc, SuspectRead } from './stores/monitor-state-store';
import { mutesEndedBy, muteEndedItem, type EndedMute } from './mute-ending';
import type { Mute } from './stores/mute-store';
import type { NewOutboxItem } from './stores/outbox-store';
import type { ConversationSubscriptions } from './stores/subscription-store';

/**
 * What one fleet query gave: the clusters, or the observer they were fed to page by page as they
 * arrived (see startFleetObserver), and how many rows were invalid data; or the error that stopped it.
 */
export type FleetRead =
  | { ok: true; clusters: Cluster[]; invalidRows?: InvalidRows }
  | { ok: true; observer: FleetObserver; invalidRows?: InvalidRows }
  | { ok: false; error: unknown };

/**
 * The diff a tick's read is fed to as it arrives. `assumedLatestAgent`: the newest agent version
 * the last read found (pages are judged against it; FleetObserver.latestAgentSettled() says if it held).
 */
export function startFleetObserver(fleet: FleetMemory, now: Date, options: TickDecisionOptions, assumedLatestAgent = fleet.latestAgent ?? KNOWN_LATEST_AGENT_VERSION): FleetObserver {
  return new FleetObserver(fleet, now, { confirmations: options.confirmations, removalMinMs: options.removalMinMs, assumedLatestAgent });
}

/** How many distinct clusters a successful read returned. */
export function clustersRead(read: Extract<FleetRead, { ok: true }>): number {
  return 'observer' in read ? read.observer.readCount : read.clusters.length;
}

export interface TickDecisionOptions {
  /** Consecutive polls a change must be seen in before it alerts. */
  confirmations: number;
  /** More clusters than this changing at once -> one digest per conversation. */
  digestThreshold: number;
  /** Consecutive failed fleet reads before the one "monitoring degraded" notice. */
  degradedAfterFailures: number;
  /** A cluster missing from the fleet is "removed" only after this long as well as `confirmations` reads. */
  removalMinMs: number;
  /** `FLEET_DROP_GUARD_PERCENT`: a read that loses more than this share of the known fleet is a source fault. */
  dropGuardPercent: number;
}

export interface TickInput {
  read: FleetRead;
  /** What the previous tick persisted: the confirmed fleet and the directory's health. */
  memory: MonitorDoc;
  subscriptions: Record<string, ConversationSubscriptions>;
  mutes: Record<string, Mute[]>;
  /** `openCardKey(conversation, cluster)` of every alert card a recovery can update in place. */
  openAlertCards: ReadonlySet<string>;
  /** Who acknowledged which open alert (by `openCardKey`): reminders and recoveries name them. */
  acknowledgements?: ReadonlyMap<string, Acknowledgement>;
  now: Date;
  options: TickDecisionOptions;
}

/** Messages about the monitor itself rather than one cluster (each also has its outbox items). */
export type TickNotice =
  | { kind: 'degraded'; episode: number; consecutiveFailures: number }
  | { kind: 'restored'; episode: number }
  | { kind: 'mute-ended'; conversationId: string; muteNumber: number; stillUnhealthy: number };

/** What the tick saw, for the log line and the caller. */
export type TickSummary =
  | { kind: 'baseline'; clusters: number }
  | { kind: 'observed'; events: ClusterEvent[]; suppressedEvents: number }
  | { kind: 'directory-failed'; consecutiveFailures: number; error: string; correlationId?: string }
  | { kind: 'read-distrusted'; fault: FleetReadFault; read: number; known: number; consecutiveFailures: number };

export interface TickDecision {
  /** The memory after this tick; undefined when nothing in it changed (no write needed). */
  memoryToSave?: MonitorDoc;
  /** Alerts and notices in delivery order, each with a deterministic key (the outbox skips known keys). */
  outbox: NewOutboxItem[];
  notices: TickNotice[];
  /** Events each mute held back, to add to its count. */
  suppressed: SuppressedCount[];
  /** Mutes whose time is up, to remove. */
  endedMutes: EndedMute[];
  summary: TickSummary;
}

/**
 * One monitor tick as a pure decision: the fleet read (or its failure) against the persisted memory,
 * the subscriptions and mutes -> what to enqueue, what to remember, which mutes to settle. Re-deciding
 * from the same memory gives the same outbox keys, so a crash between the writes never double-posts.
 */
export function decideTick(input: TickInput): TickDecision {
  const reachable = reachableConversations(input.subscriptions);
  const { read } = input;
  if (!read.ok) return decideFailed(input, read.error, reachable);
  const observer = 'observer' in read ? read.observer : observeWhole(input, read.clusters);
  const counts = observer.close(new Set(read.invalidRows?.clusterIds ?? []));
  const verdict = judgeFleetCounts({ ...counts, dropGuardPercent: input.options.dropGuardPercent });
  if (verdict.trusted) return decideObserved(input, observer, reachable, {});
  const suspect = suspectAfter(input.memory.directory.suspect, verdict, input.now);
  if (verdict.fault === 'shrunk' && massRemovalConfirmed(suspect, input)) {
    return decideObserved(input, observer, reachable, { massRemoval: true });
  }
  return decideDistrusted(input, verdict, suspect, reachable);
}

/** A read handed over whole: the newest agent version is known before any cluster is judged. */
function observeWhole(input: TickInput, clusters: Cluster[]): FleetObserver {
  const observer = startFleetObserver(input.memory.fleet, input.now, input.options, latestAgentVersion(clusters));
  observer.add(clusters);
  return observer;
}

/** The run of distrusted reads this one continues (same fault and size), or a new one. */
function suspectAfter(previous: SuspectRead | undefined, verdict: { fault: FleetReadFault; read: number; known: number }, now: Date): SuspectRead {
  if (previous && previous.fault === verdict.fault && previous.read === verdict.read && previous.known === verdict.known) {
    return { ...previous, reads: previous.reads + 1 };
  }
  return { fault: verdict.fault, read: verdict.read, known: verdict.known, since: now.toISOString(), reads: 1 };
}

/**
 * A shrunken fleet that stays exactly the same for as long as any removal must be confirmed (and as
 * long as it takes to call monitoring degraded) is believed: the clusters really went, or the bot
 * really lost access to them, and subscribers are told once, in a digest that says which it may be.
 * An empty read is never believed.
 */
function massRemovalConfirmed(suspect: SuspectRead, input: TickInput): boolean {
  const { options, now } = input;
  return suspect.reads >= Math.max(options.confirmations, options.degradedAfterFailures) && now.getTime() - Date.parse(suspect.since) >= options.removalMinMs;
}

/** A read we do not believe: no cluster alerts, the memory kept; counted like a failed read. */
function decideDistrusted(input: TickInput, verdict: { fault: FleetReadFault; read: number; known: number }, suspect: SuspectRead, reachable: string[]): TickDecision {
  const reason = `the fleet read returned ${verdict.read} of ${verdict.known} clusters. ${likelyCauseOf(verdict.fault)}`;
  const failed = decideFailed(input, new Error(reason), reachable, { read: verdict.read, known: verdict.known });
  const directory = { ...failed.memoryToSave!.directory, suspect };
  return {
    ...failed,
    memoryToSave: { ...failed.memoryToSave!, directory },
    summary: { kind: 'read-distrusted', fault: verdict.fault, read: verdict.read, known: verdict.known, consecutiveFailures: directory.consecutiveFailures },
  };
}

/** Conversations that still take alerts: at least one subscription, not disabled by Teams. */
export function reachableConversations(subscriptions: Record<string, ConversationSubscriptions>): string[] {
  return Object.entries(subscriptions).filter(([, s]) => !s.disabledReason && s.items.length).map(([id]) => id);
}

/** A failed read never turns into cluster alerts: it only counts, and after enough, one "degraded" notice. */
function decideFailed(input: TickInput, error: unknown, reachable: string[], partial?: { read: number; known: number }): TickDecision {
  const { now, options } = input;
  const health: DirectoryHealth = { ...input.memory.directory };
  health.consecutiveFailures++;
  health.lastError = errorText(error);
  const outbox: NewOutboxItem[] = [];
  const notices: TickNotice[] = [];
  if (!health.degraded && health.consecutiveFailures >= options.degradedAfterFailures) {
    health.degraded = true;
    health.episode++;
    health.degradedSince = now.toISOString();
    const message = monitoringDegradedMessage(health.consecutiveFailures, health.lastError, partial, now);
    for (const conversationId of reachable) {
      outbox.push({ key: `${conversationId}|degraded|${health.episode}`, conversationId, action: 'send', message });
    }
    notices.push({ kind: 'degraded', episode: health.episode, consecutiveFailures: health.consecutiveFailures });
  }
  const correlationId = (error as { correlationId?: string } | undefined)?.correlationId;
  return {
    memoryToSave: { ...input.memory, directory: health },
    outbox,
    notices,
    suppressed: [],
    endedMutes: [],
    summary: { kind: 'directory-failed', consecutiveFailures: health.consecutiveFailures, error: health.lastError, ...(correlationId ? { correlationId } : {}) },
  };
}

function decideObserved(input: TickInput, observer: FleetObserver, reachable: string[], read: { massRemoval?: boolean }): TickDecision {
  const { now, options } = input;
  const health = input.memory.directory;
  const outbox: NewOutboxItem[] = [];
  const notices: TickNotice[] = [];
  if (health.degraded) {
    const message = monitoringRestoredMessage(now.getTime() - Date.parse(health.degradedSince ?? now.toISOString()), now);
    for (const conversationId of reachable) {
      outbox.push({ key: `${conversationId}|restored|${health.episode}`, conversationId, action: 'send', message });
    }
    notices.push({ kind: 'restored', episode: health.episode });
  }

  const observed = observer.finish({ confirmRemovalsNow: read.massRemoval });
  const plan = planAlerts({
    events: observed.events,
    subscriptions: input.subscriptions,
    mutes: input.mutes,
    now,
    generation: observed.memory.generation,
    // A confirmed mass removal is one digest, whatever the threshold, saying it may be a permission change.
    digestThreshold: read.massRemoval ? 0 : options.digestThreshold,
    digestNote: read.massRemoval ? MASS_REMOVAL_NOTE : undefined,
    openAlertCards: input.openAlertCards,
    acknowledgements: input.acknowledgements,
  });
  outbox.push(...plan.items);

  const endedMutes = mutesEndedBy(input.mutes, now);
  for (const ended of endedMutes) {
    if (!reachable.includes(ended.conversationId)) continue;
    const card = muteEndedItem(ended, Object.values(observed.memory.clusters), now, input.acknowledgements);
    if (!card) continue;
    outbox.push(card.item);
    notices.push({ kind: 'mute-ended', conversationId: ended.conversationId, muteNumber: ended.mute.number, stillUnhealthy: card.stillUnhealthy });
  }

  const directoryChanged = health.consecutiveFailures > 0 || health.degraded || health.suspect !== undefined;
  const memory: MonitorDoc = { ...input.memory, fleet: observed.memory, directory: { consecutiveFailures: 0, degraded: false, episode: health.episode } };
  return {
    memoryToSave: observed.changed || directoryChanged ? memory : undefined,
    outbox,
    notices,
    suppressed: plan.suppressed,
    endedMutes,
    summary: observed.baseline
      ? { kind: 'baseline', clusters: observer.readCount }
      : { kind: 'observed', events: observed.events, suppressedEvents: plan.suppressed.reduce((n, s) => n + s.events, 0) },
  };
}

const MASS_REMOVAL_NOTE =
  'So many clusters leaving at once may be a permission change rather than deleted clusters: check that the bot identity still has the Reader role on every subscription it watches.';

/** The user-facing text of a directory error when it has one (DirectoryError.userMessage), else its message. */
function errorText(error: unknown): string {
  return (error as { userMessage?: string })?.userMessage ?? (error as Error)?.message ?? String(error);
}
