const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * The run of backslashes right before `end` (counting `carried` ones from the previous chunk when
 * the run reaches the chunk's start; `floor`: where the string's bytes in this chunk begin).
 */
function backslashesBefore(chunk: Buffer, end: number, carried: number, floor = 0): number {
  let n = 0;
  while (end - n - 1 >= floor && chunk[end - n - 1] === BACKSLASH) n++;
  return end - n === 0 ? n + carried : n;
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Reads a Resource Graph query response body (`{"totalRecords":..,"data":[row, ...],"$skipToken":..}`,
 * https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources) chunk by
 * chunk as it arrives and hands each row of `data` to `onRow` on its own: a row's bytes are parsed
 * with JSON.parse when the row is complete, so a 1,000-row page (about 1.4 MB) never becomes one
 * string. Everything outside `data` (a few hundred bytes) is kept and parsed at the end.
 *
 * Byte-level scanning is safe for UTF-8: every byte of a multi-byte character is >= 0x80, so it is
 * never taken for a quote, a backslash or a bracket.
 */
export class QueryResponseReader {
  private depth = 0;
  private inString = false;
  /** Backslashes that ended the previous chunk inside a string (an odd run escapes what follows). */
  private trailingBackslashes = 0;
  /** The string being read at the top level (a property name or a short value), across chunks. */
  private topString: Buffer[] | undefined;
  private lastTopString = '';
  private key = '';
  private inData = false;
  /** The row being read, across chunks. */
  private rowParts: Buffer[] | undefined;
  /** The body without the rows of `data`. */
  private readonly envelope: Buffer[] = [];

  constructor(private readonly onRow: (row: unknown) => void) {}

  write(chunk: Buffer): void {
    let envelopeFrom = this.inData ? -1 : 0;
    let rowFrom = this.rowParts ? 0 : -1;
    let stringFrom = this.topString ? 0 : -1;
    // Most bytes are inside strings: find a string's end with indexOf (native) rather than byte by
    // byte; a quote preceded by an odd run of backslashes is escaped and does not end it.
    for (let i = 0; i < chunk.length; i++) {
      if (this.inString) {
        const quote = this.stringEnd(chunk, i);
        if (quote === -1) break;
        i = quote;
        this.inString = false;
        if (this.topString) {
          this.topString.push(chunk.subarray(stringFrom, i));
          this.lastTopString = Buffer.concat(this.topString).toString('utf8');
          this.topString = undefined;
          stringFrom = -1;
        }
        continue;
      }
      const b = chunk[i];
      if (this.inData && this.depth === 2) {
        if (this.rowParts && (b === COMMA || b === CLOSE_BRACKET)) {
          this.rowParts.push(chunk.subarray(rowFrom, i));
          this.emitRow();
          rowFrom = -1;
        } else if (!this.rowParts && !isSpace(b) && b !== COMMA && b !== CLOSE_BRACKET) {
          this.rowParts = [];
          rowFrom = i;
        }
      }
      if (b === QUOTE) {
        this.inString = true;
        if (this.depth === 1) {
          this.topString = [];
          stringFrom = i + 1;
        }
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (this.depth === 1 && b === OPEN_BRACKET && this.key === 'data') {
          this.inData = true;
          this.envelope.push(Buffer.from(chunk.subarray(envelopeFrom, i + 1)));
          envelopeFrom = -1;
        }
        this.depth++;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        this.depth--;
        if (this.inData && this.depth === 1) {
          this.inData = false;
          envelopeFrom = i;
        }
      } else if (b === COLON && this.depth === 1) {
        this.key = this.lastTopString;
      }
    }
    if (this.inString) this.trailingBackslashes = backslashesBefore(chunk, chunk.length, this.trailingBackslashes);
    if (envelopeFrom >= 0) this.envelope.push(Buffer.from(chunk.subarray(envelopeFrom)));
    if (this.rowParts && rowFrom >= 0) this.rowParts.push(chunk.subarray(rowFrom));
    if (this.topString && stringFrom >= 0) this.topString.push(chunk.subarray(stringFrom));
  }

  /** The body without its rows (`data` is []); throws a SyntaxError when the body is cut short or is not JSON. */
  end(): Record<string, unknown> {
    if (this.depth !== 0 || this.inString || this.rowParts) throw new SyntaxError('Resource Graph response body ended early');
    const envelope = JSON.parse(Buffer.concat(this.envelope).toString('utf8')) as unknown;
    if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope)) throw new SyntaxError('Resource Graph response body is not an object');
    return envelope as Record<string, unknown>;
  }

  /** Where the string that is open at `from` ends in this chunk (its closing quote), or -1. */
  private stringEnd(chunk: Buffer, from: number): number {
    for (let at = from; ; at++) {
      const quote = chunk.indexOf(QUOTE, at);
      if (quote === -1) return -1;
      if (backslashesBefore(chunk, quote, from === 0 ? this.trailingBackslashes : 0, from) % 2 === 0) {
        this.trailingBackslashes = 0;
        return quote;
      }
      at = quote;
    }
  }

  private emitRow(): void {
    const parts = this.rowParts!;
    this.rowParts = undefined;
    const text = parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
    this.onRow(JSON.parse(text));
  }
}
