import { AZURE_CLOUDS } from './azure-clouds';
import type { Cluster } from './cluster';

/**
 * Connectivity semantics, thresholds as the Azure Arc docs state them.
 * - Connected = a heartbeat within the previous 15 minutes; Offline = none for at least 15 minutes (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes).
 * - The MSI certificate is valid up to 90 days and renewed between day 46 and day 90 only if the
 *   cluster connects (https://learn.microsoft.com/azure/azure-arc/kubernetes/faq); so expiry within 45 days while not Connected is "at risk of Expired" (the bot's own rule).
 * - Agents are supported inside N-2 minor versions of the latest release (https://learn.microsoft.com/azure/azure-arc/kubernetes/agent-upgrade, https://github.com/Azure/azure-cli-extensions/blob/main/src/connectedk8s/azext_connectedk8s/_troubleshootutils.py).
 */
export const HEARTBEAT_STALE_AFTER_MS = 15 * 60 * 1000;
export const CERT_EXPIRY_RISK_DAYS = 45;
const AGENT_SUPPORTED_MINOR_WINDOW = 2;
/** Newest agent in the release notes as of 2026-08 (https://learn.microsoft.com/azure/azure-arc/kubernetes/release-notes: 1.36.1, July 2026); the fleet may show a newer one. */
export const KNOWN_LATEST_AGENT_VERSION = '1.36.1';
/** Onboarding metadata can take up to 10 minutes (https://learn.microsoft.com/azure/azure-arc/kubernetes/quickstart-connect-cluster); the bot warns after ~15. */
const CONNECTING_STUCK_AFTER_MS = 15 * 60 * 1000;

export type Severity = 'ok' | 'info' | 'warning' | 'high' | 'critical';

export interface StatusMeaning {
  colour: 'good' | 'warning' | 'attention' | 'accent' | 'default';
  emoji: string;
  meaning: string;
  firstStep: string;
}

/** What each status means and the first thing to do (https://learn.microsoft.com/azure/azure-arc/kubernetes/conceptual-connectivity-modes). */
const STATUS_MEANINGS: Record<string, StatusMeaning> = {
  Connected: {
    colour: 'good',
    emoji: '🟢',
    meaning: 'A heartbeat arrived within the last 15 minutes.',
    firstStep: 'Nothing to do.',
  },
  Offline: {
    colour: 'attention',
    emoji: '🔴',
    meaning: 'The cluster was connected before, but no heartbeat has arrived for at least 15 minutes.',
    firstStep: 'Check the cluster is up and the pods in azure-arc are Running (kubectl get pods -n azure-arc), then run diagnose.',
  },
  Expired: {
    colour: 'attention',
    emoji: '⛔',
    meaning: 'The managed identity certificate has expired; Arc features (configurations, extensions, policy, monitoring) stop working.',
    firstStep: 'Only fix, and a destructive one: az connectedk8s delete (deletes the Azure Arc resource with its extensions and configurations), then az connectedk8s connect, then re-create the extensions and configurations.',
  },
  Connecting: {
    colour: 'warning',
    emoji: '🟡',
    meaning: 'The Azure resource exists, but no agent heartbeat has been received yet.',
    firstStep: 'Wait up to 10-15 minutes after onboarding; if it stays Connecting, check the agent pods, DNS and outbound access.',
  },
  AgentNotInstalled: {
    colour: 'accent',
    emoji: 'ℹ️',
    meaning: 'No Arc agents by design (agentless kind). Informational, not a failure.',
    firstStep: 'Nothing to do unless agents were expected.',
  },
};

export const UNKNOWN_STATUS_MEANING: StatusMeaning = {
  colour: 'default',
  emoji: '❔',
  meaning: 'Resource Graph reported a status this bot does not know.',
  firstStep: 'Check the cluster in the Azure portal.',
};

export function statusMeaning(status: string): StatusMeaning {
  return STATUS_MEANINGS[status] ?? UNKNOWN_STATUS_MEANING;
}

export interface AgentSupport {
  supported: boolean;
  latest: string;
  minorsBehind?: number;
}

function parseVersion(v: string | undefined): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [0, 0, 0];
  const pb = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** A release as the agents report it: three plain numbers (no prefix, no pre-release suffix). */
const RELEASE_VERSION = /^\d{1,3}\.\d{1,3}\.\d{1,4}$/;
/** A version counts as "the latest" only when this many clusters run it (or half a very small fleet): one row is a glitch. */
const LATEST_MIN_CLUSTERS = 3;
/**
 * Agent minors ship roughly monthly (https://learn.microsoft.com/en-us/azure/azure-arc/kubernetes/release-notes),
 * so a fleet version more than a year of minors ahead of the release notes, or with another major, is bad data.
 */
const LATEST_MAX_MINORS_AHEAD = 12;

/**
 * The newest agent version known: the release notes, or a newer one the fleet trusts. A fleet
 * version counts only when it is a well-formed release, plausible next to the release notes, and
 * run by several clusters, so one malformed or glitched row never puts the rest out of support.
 */
