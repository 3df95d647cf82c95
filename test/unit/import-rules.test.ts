import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * architecture.md "Seams": only the edges import botbuilder, restify or @azure/*. Commands, the
 * status model, the monitor logic, the knowledge base and the card builders are plain TypeScript.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const CORE_FOLDERS = ['src/clusters', 'src/commands', 'src/cards', 'src/knowledge', 'src/monitor'];
const EDGE_INSIDE_CORE = ['src/clusters/resource-graph'];
const PLATFORM_PACKAGE = /^(botbuilder(-[\w-]+)?|restify(-[\w-]+)?|@azure\/.+)(\/.*)?$/;

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

/** Every module a file refers to: import/export ... from, import x = require(), require(), import(). */
export function importsOf(fileName: string, source: string): ImportRef[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      refs.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        refs.push({ specifier: (node.arguments[0] as ts.StringLiteral).text, typeOnly: false });
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return refs;
}

function tsFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return tsFilesUnder(full);
    return full.endsWith('.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const isEdge = (file: string) => EDGE_INSIDE_CORE.some((edge) => rel(file).startsWith(edge + '/'));
const coreFiles = CORE_FOLDERS.flatMap((folder) => tsFilesUnder(path.join(ROOT, folder))).filter((f) => !isEdge(f));

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base + '.ts', path.join(base, 'index.ts'), base]) if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  return undefined;
}

/** Runtime (non-type) imports of platform packages reached from `start` through relative runtime imports. */
function platformImportsReachedFrom(start: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const ref of importsOf(file, readFileSync(file, 'utf8'))) {
      if (ref.typeOnly) continue;
      if (PLATFORM_PACKAGE.test(ref.specifier)) found.push([...chain, rel(file), `'${ref.specifier}'`].join(' -> '));
      else if (ref.specifier.startsWith('.')) {
        const target = resolveRelative(file, ref.specifier);
        if (target) walk(target, [...chain, rel(file)]);
      }
    }
  };
  walk(start, []);
  return found;
}

describe('import rule: the platform-neutral core imports no botbuilder, restify or @azure/*', () => {
  test('the scanner sees every import form, and tells type-only imports apart', () => {
    const refs = importsOf(
      'sample.ts',
      [
        "import { CloudAdapter } from 'botbuilder';",
        "import type { Storage } from 'botbuilder-core';",
        "import { type TokenCredential } from '@azure/identity';",
        "export { x } from 'restify';",
        "import fs = require('node:fs');",
        "const r = require('@azure/arm-resourcegraph');",
        "async function f() { await import('botbuilder-dialogs'); }",
        "let t: import('restify').Server;",
      ].join('\n'),
    );
    expect(refs).toEqual([
      { specifier: 'botbuilder', typeOnly: false },
      { specifier: 'botbuilder-core', typeOnly: true },
      { specifier: '@azure/identity', typeOnly: true },
      { specifier: 'restify', typeOnly: false },
      { specifier: 'node:fs', typeOnly: false },
      { specifier: '@azure/arm-resourcegraph', typeOnly: false },
      { specifier: 'botbuilder-dialogs', typeOnly: false },
      { specifier: 'restify', typeOnly: true },
    ]);
    for (const s of ['botbuilder', 'botbuilder-dialogs', 'botbuilder/lib/x', 'restify', 'restify-errors', '@azure/identity', '@azure/arm-resourcegraph']) expect(PLATFORM_PACKAGE.test(s)).toBe(true);
    for (const s of ['node:fs', './botbuilder-helpers', 'azure', 'restify_ish']) expect(PLATFORM_PACKAGE.test(s)).toBe(false);
  });

  test('the core folders hold files to check (the rule is not vacuous)', () => {
    expect(coreFiles.length).toBeGreaterThan(10);
    expect(coreFiles.map(rel)).toEqual(expect.arrayContaining(['src/clusters/connectivity.ts', 'src/commands/router.ts', 'src/cards/status-card.ts']));
    expect(coreFiles.some((f) => rel(f).startsWith('src/clusters/resource-graph/'))).toBe(false);
  });

  test('no core file names a platform package, not even for types', () => {
    const offenders = coreFiles.flatMap((file) =>
      importsOf(file, readFileSync(file, 'utf8'))
        .filter((ref) => PLATFORM_PACKAGE.test(ref.specifier))
        .map((ref) => `${rel(file)} imports '${ref.specifier}'`),
    );
    expect(offenders).toEqual([]);
  });

  test('no core file loads a platform package indirectly through its runtime imports', () => {
    const offenders = coreFiles.flatMap(platformImportsReachedFrom);
    expect([...new Set(offenders)]).toEqual([]);
  });
});
