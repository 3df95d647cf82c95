import { AGENT_POD_ROLES } from './agent-pods';
import { AZK8S_CAUSES, AZK8S_ERRORS } from './azk8s-errors';
import { CAUSES } from './causes';
import { CLOUDS, CLOUD_INFO } from './clouds';
import { CONDITIONS, DECISION_TREE, ROOT_ROUTES, STILL_FAILING, type TreeNode } from './decision-tree';
import { ENDPOINT_TABLE, isFeature } from './endpoint-table';
import { isSourceTag } from './sources';

/** Thrown at start-up when the knowledge data is inconsistent; lists every problem at once. */
export class KnowledgeError extends Error {
  constructor(readonly problems: string[]) {
    super(`Knowledge data has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n- ${problems.join('\n- ')}`);
    this.name = 'KnowledgeError';
  }
}

/** Template variables the engine fills in (see decision-tree.ts). */
const TEMPLATE_VARIABLES = [
  'name', 'rg', 'region', 'subscription', 'cloud', 'arm', 'login', 'dp', 'gblHis', 'mcr', 'obo', 'relay', 'graph',
  'latestAgent', 'agentVersion', 'certDate', 'certDaysLeft', 'connectFlags', 'probeCommand',
];

/** `{word}` tokens that look like our variables (letters only; `%{http_code}` and jsonpath are left alone). */
function templateVariables(text: string): string[] {
  return [...text.matchAll(/(?<![%$.])\{([A-Za-z]+)\}/g)].map((m) => m[1]);
}

function checkSources(where: string, sources: readonly string[], problems: string[]): void {
  if (!sources.length) problems.push(`${where}: cites no source`);
  for (const s of sources) if (!isSourceTag(s)) problems.push(`${where}: unknown source tag "${s}"`);
}

function checkTemplates(where: string, texts: (string | undefined)[], problems: string[]): void {
  for (const t of texts) {
    if (!t) continue;
    for (const v of templateVariables(t)) if (!TEMPLATE_VARIABLES.includes(v)) problems.push(`${where}: unknown template variable {${v}}`);
  }
}

function checkEndpoints(problems: string[]): void {
  const seen = new Set<string>();
  ENDPOINT_TABLE.forEach((e, i) => {
    const where = `endpoint #${i} ${e.cloud} ${e.host}`;
    if (!(CLOUDS as readonly string[]).includes(e.cloud)) problems.push(`${where}: unknown cloud`);
    const key = `${e.cloud}|${e.host.toLowerCase()}|${e.port}`;
    if (seen.has(key)) problems.push(`${where}: duplicate row`);
    seen.add(key);
    if (!/^(\*\.)?(\{[a-z-]+\}|[a-z0-9-]+)(\.[a-z0-9-]+)*$/.test(e.host)) problems.push(`${where}: host is not an FQDN, wildcard or template`);
    if (e.wildcard !== e.host.startsWith('*.')) problems.push(`${where}: wildcard flag does not match the host`);
    if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) problems.push(`${where}: bad port ${e.port}`);
    if (!e.features.length) problems.push(`${where}: no feature tag`);
    for (const f of e.features) if (!isFeature(f)) problems.push(`${where}: unknown feature "${f}"`);
    if (!e.purpose.trim()) problems.push(`${where}: no purpose`);
    checkSources(where, e.sources, problems);
  });
  for (const cloud of CLOUDS) {
    const info = CLOUD_INFO[cloud];
    if (!info.regions.includes(info.defaultRegion)) problems.push(`cloud ${cloud}: default region ${info.defaultRegion} is not in its region list`);
    if (new Set(info.regions).size !== info.regions.length) problems.push(`cloud ${cloud}: duplicate regions`);
    for (const r of info.regions) if (!/^[a-z0-9]+$/.test(r)) problems.push(`cloud ${cloud}: region "${r}" must be lower case without spaces`);
    checkSources(`cloud ${cloud}`, info.sources, problems);
    for (const [key, host] of Object.entries(info.keyHosts)) {
      if (!ENDPOINT_TABLE.some((e) => e.cloud === cloud && e.host === host)) problems.push(`cloud ${cloud}: key host ${key}=${host} is not in the endpoint table`);
    }
  }
  const allRegions = CLOUDS.flatMap((c) => CLOUD_INFO[c].regions);
  if (new Set(allRegions).size !== allRegions.length) problems.push('a region name appears in more than one cloud');
}

