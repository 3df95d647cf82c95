import { visibleText } from '../support/connector-standin';
import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';

/**
 * Pasted output over HTTP as Teams delivers it: `text` with the line breaks lost, and the lines kept
 * in a text/html attachment (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages).
 */
const PODS = [
  'NAME READY STATUS RESTARTS AGE',
  'clusteridentityoperator-5b9f7b8c9d-zt7wm 2/2 Running 0 3d4h',
  'config-agent-7f6d8b9c5-kx2lq 1/2 CrashLoopBackOff 14 (2m ago) 3d4h',
  'metrics-agent-7b8c9d6f5-g5h6i 2/2 Running 0 3d4h',
];

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({ env: { CLUSTER_SOURCE: 'demo' } });
});
afterAll(async () => bot?.stop());

async function paste(text: string, html?: string): Promise<string> {
  const activity = teamsMessage(text, bot.connector.url);
  if (html) activity.attachments = [{ contentType: 'text/html', content: html }];
  const before = bot.connector.delivered().length;
  const res = await bot.post(activity);
  expect(res.status).toBeLessThan(300);
  const [reply] = (await bot.connector.waitFor(before + 1)).slice(before);
  return visibleText(reply.activity);
}

test('lines joined in text, kept as HTML paragraphs in the attachment: every pod read, the crash loop named', async () => {
  const shown = await paste(PODS.join(' '), PODS.map((l) => `<p>${l}</p>`).join(''));
  expect(shown).toContain('kubectl get pods: read 3 pods');
  expect(shown).toContain('config-agent-7f6d8b9c5-kx2lq: CrashLoopBackOff (1/2 ready)');
  expect(shown).not.toContain('Running and ready');
});

test('curl loop output whose lines only the HTML attachment keeps: both endpoints read, the failure named', async () => {
  const lines = ['https://management.azure.com 401', 'https://westeurope.dp.kubernetesconfiguration.azure.com 000'];
  const shown = await paste(lines.join(''), `<div>${lines.join('<br>')}</div>`);
  expect(shown).toContain('Probe: read 2 endpoints, 1 failing');
  // The host is shown on lines that end at a dot (no client breaks it inside a label).
  expect(shown.replace(/\.\n/g, '.')).toContain('westeurope.dp.kubernetesconfiguration.azure.com:443 · failed at HTTPS');
});

test('lines joined with nothing at all and no HTML: still every pod read', async () => {
  const shown = await paste(PODS.join(''));
  expect(shown).toContain('kubectl get pods: read 3 pods');
  expect(shown).toContain('config-agent-7f6d8b9c5-kx2lq: CrashLoopBackOff');
});
