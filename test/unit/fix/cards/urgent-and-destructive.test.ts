import { diagnoseQuestionCard, questionText } from '../../../../src/fix/cards/diagnose-question-card';
import { findingsCard, findingsText } from '../../../../src/fix/cards/findings-card';
import { assess } from '../../../../src/fix/knowledge/assessment';
import { handleInput, startDiagnosis } from '../../../../src/fix/knowledge/diagnose-engine';
import { aCluster, DAY, offline, TEST_NOW } from '../../../support/clusters';
import { elementsOfType } from '../../cards/card-checks';

describe('fix cards: urgent first, destructive commands labelled', () => {
  test('the findings card leads with the expiry block and labels every run of commands that deletes, with what it deletes', () => {
    const cluster = offline(aCluster({ certificateExpiresAt: new Date(TEST_NOW.getTime() + 3 * DAY) }), TEST_NOW, 180);
    const findings = assess({ cluster, cloud: 'public', region: cluster.location, now: TEST_NOW, latestAgent: '1.36.1', answers: [{ node: 'B2', answer: 'running', causes: ['agents-missing'] }] });
    const built = findingsCard(findings);
    const lead = built.body[2] as unknown as { style: string; items: { text: string }[] };
    expect(lead.style).toBe('attention');
    expect(lead.items[0].text).toMatch(/^⏳ Certificate expires .* UTC \(in 3 d\)$/);
    // In card order: TextBlock text and CodeBlock snippets (commands are code blocks, shown literally).
    const texts = [...elementsOfType(built, 'TextBlock'), ...elementsOfType(built, 'CodeBlock')]
      .sort((a, b) => JSON.stringify(built).indexOf(JSON.stringify(a)) - JSON.stringify(built).indexOf(JSON.stringify(b)))
      .map((t) => String(t.type === 'CodeBlock' ? t.codeSnippet : t.text));
    const warning = texts.findIndex((t) => t.startsWith('⚠️ Destructive: deletes the Azure Arc resource of the cluster'));
    const command = texts.findIndex((t) => t.startsWith('az connectedk8s delete'));
    expect(warning).toBeGreaterThan(-1);
    expect(command).toBe(warning + 1);
    expect(findingsText(findings)).toMatch(/Fix: \(destructive\) az connectedk8s delete/);
  });

  test('the first diagnose question of such a cluster leads with the same expiry block', () => {
    const cluster = offline(aCluster({ certificateExpiresAt: new Date(TEST_NOW.getTime() + 3 * DAY) }), TEST_NOW, 180);
    const step = startDiagnosis(cluster, TEST_NOW, '1.36.1');
    if (step.output.kind !== 'question') throw new Error('expected a question');
    const built = diagnoseQuestionCard(step.output.view);
    expect(((built.body[1] as unknown as { items: { text: string }[] }).items)[0].text).toMatch(/^⏳ Certificate expires/);
    expect(questionText(step.output.view).split('\n')[1]).toMatch(/^⏳ Certificate expires/);
  });

  test('questions and findings say when the cluster data was read: the diagnosis start, not the later step that ended it', () => {
    const cluster = offline(aCluster({}), TEST_NOW, 30);
    let step = startDiagnosis(cluster, TEST_NOW, '1.36.1');
    if (step.output.kind !== 'question') throw new Error('expected a question');
    const asOf = `Cluster data as of ${TEST_NOW.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(elementsOfType(diagnoseQuestionCard(step.output.view), 'TextBlock').map((t) => String(t.text))).toContain(asOf);
    const later = new Date(TEST_NOW.getTime() + 20 * 60_000);
    for (let i = 0; i < 30 && step.output.kind === 'question'; i++) step = handleInput(step.state, 'skip', later);
    if (step.output.kind !== 'findings') throw new Error('expected findings');
    expect(step.output.findings.asOf).toBe(TEST_NOW.toISOString());
    const lines = elementsOfType(findingsCard(step.output.findings), 'TextBlock').map((t) => String(t.text));
    expect(lines).toContain(asOf);
  });
});
