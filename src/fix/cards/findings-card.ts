import { allowlistAsPlainText } from '../knowledge/allowlist';
import type { Findings } from '../knowledge/assessment';
import { CLOUD_INFO } from '../knowledge/clouds';
import { knowledgeText } from './knowledge-text';
import { asOfLine } from '../../cards/as-of';
import { destructiveWarning } from '../../clusters/destructive-commands';
import { card, cardSizeBytes, CARD_SIZE_LIMIT_BYTES, codeBlock, commandButton, container, heading, literal, plain, text, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';

interface Limits { causes: number; evidence: number; allowlist: number }

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 3)}...` : value;
}

/**
 * The end of a diagnosis: likely causes ranked (each with its evidence and fix commands), all the
 * evidence, the next step if nothing fits (B10), and the allowlist for the cluster's cloud, region
 * and features. Trimmed step by step to stay under the 28 KB card ceiling (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages).
 */
export function findingsCard(findings: Findings, note?: string): AdaptiveCard {
  const full: Limits = { causes: findings.causes.length, evidence: findings.evidence.length, allowlist: findings.allowlist.length };
  let limits = { ...full };
  let built = build(findings, limits, note);
  for (let i = 0; i < 8 && cardSizeBytes(built) > CARD_SIZE_LIMIT_BYTES; i++) {
    limits = { causes: Math.max(1, Math.ceil(limits.causes / 2)), evidence: Math.floor(limits.evidence / 2), allowlist: Math.floor(limits.allowlist / 2) };
    built = build(findings, limits, note);
  }
  return built;
}

function build(f: Findings, limits: Limits, note?: string): AdaptiveCard {
  const c = f.cluster;
  const body: CardElement[] = [heading(`Findings for ${plain(c.name)}`, f.causes.length ? 'attention' : 'good')];
  body.push(literal(`${c.status} · ${CLOUD_INFO[c.cloud].label} · ${c.region} · resource group ${c.resourceGroup}`, { isSubtle: true, size: 'small' }));
  if (f.asOf) body.push(asOfLine(new Date(f.asOf), 'Cluster data as of'));
  if (f.urgent) body.push(urgentBlock(f.urgent));
  if (note) body.push(container([knowledgeText(note)], 'accent'));

  if (f.causes.length) {
    body.push(text('Likely causes, most likely first', { weight: 'bolder', spacing: 'medium' }));
    f.causes.slice(0, limits.causes).forEach((cause, i) => {
      body.push(container([
        knowledgeText(`${i + 1}. ${cause.title}`, { weight: 'bolder', color: i === 0 ? 'attention' : 'default' }),
        knowledgeText(cause.explanation, { size: 'small' }, cause.sources),
        literal(`Evidence: ${clip(cause.evidence.join('; '), 700)}`, { size: 'small', isSubtle: true }),
        ...fixBlocks(cause.fixes),
      ], i === 0 ? 'emphasis' : undefined));
    });
    if (limits.causes < f.causes.length) body.push(text(`...and ${f.causes.length - limits.causes} less likely causes.`, { size: 'small', isSubtle: true }));
  } else if (!note) {
    body.push(text('No cause stood out from the answers and the cluster data.', { weight: 'bolder' }));
  }

  if (f.evidence.length) {
    body.push(text('Evidence', { weight: 'bolder', spacing: 'medium' }));
    // Evidence quotes cluster data and pasted output: literal, one line each.
    body.push(...f.evidence.slice(0, limits.evidence).map((e) => literal(`- ${clip(e, 300)}`, { size: 'small', spacing: 'none' })));
    if (limits.evidence < f.evidence.length) body.push(text(`...and ${f.evidence.length - limits.evidence} more.`, { size: 'small', isSubtle: true }));
  }
  if (f.skipped.length) body.push(literal(`Skipped: ${f.skipped.join(', ')}`, { size: 'small', isSubtle: true }));

  body.push(knowledgeText(f.nextSteps.title, { weight: 'bolder', spacing: 'medium' }));
  body.push(knowledgeText(f.nextSteps.text, { size: 'small' }));
  body.push(codeBlock(f.nextSteps.commands.join('\n')));

  if (f.allowlist.length) {
    body.push(text(`Allowlist for this cluster (${f.allowlistFeatures.join(', ')})`, { weight: 'bolder', spacing: 'medium' }));
    body.push(codeBlock(allowlistAsPlainText(f.allowlist.slice(0, limits.allowlist)), 'PlainText'));
    if (limits.allowlist < f.allowlist.length) body.push(knowledgeText(`...and ${f.allowlist.length - limits.allowlist} more: run \`endpoints ${c.region} cloud ${c.cloud} features ${f.allowlistFeatures.filter((x) => x !== 'core').join(',')}\``, { size: 'small', isSubtle: true }));
  }
  return card(body, [commandButton('Probe command', `probe ${c.name}`), commandButton('Diagnose again', `diagnose ${c.name}`)], findingsText(f, note));
}

/** Lines that lead the card: the headline in bold, then what happens and what to do. */
function urgentBlock(lines: string[]): CardElement {
  return container(lines.map((line, i) => text(line, i === 0 ? { weight: 'bolder', color: 'attention' } : {})), 'attention');
}

/** Fix commands in runs; a run that deletes something is introduced by what it deletes. */
function fixBlocks(fixes: string[]): CardElement[] {
  const blocks: CardElement[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) blocks.push(codeBlock(run.join('\n')));
    run = [];
  };
  for (const fix of fixes) {
    const warning = destructiveWarning(fix);
    if (warning) {
      flush();
      blocks.push(text(warning, { weight: 'bolder', color: 'warning', size: 'small' }));
    }
    run.push(fix);
  }
  flush();
  return blocks;
}

/** Plain-text findings: the top causes with their first fix, for logs, tests and clients without cards. */
export function findingsText(f: Findings, note?: string): string {
  const lines = [`Findings for ${f.cluster.name} (${f.cluster.status}).`];
  if (f.urgent) lines.push(...f.urgent);
  if (note) lines.push(note);
  if (f.causes.length) {
    f.causes.slice(0, 5).forEach((c, i) => lines.push(`${i + 1}. ${c.title}. Fix: ${destructiveWarning(c.fixes[0] ?? '') ? '(destructive) ' : ''}${c.fixes[0]}`));
  } else if (!note) {
    lines.push(`No cause stood out. Next: ${f.nextSteps.commands.join(' ; ')}`);
  }
  return lines.join('\n');
}