export function latestAgentVersion(clusters: Iterable<Pick<Cluster, 'agentVersion'>>): string {
  // Count first, parse after: a fleet runs a handful of distinct versions, so each is parsed once
  // instead of once per cluster (the per-cluster parse was most of a request's CPU at 50,000 clusters).
  const counts = new Map<string, number>();
  let fleetSize = 0;
  for (const c of clusters) {
    fleetSize++;
    const v = c.agentVersion;
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return latestAgentVersionOf(counts, fleetSize);
}

/**
 * latestAgentVersion from how many clusters run each agent version (`fleetSize` counts clusters
 * without one too), for readers that count the fleet page by page instead of holding it.
 */
export function latestAgentVersionOf(counts: ReadonlyMap<string, number>, fleetSize: number): string {
  const known = parseVersion(KNOWN_LATEST_AGENT_VERSION)!;
  const needed = Math.min(LATEST_MIN_CLUSTERS, Math.max(1, Math.ceil(fleetSize / 2)));
  let latest = KNOWN_LATEST_AGENT_VERSION;
  for (const [version, count] of counts) {
    if (count < needed || compareVersions(version, latest) <= 0) continue;
    const parts = parseVersion(version);
    const plausible = RELEASE_VERSION.test(version) && parts !== undefined && parts[0] === known[0] && parts[1] - known[1] <= LATEST_MAX_MINORS_AHEAD;
    if (plausible) latest = version;
  }
  return latest;
}

/** CLI rule (check_agent_version): unsupported if major is lower, or latest minor - current minor > 2. */
export function agentSupport(version: string | undefined, latest: string): AgentSupport | undefined {
  const cur = parseVersion(version);
  const lat = parseVersion(latest);
  if (!cur || !lat) return undefined;
  if (cur[0] < lat[0]) return { supported: false, latest };
  const minorsBehind = Math.max(0, lat[1] - cur[1]);
  return { supported: cur[0] > lat[0] || minorsBehind <= AGENT_SUPPORTED_MINOR_WINDOW, latest, minorsBehind };
}

export interface ClusterHealth {
  status: string;
  severity: Severity;
  heartbeatAgeMs?: number;
  heartbeatStale: boolean;
  certificateDaysLeft?: number;
  certificateExpired: boolean;
  expiryRisk: boolean;
  connectingStuck: boolean;
  agent?: AgentSupport;
  /** Short human flags, most important first. */
  flags: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Derived health beyond the raw status (the bot's severity mapping). Pure: `now` and `latestAgent` are inputs. */
export function assessHealth(cluster: Cluster, now: Date, latestAgent: string = KNOWN_LATEST_AGENT_VERSION): ClusterHealth {
  const heartbeatAgeMs = cluster.lastConnectivityTime ? Math.max(0, now.getTime() - cluster.lastConnectivityTime.getTime()) : undefined;
  const certificateDaysLeft = cluster.certificateExpiresAt
    ? Math.floor((cluster.certificateExpiresAt.getTime() - now.getTime()) / DAY_MS)
    : undefined;
  const certificateExpired = cluster.certificateExpiresAt ? cluster.certificateExpiresAt.getTime() <= now.getTime() : false;
  const heartbeatStale = cluster.status === 'Connected' && heartbeatAgeMs !== undefined && heartbeatAgeMs > HEARTBEAT_STALE_AFTER_MS;
  const expiryRisk =
    cluster.status !== 'Connected' && cluster.status !== 'Expired' && cluster.status !== 'AgentNotInstalled' &&
    certificateDaysLeft !== undefined && !certificateExpired && certificateDaysLeft < CERT_EXPIRY_RISK_DAYS;
  const connectingStuck = cluster.status === 'Connecting' && heartbeatAgeMs !== undefined && heartbeatAgeMs > CONNECTING_STUCK_AFTER_MS;
  const agent = agentSupport(cluster.agentVersion, latestAgent);

  const flags: string[] = [];
  if (cluster.status === 'Expired' || (certificateExpired && cluster.status !== 'AgentNotInstalled')) flags.push('certificate expired');
  if (expiryRisk) flags.push(`at risk of Expired (certificate ${certificateDaysLeft} day${certificateDaysLeft === 1 ? '' : 's'} left)`);
  if (heartbeatStale) flags.push('heartbeat stale');
  if (connectingStuck) flags.push('onboarding looks stuck');
  if (agent && !agent.supported) flags.push(`agent ${cluster.agentVersion} out of support (latest ${agent.latest})`);

  let severity: Severity = 'ok';
  if (cluster.status === 'AgentNotInstalled') severity = 'info';
  if (heartbeatStale || connectingStuck || (agent && !agent.supported) || cluster.status === 'Connecting') severity = 'warning';
  if (cluster.status === 'Offline') severity = 'high';
  if (expiryRisk) severity = 'high';
  if (cluster.status === 'Expired' || certificateExpired) severity = cluster.status === 'AgentNotInstalled' ? severity : 'critical';
  if (!STATUS_MEANINGS[cluster.status] && severity === 'ok') severity = 'warning';

  return { status: cluster.status, severity, heartbeatAgeMs, heartbeatStale, certificateDaysLeft, certificateExpired, expiryRisk, connectingStuck, agent, flags };
}

/** "41 min ago", "3 h 5 min ago", "2 d 4 h ago"; "just now" under a minute. */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined) return 'never';
  return ms < 60_000 ? 'just now' : `${formatDuration(ms)} ago`;
}

/** "41 min", "2 h 14 min", "3 d 2 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** Link to the cluster's blade in the portal of its cloud (the public cloud's when not given). */
export function portalUrl(cluster: Pick<Cluster, 'id' | 'tenantId'>, portalHost = AZURE_CLOUDS.AzurePublicCloud.portalHost): string {
  const tenant = cluster.tenantId ? `#@${cluster.tenantId}` : '#';
  return `${portalHost}/${tenant}/resource${cluster.id}/overview`;
}
