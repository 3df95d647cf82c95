import { pasteReadingText, type PasteReading } from './cards/diagnose-paste-card';
import { fixCards } from './cards/fix-cards';
import { looksLikeCliError, parseCliErrors } from './knowledge/parsers/azk8s';
import { looksLikePods, parsePods } from './knowledge/parsers/kubectl-pods';
import { checkReadable, couldNotReadMessage, MAX_PASTE_BYTES } from './knowledge/parsers/pasted-text';
import { looksLikeProbeOutput, parseProbeOutput } from './knowledge/parsers/probe-output';
import type { FreeTextHandler } from '../chat/command';
import { cardReply, textReply, type Reply } from '../chat/reply';

/** Binary-looking text (NUL or many control characters) is refused like a 100 KB paste. */
function looksBinary(text: string): boolean {
  const r = checkReadable(text);
  return !r.readable && r.reason === 'binary';
}

/** Reads every understood format in the text; empty when none matched. */
function readPaste(text: string): PasteReading {
  const reading: PasteReading = {};
  const probe = parseProbeOutput(text);
  if (probe) reading.probe = probe;
  const pods = parsePods(text);
  if (pods) reading.pods = pods;
  const errors = parseCliErrors(text);
  if (errors.length) reading.errors = errors;
  return reading;
}

/**
 * Pasted text without a command: `kubectl get pods -n azure-arc` output, `[AZK8Snnnn]`
 * errors and probe output are explained; a paste of 100 KB or more, or binary garbage, gets a short
 * "I could not read that" with the formats understood. Other text is left to the router.
 */
export function createPastedTextHandler(): FreeTextHandler {
  return {
    name: 'pasted-output',
    canHandle(text: string): boolean {
      if (Buffer.byteLength(text, 'utf8') >= MAX_PASTE_BYTES || looksBinary(text)) return true;
      const readable = checkReadable(text);
      if (!readable.readable) return false;
      return looksLikeProbeOutput(readable.text) || looksLikePods(readable.text) || looksLikeCliError(readable.text);
    },
    async handle(text: string): Promise<Reply> {
      const readable = checkReadable(text);
      if (!readable.readable) return textReply(couldNotReadMessage(readable.reason));
      const reading = readPaste(readable.text);
      if (!reading.probe && !reading.pods && !reading.errors) return textReply(couldNotReadMessage('binary').replace('it looks like binary data', 'I did not recognise the format'));
      return cardReply(fixCards.view('paste-reading', reading), pasteReadingText(reading));
    },
  };
}
