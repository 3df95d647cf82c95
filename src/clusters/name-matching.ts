/** Two rows of the edit-distance table, reused across calls: a "did you mean" over 50,000 names allocates nothing per name. */
let previousRow = new Uint16Array(64);
let currentRow = new Uint16Array(64);

/** Edit distance (Levenshtein), bounded: returns max+1 as soon as the distance must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (previousRow.length <= b.length) {
    previousRow = new Uint16Array(b.length + 1);
    currentRow = new Uint16Array(b.length + 1);
  }
  let prev = previousRow;
  let cur = currentRow;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1] + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      const insertOrDelete = (prev[j] < cur[j - 1] ? prev[j] : cur[j - 1]) + 1;
      const d = substitute < insertOrDelete ? substitute : insertOrDelete;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** A name and its lower-case form, computed once (FleetIndex keeps one list per snapshot). */
export interface NameCandidate {
  name: string;
  lower: string;
}

/** Each distinct name (ignoring case) once, first spelling kept. */
export function nameCandidates(names: Iterable<string>): NameCandidate[] {
  const seen = new Set<string>();
  const candidates: NameCandidate[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    candidates.push({ name, lower });
  }
  return candidates;
}

/**
 * "Did you mean" candidates for a name that matched nothing: close by edit distance, or containing
 * / contained in the query (users type "0421" for "store-0421"). Best first, at most `limit`.
 */
export function suggestNames(query: string, names: Iterable<string> | readonly NameCandidate[], limit = 5): string[] {
  const candidates = Array.isArray(names) && typeof names[0] === 'object' ? (names as readonly NameCandidate[]) : nameCandidates(names as Iterable<string>);
  const q = query.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(q.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const { name, lower: n } of candidates) {
    let score = Infinity;
    if (q.length >= 3 && (n.includes(q) || q.includes(n))) score = 1 + Math.abs(n.length - q.length) / 100;
    const d = editDistance(q, n, maxDistance);
    if (d <= maxDistance && d < score) score = d;
    if (score !== Infinity) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Only names about as close as the best one: "stor-0421" suggests store-0421, not store-0101.
  const cutoff = (scored[0]?.score ?? 0) + 1;
  return scored.filter((s) => s.score <= cutoff).slice(0, limit).map((s) => s.name);
}

/** Shell-style pattern (`store-*`, `dc-??-prod`) to a case-insensitive RegExp matching the whole name. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}
