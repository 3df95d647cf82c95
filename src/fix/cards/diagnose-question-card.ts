import type { QuestionView } from '../knowledge/diagnose-engine';
import { knowledgeText } from './knowledge-text';
import { card, codeBlock, commandButton, container, richText, text, type AdaptiveCard, type CardElement } from '../../cards/adaptive-card';

/**
 * One diagnose question. Answers are Action.Submit buttons whose data.command is the answer
 * text ("yes", "pending", ...): the bot turns a click into that message, so clicking and typing are
 * the same (the Agents Playground ignores imBack suggested actions, https://learn.microsoft.com/microsoftteams/platform/toolkit/debug-your-agents-playground).
 */
export function diagnoseQuestionCard(view: QuestionView): AdaptiveCard {
  // Literal text throughout: questions name commands, placeholders and pasted output.
  const body: CardElement[] = [richText([{ text: `Diagnose ${view.clusterName} · step ${view.step}: ${view.title}`, weight: 'bolder', size: 'medium' }])];
  if (view.notice) body.push(container([knowledgeText(view.notice, { size: 'small' })], 'warning'));
  body.push(knowledgeText(view.question, { weight: 'bolder' }));
  if (view.commands.length) {
    body.push(text('Run:', { isSubtle: true, spacing: 'small' }));
    body.push(codeBlock(view.commands.join('\n')));
  }
  if (view.good) body.push(knowledgeText(`Good: ${view.good}`, { size: 'small' }));
  if (view.bad) body.push(knowledgeText(`Bad: ${view.bad}`, { size: 'small' }));
  for (const note of view.notes) body.push(container([knowledgeText(note, { size: 'small' })], 'accent'));
  body.push({
    type: 'ActionSet',
    // diagnoseStep lets the dialog spot a click on an older card (or a double click) instead of
    // taking it as the answer to the current question.
    actions: view.options.map((o, i) => commandButton(`${i + 1}. ${o.label}`, o.answer, { diagnoseStep: view.nodeId })),
  });
  if (view.acceptsPaste) body.push(text('Or paste the command output here.', { isSubtle: true, size: 'small' }));
  body.push({
    type: 'ActionSet',
    actions: [
      commandButton('Skip', 'skip', { diagnoseStep: view.nodeId }),
      commandButton('Back', 'back', { diagnoseStep: view.nodeId }),
      commandButton('Help', 'help'),
      commandButton('Cancel', 'cancel'),
    ],
  });
  return card(body, [], questionText(view));
}

/** The same question as plain text (for logs, tests and clients without cards). */
export function questionText(view: QuestionView): string {
  const lines = [`Diagnose ${view.clusterName} · step ${view.step}: ${view.title}`];
  if (view.notice) lines.push(view.notice);
  lines.push(view.question);
  if (view.commands.length) lines.push(`Run:\n${view.commands.join('\n')}`);
  if (view.good) lines.push(`Good: ${view.good}`);
  if (view.bad) lines.push(`Bad: ${view.bad}`);
  lines.push(...view.notes);
  lines.push(`Answers: ${view.options.map((o, i) => `${i + 1}) ${o.answer}`).join(', ')}; or skip, back, cancel, help.`);
  return lines.join('\n');
}
