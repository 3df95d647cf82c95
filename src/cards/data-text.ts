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
 * ASCII punctuation markdown or HTML could read as syntax, escaped with a backslash as CommonMark
 * allows (https://spec.commonmark.org/0.31.2/#backslash-escapes): emphasis, code, links, HTML,
 * entities, headings, tables, and braces (attribute syntax `{.class}` in some renderers).
 * `(`, `)` and `!` only matter after a `[`, which is escaped.
 */
const MARKDOWN_SYNTAX = /[\\`*_[\]{}<>#|~&]/g;
/**
 * What a renderer that links bare addresses (https://github.com/markdown-it/linkify-it) would take
 * for a link: a scheme's `:` (`https://`, `javascript:`) and a dot before letters (`evil.example`).
 */
const LINKABLE = /:(?=\/\/)|(?<=\b(?:javascript|vbscript|data|mailto|file)):|(?<=\w)\.(?=[A-Za-z])/gi;
/** A `-`, `+` or `1.` that starts a line would start a list. */
const LIST_MARKER = /^(\s*)([-+*]|\d{1,9}\.)(?=\s|$)/gm;

/**
 * The one function for data shown inside a markdown TextBlock or FactSet: shown exactly as the data
 * is, with no links, emphasis or HTML, and no invisible characters. Text in elements that are not
 * markdown (TextRun, CodeBlock) gets visibleText() only; their builders apply it.
 */
export function plain(value: string): string {
  return visibleText(value).replace(MARKDOWN_SYNTAX, '\\$&').replace(LINKABLE, '\\$&').replace(LIST_MARKER, (_m, indent: string, marker: string) => `${indent}${marker.length === 1 ? `\\${marker}` : `${marker.slice(0, -1)}\\.`}`);
}

/**
 * HTML and markdown syntax characters, for text messages. `-`, `+`, `=`, `.` and digits start lists
 * or headings only at the start of a line, and lines break with <br>, so only the first character
 * of a message could (textStart() handles it).
 */
const HTML_OR_MARKDOWN = /[\\`*_[\]{}()<>#|~&!]/g;

/**
 * Text messages in Teams are sent as HTML (textFormat "xml",
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/format-your-bot-messages).
 * Syntax characters become numeric character references: HTML shows each as the character, and
 * markdown never reads a character reference as syntax
 * (https://spec.commonmark.org/0.31.2/#entity-and-numeric-character-references), so the text is
 * exact in clients that render HTML and in those that run markdown over it. Lines break with <br>.
 */
export function exactHtml(value: string): string {
  return value.replace(HTML_OR_MARKDOWN, entity).replace(/\n/g, '<br>');
}

/** A whole HTML message: its first character cannot start a list or heading. */
export function textStart(html: string): string {
  return html.replace(/^[-+=\d]/, entity);
}

function entity(ch: string): string {
  return `&#${ch.charCodeAt(0)};`;
}

/**
 * The sibling of plain() for HTML text messages: data shown exactly, with no markup, no invisible
 * characters, and nothing a client would turn into a link. Linkifiers match within one text node
 * (https://github.com/markdown-it/linkify-it), so the characters LINKABLE names are put in their
 * own element: `https<span>:</span>//evil<span>.</span>example` reads and copies as the original.
 */
export function plainHtml(value: string): string {
  return visibleText(value)
    .split(new RegExp(`(${LINKABLE.source})`, 'gi'))
    .map((part, i) => (i % 2 === 1 ? `<span>${exactHtml(part)}</span>` : exactHtml(part)))
    .join('');
}