function checkTree(problems: string[]): void {
  const ids = new Set<string>();
  for (const n of DECISION_TREE) {
    if (ids.has(n.id)) problems.push(`tree node ${n.id}: duplicate id`);
    ids.add(n.id);
  }
  const causeIds = new Set(CAUSES.map((c) => c.id));
  const target = (where: string, next: string) => {
    if (next !== 'END' && !ids.has(next)) problems.push(`${where}: points to unknown node "${next}"`);
  };
  for (const [status, next] of Object.entries(ROOT_ROUTES)) target(`ROOT route ${status}`, next);
  for (const n of DECISION_TREE as readonly TreeNode[]) {
    const where = `tree node ${n.id}`;
    if (!n.question.trim()) problems.push(`${where}: no question`);
    if (!n.answers.length) problems.push(`${where}: no answers`);
    target(`${where} skip`, n.skipTo);
    if (n.askWhen && !(CONDITIONS as readonly string[]).includes(n.askWhen)) problems.push(`${where}: unknown condition ${n.askWhen}`);
    const answerWords = new Map<string, string>();
    for (const a of n.answers) {
      target(`${where} answer ${a.id}`, a.next);
      if (a.when && !(CONDITIONS as readonly string[]).includes(a.when)) problems.push(`${where} answer ${a.id}: unknown condition ${a.when}`);
      for (const f of a.findings ?? []) {
        if (!causeIds.has(f.cause)) problems.push(`${where} answer ${a.id}: unknown cause "${f.cause}"`);
        if (f.when && !(CONDITIONS as readonly string[]).includes(f.when)) problems.push(`${where} answer ${a.id}: unknown condition ${f.when}`);
      }
      for (const word of [a.id, a.label.toLowerCase(), ...a.synonyms]) {
        if (['skip', 'back', 'cancel', 'help'].includes(word)) problems.push(`${where} answer ${a.id}: "${word}" is a reserved word`);
        const other = answerWords.get(word);
        if (other && other !== a.id) problems.push(`${where}: "${word}" means both ${other} and ${a.id}`);
        answerWords.set(word, a.id);
      }
      checkTemplates(`${where} answer ${a.id}`, [a.evidence], problems);
    }
    checkTemplates(where, [n.question, n.good, n.bad, n.help, n.privateLinkNote, n.gatewayNote, ...n.commands], problems);
    checkSources(where, n.sources, problems);
  }
  checkSources('B10 still failing', STILL_FAILING.sources, problems);
  for (const c of CAUSES) {
    checkSources(`cause ${c.id}`, c.sources, problems);
    checkTemplates(`cause ${c.id}`, [c.explanation, ...c.fixes], problems);
    if (!c.fixes.length) problems.push(`cause ${c.id}: no fix`);
  }
  if (new Set(CAUSES.map((c) => c.id)).size !== CAUSES.length) problems.push('duplicate cause ids');
}

function checkCatalogues(problems: string[]): void {
  const codes = new Set<string>();
  for (const e of AZK8S_ERRORS) {
    if (!/^\d{4}$/.test(e.code)) problems.push(`AZK8S ${e.code}: code must be 4 digits`);
    if (codes.has(e.code)) problems.push(`AZK8S ${e.code}: duplicate`);
    codes.add(e.code);
    checkSources(`AZK8S ${e.code}`, e.sources, problems);
  }
  for (const [code, cause] of Object.entries(AZK8S_CAUSES)) {
    if (!codes.has(code)) problems.push(`AZK8S cause map: unknown code ${code}`);
    if (!CAUSES.some((c) => c.id === cause)) problems.push(`AZK8S cause map ${code}: unknown cause "${cause}"`);
  }
  for (const r of AGENT_POD_ROLES) checkSources(`agent pod ${r.name}`, r.sources, problems);
}

/** The composition root calls this at start; throws a KnowledgeError listing every problem. */
export function validateKnowledge(): void {
  const problems: string[] = [];
  checkEndpoints(problems);
  checkTree(problems);
  checkCatalogues(problems);
  if (problems.length) throw new KnowledgeError(problems);
}
