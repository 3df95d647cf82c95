/**
 * Azure- and user-supplied strings (cluster names, tags, distributions, pasted output, typed
 * arguments) are data, never markup. This file is the one place they are made safe to show.
 *
 * Unicode's bidirectional controls (https://www.unicode.org/reports/tr9/#Explicit_Directional_Embeddings)
 * can make text read differently from what it is ("Trojan Source", https://trojansource.codes/):
 * they are shown as their code point, "[U+202E]". Other control characters are removed.
 */
const INVISIBLE_FORMATTING = /[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
// C0 controls except tab and line feed, DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The string with control characters removed and invisible formatting characters made visible. */
export function visibleText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(INVISIBLE_FORMATTING, (ch) => `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/**
 * Every ASCII punctuation character markdown or HTML could read as syntax, escaped with a
 * backslash as CommonMark allows for any ASCII punctuation (https://spec.commonmark.org/0.31.2/#backslash-escapes).
 * `:` and `.` are escaped too, so `https://evil.example` in a tag is not turned into a link by a
 * renderer that links bare URLs; `[x](javascript:...)` loses its brackets. Braces are escaped for renderers with attribute syntax (`{.class}`). A `-`, `+` or `1.` that
 * starts a line would start a list, so it is escaped there.
 */
const MARKDOWN_SYNTAX = /[\\`*_[\]{}()<>#|~&:.!]/g;
const LIST_MARKER = /^(\s*)([-+])/gm;

/**
 * The one function for data shown inside a markdown TextBlock or FactSet: shown exactly as the data
 * is, with no links, emphasis or HTML, and no invisible characters. Text in elements that are not
 * markdown (TextRun, CodeBlock) gets visibleText() only; their builders apply it.
 */
export function plain(value: string): string {
  return visibleText(value).replace(MARKDOWN_SYNTAX, '\\$&').replace(LIST_MARKER, '$1\\$2');
}
