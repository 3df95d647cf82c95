import type { QuestionView } from '../knowledge/diagnose-engine';
import { knowledgeText } from './knowledge-text';
import { asOfLine } from '../../cards/as-of';
import { card, codeBlock, container, richText, text, updatingButton, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';

/**
 * One diagnose question. Answers are Action.Submit buttons whose data.command is the answer
 * text ("yes", "pending", ...): the bot turns a click into that message, so clicking and typing are
 * the same (the Agents Playground ignores imBack suggested actions, https://learn.microsoft.com/microsoftteams/platform/toolkit/debug-your-agents-playground).
 */
export function diagnoseQuestionCard(view: QuestionView): AdaptiveCard {
  // Literal text throughout: questions name commands, placeholders and pasted output.
  const body: CardElement[] = [richText([{ text: `Diagnose ${view.clusterName} · step ${view.step}: ${view.title}`, weight: 'bolder', size: 'medium' }])];
  if (view.urgent) {
    // Urgent first: before any question, when the certificate runs out and what to do about it.
    body.push(container(view.urgent.map((line, i) => text(line, i === 0 ? { weight: 'bolder', color: 'attention' } : {})), 'attention'));
  }
  if (view.notice) body.push(container([knowledgeText(view.notice, { size: 'small' })], 'warning'));
  body.push(knowledgeText(view.question, { weight: 'bolder' }));
  if (view.commands.length) {
    body.push(text('Run:', { isSubtle: true, spacing: 'small' }));
    body.push(codeBlock(view.commands.join('\n')));
  }
  if (view.good) body.push(knowledgeText(`Good: ${view.good}`, { size: 'small' }));
  if (view.bad) body.push(knowledgeText(`Bad: ${view.bad}`, { size: 'small' }));
  for (const note of view.notes) body.push(container([knowledgeText(note, { size: 'small' })], 'accent'));
  // diagnoseStep lets the dialog spot a click on an older card (or a double click) instead of
  // taking it as the answer to the current question; diagnoseCluster lets a click after the
  // diagnosis ended offer to start again. The next question replaces this card.
  const step = { diagnoseStep: view.nodeId, ...(view.clusterId ? { diagnoseCluster: view.clusterId } : {}) };
  body.push({
    type: 'ActionSet',
    actions: view.options.map((o, i) => updatingButton(`${i + 1}. ${o.label}`, o.answer, step)),
  });
  if (view.acceptsPaste) body.push(text('Or paste the command output here.', { isSubtle: true, size: 'small' }));
  body.push({
    type: 'ActionSet',
    actions: [
      updatingButton('Skip', 'skip', step),
      updatingButton('Back', 'back', step),
      updatingButton('Help', 'help', step),
      updatingButton('Cancel', 'cancel', step),
    ],
  });
  if (view.asOf) body.push(asOfLine(new Date(view.asOf), 'Cluster data as of'));
  return card(body, [], questionText(view));
}

/** The same question as plain text (for logs, tests and clients without cards). */
export function questionText(view: QuestionView): string {
  const lines = [`Diagnose ${view.clusterName} · step ${view.step}: ${view.title}`, ...(view.urgent ?? [])];
  if (view.notice) lines.push(view.notice);
  lines.push(view.question);
  if (view.commands.length) lines.push(`Run:\n${view.commands.join('\n')}`);
  if (view.good) lines.push(`Good: ${view.good}`);
  if (view.bad) lines.push(`Bad: ${view.bad}`);
  lines.push(...view.notes);
  lines.push(`Answers: ${view.options.map((o, i) => `${i + 1}) ${o.answer}`).join(', ')}; or skip, back, cancel, help.`);
  return lines.join('\n');
}
