/**
 * The bot's own model of a text reply: what it says in its own words (prose), what must be copied
 * exactly (code: commands, placeholders like `<n>`), and what came from Azure or a user (data).
 * The channel edge renders each kind the way its channel shows it literally, so no string here is
 * ever escaped by hand.
 */
export interface TextSegment {
  kind: 'prose' | 'code' | 'data';
  text: string;
}

/** Text the bot computed itself (a time, a sentence chosen at run time), interpolated into says`` as its own words. */
export function prose(text: string): TextSegment {
  return { kind: 'prose', text };
}

/** Something to type or copy exactly, e.g. `unsubscribe <n>`. */
export function code(text: string): TextSegment {
  return { kind: 'code', text };
}

/** An Azure- or user-supplied string (a cluster name, a typed word): shown as data, never as markup or a link. */
export function data(value: string | number): TextSegment {
  return { kind: 'data', text: String(value) };
}

type Part = string | number | TextSegment | readonly TextSegment[];

/**
 * A tagged template for text replies: the template's own text is prose with `backticked` commands
 * as code; every interpolated string or number is data; segments (code(), data(), another says``)
 * pass through.
 */
export function says(strings: TemplateStringsArray, ...values: Part[]): TextSegment[] {
  const out: TextSegment[] = [];
  strings.forEach((literal, i) => {
    out.push(...segmentsOf(literal));
    if (i < values.length) {
      const value = values[i];
      if (typeof value === 'string' || typeof value === 'number') out.push(data(value));
      else if (Array.isArray(value)) out.push(...(value as readonly TextSegment[]));
      else out.push(value as TextSegment);
    }
  });
  return merge(out);
}

/** The bot's own text: `backticked` spans are code, the rest prose. */
export function segmentsOf(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  const parts = text.split('`');
  // An unpaired backtick is prose, not the start of code that never ends.
  if (parts.length % 2 === 0) return text ? [{ kind: 'prose', text }] : [];
  parts.forEach((part, i) => {
    if (part) out.push({ kind: i % 2 === 1 ? 'code' : 'prose', text: part });
  });
  return out;
}

/** The readable plain-text version (notifications, card fallback, channels without formatting): code in backticks. */
export function plainTextOf(segments: readonly TextSegment[]): string {
  return segments.map((s) => (s.kind === 'code' ? `\`${s.text}\`` : s.text)).join('');
}

function merge(segments: TextSegment[]): TextSegment[] {
  const out: TextSegment[] = [];
  for (const s of segments) {
    const last = out.at(-1);
    if (last && last.kind === s.kind && s.kind !== 'code') last.text += s.text;
    else if (s.text) out.push({ ...s });
  }
  return out;
}

/** Segments with the bot's own separator (prose) between them, e.g. commands joined by ", ". */
export function joined(segments: readonly TextSegment[], separator: string): TextSegment[] {
  return segments.flatMap((s, i) => (i ? [{ kind: 'prose', text: separator } as const, s] : [s]));
}
