import type { Cluster } from '../../clusters/cluster';
import { assessHealth } from '../../clusters/connectivity';
import { expiryUrgency, urgencyLines } from '../../clusters/expiry-urgency';
import { assess, conditionHolds, type Findings } from './assessment';
import { AZK8S_CAUSES } from './azk8s-errors';
import { fromClusterFacts, toClusterFacts, type ClusterFacts } from '../../clusters/cluster-facts';
import { DECISION_TREE, DEFAULT_START, NOT_DIAGNOSED_STATUSES, ROOT_ROUTES, treeNode, type TreeAnswer, type TreeNode } from './decision-tree';
import { cloudOfCluster, templateVars, type DiagnoseContext, type RecordedAnswer } from './diagnose-context';
import { parseCliErrors } from './parsers/azk8s';
import { B2_ANSWER_FOR_VERDICT, clusterConnectAnswer, parsePods } from './parsers/kubectl-pods';
import { parseProbeOutput } from './parsers/probe-output';
import { errorsDetail, podsDetail, podsSummary, probeDetail, probeSummary } from './parsers/reading-summary';
import { checkReadable } from './parsers/pasted-text';
import { renderTemplate } from './template';

/**
 * The diagnose dialog as a pure state machine over the decision tree: (state, text) -> (state,
 * output). botbuilder-dialogs only stores the state and renders the output, so every branch is
 * testable without a bot and a step never does slow work (Teams' 5-second window).
 */
export interface DiagnoseState {
  cluster: ClusterFacts;
  latestAgent: string;
  /** Questions asked, the last one is open. */
  path: string[];
  /** One per closed question in `path`, in order. */
  answers: RecordedAnswer[];
  /** When the cluster snapshot was taken: the diagnosis start (ISO time). */
  readAt?: string;
}

/** A question ready to render: templates filled, answers filtered by condition. */
export interface QuestionView {
  nodeId: string;
  step: number;
  clusterName: string;
  /** The cluster's resource id (for "Diagnose again" once the diagnosis has ended). */
  clusterId?: string;
  title: string;
  question: string;
  commands: string[];
  good?: string;
  bad?: string;
  notes: string[];
  options: { label: string; answer: string }[];
  /** Shown above the question: why it is asked again, help, or what a paste was read as. */
  notice?: string;
  /** Leads the first step: the certificate expiry of a cluster that is not Connected. */
  urgent?: string[];
  acceptsPaste: boolean;
  /** When the cluster data behind the question was read (ISO time: the diagnosis start). */
  asOf?: string;
}

export type EngineOutput =
  | { kind: 'question'; view: QuestionView }
  | { kind: 'findings'; findings: Findings; note?: string }
  | { kind: 'cancelled'; text: string };

export interface EngineStep {
  state: DiagnoseState;
  output: EngineOutput;
}

