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

/** "[AMD-net-public][CLI-precheck]" for cards and plain text. */
export function formatSources(tags: readonly SourceTag[]): string {
  return tags.map((t) => `[${t}]`).join('');
}
