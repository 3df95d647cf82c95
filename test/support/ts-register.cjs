/**
 * Lets a child `node` process run the TypeScript sources directly (node -r ./test/support/ts-register.cjs
 * src/index.ts): each .ts file is transpiled on require, without type checking (tsc does that).
 * Used by tests that need the real process (signals, exit codes) without a build.
 */
const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  esModuleInterop: true,
  resolveJsonModule: true,
  sourceMap: false,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