const MAX_DETAIL = 12;
const CANCEL = /^(cancel|stop|quit|exit|abort|end)$/;
const BACK = /^(back|previous|undo|go back)$/;
const HELP = /^(help|\?|what|why)$/;
const SKIP = /^(skip|next|pass|don'?t know|not sure|unknown|idk)$/;

function context(state: DiagnoseState, now: Date): DiagnoseContext {
  const cluster = fromClusterFacts(state.cluster);
  return { cluster, cloud: cloudOfCluster(cluster), region: cluster.location || 'eastus', now, latestAgent: state.latestAgent, answers: state.answers };
}

function offered(node: TreeNode, ctx: DiagnoseContext): TreeAnswer[] {
  return node.answers.filter((a) => !a.when || conditionHolds(a.when, ctx));
}

export function viewOf(state: DiagnoseState, now: Date, notice?: string): QuestionView {
  const ctx = context(state, now);
  const node = treeNode(state.path[state.path.length - 1])!;
  const vars = templateVars(ctx);
  const r = (t: string) => renderTemplate(t, vars);
  const notes: string[] = [];
  if (node.privateLinkNote && ctx.cluster.privateLinkEnabled) notes.push(r(node.privateLinkNote));
  if (node.gatewayNote && ctx.cluster.gatewayEnabled) notes.push(r(node.gatewayNote));
  return {
    nodeId: node.id,
    step: state.path.length,
    clusterName: ctx.cluster.name,
    clusterId: ctx.cluster.id,
    title: r(node.title),
    question: r(node.question),
    commands: node.commands.map(r),
    good: node.good && r(node.good),
    bad: node.bad && r(node.bad),
    notes,
    options: offered(node, ctx).map((a) => ({ label: a.label, answer: a.id })),
    notice,
    acceptsPaste: node.paste !== undefined,
    ...(state.readAt ? { asOf: state.readAt } : {}),
  };
}

/** Walks from `next` past nodes whose askWhen does not hold; returns the question or the findings. */
function advance(state: DiagnoseState, next: string, now: Date, notice?: string): EngineStep {
  let target = next;
  for (let guard = 0; guard < DECISION_TREE.length + 1 && target !== 'END'; guard++) {
    const node = treeNode(target);
    if (!node) break;
    if (node.askWhen && !conditionHolds(node.askWhen, context(state, now))) {
      target = node.skipTo;
      continue;
    }
    const moved = { ...state, path: [...state.path, node.id] };
    return { state: moved, output: { kind: 'question', view: viewOf(moved, now, notice) } };
  }
  return { state, output: { kind: 'findings', findings: findingsOf(state, now) } };
}

function findingsOf(state: DiagnoseState, now: Date): Findings {
  return { ...assess(context(state, now)), asOf: state.readAt ?? now.toISOString() };
}

/** The first node for the cluster's real state (node ROOT of the decision tree). */
function startNodeFor(cluster: Cluster, now: Date, latestAgent: string): string | undefined {
  if (NOT_DIAGNOSED_STATUSES.includes(cluster.status)) return undefined;
  const health = assessHealth(cluster, now, latestAgent);
  if (health.certificateExpired) return 'E1';
  return ROOT_ROUTES[cluster.status] ?? DEFAULT_START;
}

export function startDiagnosis(cluster: Cluster, now: Date, latestAgent: string): EngineStep {
  const state: DiagnoseState = { cluster: toClusterFacts(cluster), latestAgent, path: [], answers: [], readAt: now.toISOString() };
  const start = startNodeFor(cluster, now, latestAgent);
  if (!start) {
    return {
      state,
      output: { kind: 'findings', findings: findingsOf(state, now), note: `${cluster.name} is ${cluster.status}: it has no Arc agents by design, so there is nothing to diagnose.` },
    };
  }
  const first = advance(state, start, now);
  const urgency = expiryUrgency(cluster, assessHealth(cluster, now, latestAgent), now);
  if (urgency && first.output.kind === 'question') first.output.view.urgent = urgencyLines(urgency);
  return first;
}

interface Interpreted {
  answer: string;
  detail: string[];
  causes?: string[];
  tags?: string[];
  summary: string;
}

/** Reads pasted command output as an answer to the open node (B2/F1 pods, B5 probe, C2 AZK8S). */
function interpretPaste(node: TreeNode, text: string, ctx: DiagnoseContext): Interpreted | undefined {
  const offeredIds = offered(node, ctx).map((a) => a.id);
  switch (node.paste) {
    case 'pods-health':
    case 'pods-cluster-connect': {
      const pods = parsePods(text);
      if (!pods) return undefined;
      const answer = node.paste === 'pods-health' ? B2_ANSWER_FOR_VERDICT[pods.verdict] : clusterConnectAnswer(pods);
      return { answer, detail: podsDetail(pods), summary: podsSummary(pods) };
    }
    case 'probe': {
      const probe = parseProbeOutput(text);
      if (!probe) return undefined;
      const failing = probe.failing;
      const ccOnly = failing.length > 0 && failing.every((l) => l.port === 8084 || /servicebus|guestnotification/.test(l.fqdn));
      // A failure in a line that could not be read is still a failure: never 'all reachable'.
      const answer = !failing.length && !probe.failureOutsideReadLines ? 'yes' : ccOnly && offeredIds.includes('cc-only') ? 'cc-only' : 'no';
      const causes: string[] = [];
      if (failing.some((l) => l.failedAt === 'dns')) causes.push('dns-failure');
      if (failing.some((l) => l.failedAt === 'tls' && l.curlExit === 60)) causes.push('tls-inspection');
      const tags = ['probe', ...(failing.some((l) => l.failedAt === 'tls') ? ['tls-failure'] : [])];
      return {
        answer,
        detail: probeDetail(probe),
        causes,
        tags,
        summary: probeSummary(probe),
      };
    }
    case 'azk8s': {
      const errors = parseCliErrors(text);
      if (!errors.length) return undefined;
      const causes = errors.map((e) => AZK8S_CAUSES[e.code.replace('AZK8S', '')]).filter((c): c is string => !!c);
      return {
        answer: 'yes',
        detail: errorsDetail(errors),
        causes,
        summary: `I read ${errors.map((e) => e.code).join(', ')}.`,
      };
    }
    default:
      return undefined;
  }
}

function matchAnswer(node: TreeNode, text: string, ctx: DiagnoseContext): TreeAnswer | undefined {
  const options = offered(node, ctx);
  const t = text.toLowerCase().replace(/[.!]+$/, '').replace(/\s+/g, ' ').trim();
  if (/^\d+$/.test(t)) return options[Number(t) - 1];
  return options.find((a) => a.id === t || a.label.toLowerCase() === t || a.synonyms.includes(t));
}

function validAnswersText(view: QuestionView): string {
  const numbered = view.options.map((o, i) => `${i + 1}) ${o.answer}`).join(', ');
  return `Valid answers: ${numbered}; or skip, back, cancel, help.${view.acceptsPaste ? ' You can also paste the command output.' : ''}`;
}

/**
 * One user turn inside the dialog. `fromStep` is the question a clicked button belonged to: a
 * click on an older card (or a second click on the same one) must not answer the current question.
 */
export function handleInput(state: DiagnoseState, rawText: string, now: Date, fromStep?: string): EngineStep {
  const nodeId = state.path[state.path.length - 1];
  const node = treeNode(nodeId);
  if (!node) return { state, output: { kind: 'cancelled', text: 'This diagnosis can no longer continue (the question it was on no longer exists). Run diagnose again.' } };
  const ctx = context(state, now);
  const readable = checkReadable(rawText ?? '');
  const text = readable.readable ? readable.text : '';
  const word = text.toLowerCase().replace(/[.!]+$/, '').trim();

  if (fromStep !== undefined && fromStep !== nodeId && !CANCEL.test(word) && !HELP.test(word)) {
    const old = treeNode(fromStep);
    return { state, output: { kind: 'question', view: viewOf(state, now, `That button belongs to an earlier question${old ? ` ("${old.title}")` : ''}; this is the current one.`) } };
  }
  if (CANCEL.test(word)) return { state, output: { kind: 'cancelled', text: `Diagnosis of ${ctx.cluster.name} cancelled. Nothing was changed.` } };
  if (HELP.test(word)) {
    const view = viewOf(state, now);
    return { state, output: { kind: 'question', view: { ...view, notice: `${renderTemplate(node.help, templateVars(ctx))} ${validAnswersText(view)}` } } };
  }
  if (BACK.test(word)) {
    if (state.path.length <= 1) return { state, output: { kind: 'question', view: viewOf(state, now, 'This is the first question; there is nothing to go back to.') } };
    const back = { ...state, path: state.path.slice(0, -1), answers: state.answers.slice(0, -1) };
    return { state: back, output: { kind: 'question', view: viewOf(back, now, 'Back to the previous question.') } };
  }
  if (SKIP.test(word)) {
    const skipped = { ...state, answers: [...state.answers, { node: node.id, answer: 'skip' }] };
    return advance(skipped, node.skipTo, now, `Skipped "${node.title}".`);
  }
  const answer = matchAnswer(node, text, ctx);
  if (answer) {
    const recorded = { ...state, answers: [...state.answers, { node: node.id, answer: answer.id }] };
    return advance(recorded, answer.next, now);
  }
  if (text) {
    const pasted = interpretPaste(node, text, ctx);
    const target = pasted && node.answers.find((a) => a.id === pasted.answer);
    if (pasted && target) {
      // Keep stored state and the findings card small: at most MAX_DETAIL lines per answer.
      const detail = pasted.detail.length > MAX_DETAIL ? [...pasted.detail.slice(0, MAX_DETAIL), `...and ${pasted.detail.length - MAX_DETAIL} more`] : pasted.detail;
      const entry: RecordedAnswer = { node: node.id, answer: target.id, detail };
      if (pasted.causes?.length) entry.causes = pasted.causes;
      if (pasted.tags?.length) entry.tags = pasted.tags;
      return advance({ ...state, answers: [...state.answers, entry] }, target.next, now, `${pasted.summary} Taken as "${target.label}".`);
    }
  }
  const view = viewOf(state, now);
  // The echo goes into the card's literal text runs (knowledgeText), which show `[x](javascript:...)` or
  // `**` as typed; only a backtick, which would switch those runs to monospace, is shown as ' instead.
  const echoed = (text.length > 40 ? `${text.slice(0, 40)}...` : text).replace(/`/g, "'");
  const shown = readable.readable ? `"${echoed}" is not one of the answers.` : 'I could not read that.';
  return { state, output: { kind: 'question', view: { ...view, notice: `${shown} ${validAnswersText(view)}` } } };
}
