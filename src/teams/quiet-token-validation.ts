/**
 * botframework-connector's JwtTokenExtractor writes to console.error for every token it rejects:
 * several unstructured lines with the trusted public keys for a bad signature, the error object for
 * an expired token. One forged request per line of output lets anyone flood the log, and our own
 * structured line ("request rejected: authentication failed") already records each rejection, so
 * exactly those two messages are dropped; everything else still reaches console.error.
 */
const REJECTED_KEY_MESSAGE = 'Error finding key for token.';

let installed = false;

export function quietTokenValidationNoise(): void {
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const [first] = args;
    if (typeof first === 'string' && first.startsWith(REJECTED_KEY_MESSAGE)) return;
    if (first instanceof Error && first.name === 'TokenExpiredError' && args.length === 1) return;
    original(...args);
  };
}
