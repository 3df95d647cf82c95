/**
 * Source tags: short names of the public pages behind the facts (Microsoft Learn's Azure Arc articles,
 * the connectedk8s CLI source). Every knowledge entry cites at least one, so a reader can check the fact; `validateKnowledge()` rejects unknown tags.
 */
const SOURCE_TAGS = [
  'AMD-modes',
  'AMD-faq',
  'AMD-data',
  'AMD-agents',
  'AMD-upgrade',
  'AMD-release-notes',
  'AMD-net',
  'AMD-net-public',
  'AMD-net-gov',
  'AMD-net-china',
  'AMD-net-history',
  'AMD-net-principles',
  'AMD-region-note',
  'AMD-quickstart',
  'AMD-troubleshoot',
  'AMD-diagnose',
  'AMD-pl',
  'AMD-gateway',
  'AMD-sysreq',
  'AMD-flux',
  'AMD-fw-proxy',
  'CLI-troubleshoot',
  'CLI-precheck',
  'CLI-errors',
  'CLI-params',
  /** Standard kubectl/curl usage built from documented parts (not quoted from a page). */
  'derived',
] as const;

export type SourceTag = (typeof SOURCE_TAGS)[number];

export function isSourceTag(value: string): value is SourceTag {
  return (SOURCE_TAGS as readonly string[]).includes(value);
}

const ARC = 'https://learn.microsoft.com/azure/azure-arc/kubernetes';
const CLI = 'https://github.com/Azure/azure-cli-extensions/blob/main/src/connectedk8s/azext_connectedk8s';
const NETWORK = `${ARC}/network-requirements`;

/** The public page behind each tag, as users see it: a title and its address (none for `derived`). */
export const SOURCE_PAGES: Record<SourceTag, { title: string; url: string } | undefined> = {
  'AMD-modes': { title: 'Connectivity modes', url: `${ARC}/conceptual-connectivity-modes` },
  'AMD-faq': { title: 'Arc Kubernetes FAQ', url: `${ARC}/faq` },
  'AMD-data': { title: 'Data exchanged', url: `${ARC}/conceptual-data-exchange` },
  'AMD-agents': { title: 'Agent overview', url: `${ARC}/conceptual-agent-overview` },
  'AMD-upgrade': { title: 'Agent upgrades', url: `${ARC}/agent-upgrade` },
  'AMD-release-notes': { title: 'Release notes', url: `${ARC}/release-notes` },
  'AMD-net': { title: 'Network requirements', url: NETWORK },
  'AMD-net-public': { title: 'Network requirements (Azure public cloud)', url: `${NETWORK}?tabs=azure-cloud` },
  'AMD-net-gov': { title: 'Network requirements (Azure Government)', url: `${NETWORK}?tabs=azure-us-government` },
  'AMD-net-china': { title: 'Network requirements (Azure operated by 21Vianet)', url: `${NETWORK}?tabs=azure-china` },
  'AMD-net-history': { title: 'Network requirements', url: NETWORK },
  'AMD-net-principles': { title: 'Network requirements', url: NETWORK },
  'AMD-region-note': { title: 'Network requirements', url: NETWORK },
  'AMD-quickstart': { title: 'Connect a cluster (quickstart)', url: `${ARC}/quickstart-connect-cluster` },
  'AMD-troubleshoot': { title: 'Troubleshooting', url: `${ARC}/troubleshooting` },
  'AMD-diagnose': { title: 'Diagnose connection issues', url: `${ARC}/diagnose-connection-issues` },
  'AMD-pl': { title: 'Private link', url: `${ARC}/private-link` },
  'AMD-gateway': { title: 'Arc gateway', url: `${ARC}/arc-gateway-simplify-networking` },
  'AMD-sysreq': { title: 'System requirements', url: `${ARC}/system-requirements` },
  'AMD-flux': { title: 'GitOps with Flux v2', url: `${ARC}/conceptual-gitops-flux2` },
  'AMD-fw-proxy': { title: 'Connect through a proxy', url: `${ARC}/quickstart-connect-cluster` },
  'CLI-troubleshoot': { title: 'az connectedk8s troubleshoot (source)', url: `${CLI}/_troubleshootutils.py` },
  'CLI-precheck': { title: 'az connectedk8s pre-checks (source)', url: `${CLI}/_precheckutils.py` },
  'CLI-errors': { title: 'az connectedk8s errors (source)', url: `${CLI}/_constants.py` },
  'CLI-params': { title: 'az connectedk8s reference', url: 'https://learn.microsoft.com/cli/azure/connectedk8s' },
  derived: undefined,
};

/** The pages behind `tags`, each once (several tags share a page), for links on cards. */
export function sourcePages(tags: readonly string[]): { title: string; url: string }[] {
  const pages = tags.map((t) => (isSourceTag(t) ? SOURCE_PAGES[t] : undefined)).filter((p): p is { title: string; url: string } => !!p);
  return pages.filter((p, i) => pages.findIndex((q) => q.url === p.url) === i);
}

const CITATION = /\s*\[([A-Za-z]+-[A-Za-z-]+|derived)\]/g;

/** The citation tags in a knowledge text ("... [AMD-net-public]"). */
export function citationsIn(value: string): string[] {
  return [...value.matchAll(CITATION)].map((m) => m[1]);
}

/** A knowledge text without its citation tags (plain text, evidence lines): users see pages, never tags. */
export function withoutCitations(value: string): string {
  return value.replace(CITATION, '');
}

/** Plain text (logs, text-only channels): "(see https://...)", never the internal tags. */
export function formatSources(tags: readonly SourceTag[]): string {
  const pages = sourcePages(tags);
  return pages.length ? `(see ${pages.map((p) => p.url).join(' ')})` : '';
}
