import { FILTER_STATES, FILTER_VALUE_WORDS } from '../clusters/cluster-filter';

/**
 * The part of a command's arguments a log line may carry: the target (the first name-like word, or
 * a cluster resource id), the grammar's own words with their values (`in westeurope`, `rg lab`),
 * states and event kinds, durations and numbers. Every other word (a sentence after the command,
 * pasted output, a token, `key=value`) becomes `…`, so no free text or secret reaches the logs.
 */
export function loggableTarget(args: string): string {
  const words = args.split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  let targetSeen = false;
  words.slice(0, MAX_WORDS).forEach((word, i) => {
    const lower = word.toLowerCase();
    const afterKeyword = i > 0 && FILTER_VALUE_WORDS.has(words[i - 1].toLowerCase());
    let safe = VOCABULARY.has(lower) || FILTER_VALUE_WORDS.has(lower) || NUMBER_OR_DURATION.test(word) || RESOURCE_ID.test(word);
    if (!safe && isNameLike(word) && (afterKeyword || !targetSeen)) {
      safe = true;
      if (!afterKeyword) targetSeen = true;
    }
    if (safe) kept.push(word);
    else if (kept[kept.length - 1] !== '…') kept.push('…');
  });
  if (words.length > MAX_WORDS && kept[kept.length - 1] !== '…') kept.push('…');
  return kept.join(' ');
}

/** Commands take a few words (`mute rg lab 1d`, `subscribe in westeurope offline expired`). */
const MAX_WORDS = 8;
/** States, alert event kinds and the other fixed words of the commands. */
const VOCABULARY: ReadonlySet<string> = new Set([
  ...FILTER_STATES, 'online', 'attention', 'old', 'recovered', 'agent', 'added', 'removed', 'all', 'page', 'tag', 'features', 'cloud',
]);
const NUMBER_OR_DURATION = /^#?\d{1,6}$|^\d{1,4}(m|min|h|d|w)$/i;
/** An Azure resource name (1-63 letters, digits, `-`, `_`, `.`), optionally a `*` pattern. */
const NAME = /^[A-Za-z0-9*][\w.*-]{0,62}$/;
const RESOURCE_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourcegroups\/[\w.()-]{1,90}\/providers\/microsoft\.kubernetes\/connectedclusters\/[\w.-]{1,63}$/i;

/**
 * Long words mixing upper case, lower case and digits look like keys or tokens
 * (`ghp_…`, base64), not the lower-case names clusters are usually given.
 */
function isNameLike(word: string): boolean {
  if (!NAME.test(word)) return false;
  return !(word.length >= 16 && /[a-z]/.test(word) && /[A-Z]/.test(word) && /\d/.test(word));
}
