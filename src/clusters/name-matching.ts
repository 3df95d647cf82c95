/** Edit distance (Levenshtein), bounded: returns max+1 as soon as the distance must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * "Did you mean" candidates for a name that matched nothing: close by edit distance, or containing
 * / contained in the query (users type "0421" for "store-0421"). Best first, at most `limit`.
 */
export function suggestNames(query: string, names: Iterable<string>, limit = 5): string[] {
  const q = query.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(q.length / 3));
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const n = name.toLowerCase();
    if (seen.has(n)) continue;
    seen.add(n);
    const d = editDistance(q, n, maxDistance);
    let score = d <= maxDistance ? d : Infinity;
    if (q.length >= 3 && (n.includes(q) || q.includes(n))) score = Math.min(score, 1 + Math.abs(n.length - q.length) / 100);
    if (score !== Infinity) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  // Only names about as close as the best one: "stor-0421" suggests store-0421, not store-0101.
  const cutoff = (scored[0]?.score ?? 0) + 1;
  return scored.filter((s) => s.score <= cutoff).slice(0, limit).map((s) => s.name);
}

/** Shell-style pattern (`store-*`, `dc-??-prod`) to a case-insensitive RegExp matching the whole name. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}
