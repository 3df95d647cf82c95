/**
 * restify 11 -> spdy -> http-deceiver calls process.binding('http_parser'), which Node 24 removed
 * (restify/node-restify#1984, spdy-http2/http-deceiver#10). The same parser is exported by Node's
 * `_http_common` (the fix proposed upstream in http-deceiver PR #7), so answer that one binding from
 * there. Must be loaded before restify; src/http/restify.ts does that.
 */
type Binding = (name: string) => unknown;
const proc = process as unknown as { binding: Binding; __arcHttpParserShim?: boolean };
if (!proc.__arcHttpParserShim) {
  const original = proc.binding.bind(process);
  proc.binding = (name: string) => {
    if (name === 'http_parser') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { HTTPParser, methods } = require('_http_common') as { HTTPParser: unknown; methods: string[] };
      return { HTTPParser, methods };
    }
    return original(name);
  };
  proc.__arcHttpParserShim = true;
}
export {};
