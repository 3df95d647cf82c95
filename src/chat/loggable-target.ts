/**
 * The part of a command's arguments a log line may carry: cluster names and patterns, filter and
 * event words, durations, numbers and cluster resource ids. Any other word (pasted output, a
 * token, `key=value`, a sentence) becomes `…`, so no free text or secret reaches the logs.
 */
export function loggableTarget(args: string): string {
  const words = args.split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (const word of words.slice(0, MAX_WORDS)) {
    const safe = isNameLike(word) || RESOURCE_ID.test(word) ? word : '…';
    if (safe === '…' && kept[kept.length - 1] === '…') continue;
    kept.push(safe);
  }
  if (words.length > MAX_WORDS && kept[kept.length - 1] !== '…') kept.push('…');
  return kept.join(' ');
}

/** Commands take a few words (`mute rg lab 1d`, `subscribe in westeurope offline expired`). */
const MAX_WORDS = 8;
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
