/** "1 cluster", "2 clusters", "0 clusters"; `plural` for irregular nouns. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
