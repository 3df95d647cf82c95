import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layout rule: only the edges import botbuilder, restify or @azure/* (the channel edge
 * src/teams, the HTTP server, the Resource Graph directory, storage implementations, dialogs/ and
 * the composition root). The features, the chat contract, cards, clusters and config are plain
 * TypeScript, and no two top-level folders import each other in a cycle.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const CORE_FOLDERS = ['src/ask', 'src/tell', 'src/fix', 'src/audit', 'src/chat', 'src/cards', 'src/clusters', 'src/core', 'src/config'];
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
    expect(coreFiles.map(rel)).toEqual(expect.arrayContaining(['src/clusters/connectivity.ts', 'src/chat/router.ts', 'src/ask/status-card.ts', 'src/tell/monitor.ts', 'src/fix/knowledge/diagnose-engine.ts']));
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

/** The top-level folder a file belongs to: `src/<name>` or `dialogs`; the composition root files are their own. */
function folderOf(file: string): string {
  const parts = rel(file).split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0] === 'dialogs' ? 'dialogs' : rel(file);
}

/** Folder-level import graph (type imports included: a cycle in types is still a cycle in design). */
function folderGraph(files: string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = folderOf(file);
    for (const ref of importsOf(file, readFileSync(file, 'utf8'))) {
      if (!ref.specifier.startsWith('.')) continue;
      const target = resolveRelative(file, ref.specifier);
      const to = target && folderOf(target);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Every cycle, as "a -> b -> a", found by depth-first search from each folder. */
export function cyclesIn(graph: Map<string, Set<string>>): string[] {
  const cycles = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const loop = path.slice(at);
        const start = loop.indexOf([...loop].sort()[0]);
        cycles.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].join(' -> '));
      } else visit(next, [...path, next]);
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return [...cycles].sort();
}

const ALL_SOURCE = [...tsFilesUnder(path.join(ROOT, 'src')), ...tsFilesUnder(path.join(ROOT, 'dialogs'))];

describe('import rule: no cycles between top-level folders', () => {
  test('the cycle finder reports a cycle and only cycles', () => {
    const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(cyclesIn(graph)).toEqual(['a -> b -> c -> a']);
    expect(cyclesIn(new Map([['a', new Set(['b'])], ['b', new Set(['c'])]]))).toEqual([]);
  });

  test('src/<folder> and dialogs/ import each other in one direction only', () => {
    const graph = folderGraph(ALL_SOURCE);
    expect(graph.size).toBeGreaterThan(5);
    expect(cyclesIn(graph)).toEqual([]);
  });

  test('the features (ask, tell, fix) do not import each other', () => {
    const features = ['src/ask', 'src/tell', 'src/fix'];
    const graph = folderGraph(ALL_SOURCE);
    const crossings = features.flatMap((f) => [...(graph.get(f) ?? [])].filter((to) => features.includes(to)).map((to) => `${f} -> ${to}`));
    expect(crossings).toEqual([]);
  });

  test('the features record audit entries through the port in src/chat, never the store in src/audit (nor it them)', () => {
    const graph = folderGraph(ALL_SOURCE);
    const features = ['src/ask', 'src/tell', 'src/fix'];
    const crossings = [
      ...features.filter((f) => graph.get(f)?.has('src/audit')).map((f) => `${f} -> src/audit`),
      ...[...(graph.get('src/audit') ?? [])].filter((to) => features.includes(to)).map((to) => `src/audit -> ${to}`),
    ];
    expect(crossings).toEqual([]);
    expect(graph.get('src/audit')).toEqual(new Set(['src/chat', 'src/cards', 'src/core', 'src/storage']));
  });

  test('only the composition root and the channel edge import the channel edge', () => {
    const graph = folderGraph(ALL_SOURCE);
    const importers = [...graph].filter(([from, to]) => to.has('src/teams') && !['src/compose.ts', 'src/index.ts', 'dialogs'].includes(from)).map(([from]) => from);
    expect(importers).toEqual([]);
  });
});

describe('import rule: Bot Framework lives in the channel edge only', () => {
  const BOT_FRAMEWORK = /^botbuilder(-[\w-]+)?(\/.*)?$|^botframework-/;
  const allowed = (file: string) => ['src/teams/', 'dialogs/'].some((p) => rel(file).startsWith(p)) || ['src/compose.ts', 'src/index.ts'].includes(rel(file));

  test('no file outside src/teams, dialogs/ and the composition root names botbuilder, not even for types', () => {
    const offenders = ALL_SOURCE.filter((f) => !allowed(f)).flatMap((file) =>
      importsOf(file, readFileSync(file, 'utf8')).filter((ref) => BOT_FRAMEWORK.test(ref.specifier)).map((ref) => `${rel(file)} imports '${ref.specifier}'`));
    expect(offenders).toEqual([]);
  });

  test('the channel edge is where botbuilder is used (the rule is not vacuous)', () => {
    const users = ALL_SOURCE.filter((file) => importsOf(file, readFileSync(file, 'utf8')).some((ref) => BOT_FRAMEWORK.test(ref.specifier))).map(rel);
    expect(users).toEqual(expect.arrayContaining(['src/teams/bot.ts', 'src/teams/reply-renderer.ts', 'src/teams/proactive-sender.ts', 'dialogs/diagnose-dialog.ts']));
  });
});
