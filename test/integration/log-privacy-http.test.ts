import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';

/**
 * Logs carry the command word and its target, never what people wrote: pasted output, free text
 * and anything secret-looking in them stay out of every log line, whatever path the message took
 * (a command, pasted output, a dialog answer, an unrecognised sentence, a card click).
 */
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IkFCQyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6a3ViZS1zeXN0ZW0ifQ.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ';
const CLIENT_SECRET = 'Zx8Q~S3cr3tV4lu3-k9PqR7tU2wXyZ0aBcDeF';
const FREE_TEXT = 'the payroll cluster fell over again Hunter2Hunter2';
const SECRETS = [JWT, CLIENT_SECRET, 'Hunter2Hunter2', 'payroll', 'fell over'];

const KUBECONFIG = ['apiVersion: v1', 'kind: Config', 'users:', '- name: arc-admin', '  user:', `    token: ${JWT}`].join('\n');
const PODS_WITH_SECRET = [
  'NAME READY STATUS RESTARTS AGE',
  'clusteridentityoperator-5b9f7b8c9d-zt7wm 2/2 Running 0 3d4h',
  `config-agent-7f6d8b9c5-kx2lq 1/2 CrashLoopBackOff 14 (2m ago) 3d4h client_secret=${CLIENT_SECRET}`,
].join('\n');
const AZK8S = `[AZK8S0001] Cluster connect failed for store-0421 with client_secret=${CLIENT_SECRET}; ${FREE_TEXT}`;

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => bot?.stop());

async function say(text: string, opts: { value?: Record<string, unknown> } = {}) {
  const before = bot.connector.calls.length;
  const res = await bot.post(teamsMessage(text, bot.connector.url, opts));
  expect(res.status).toBe(200);
  return bot.connector.calls.slice(before);
}

test('pasted output, free text, secrets in command arguments, a dialog answer and a click: no log line carries any of it', async () => {
  await say(KUBECONFIG);
  await say(PODS_WITH_SECRET);
  await say(AZK8S);
  await say(FREE_TEXT);
  await say(`status client_secret=${CLIENT_SECRET}`);
  await say(`mute store-0421 ${JWT} 1h`);
  await say(`clusters ${FREE_TEXT}`);
  await say('diagnose store-0421');
  await say(PODS_WITH_SECRET);
  await say(`${FREE_TEXT} ${JWT}`);
  await say('cancel');
  await say('', { value: { command: `status ${JWT}`, note: FREE_TEXT } });

  const lines = bot.logger.lines.map((l) => JSON.stringify({ level: l.level, msg: l.msg, ...l.fields }));
  expect(lines.length).toBeGreaterThan(10);
  for (const line of lines) for (const secret of SECRETS) expect({ line, leaked: line.includes(secret) }).toEqual({ line, leaked: false });

  // What is logged instead: the command word and the safe part of its target.
  const commands = bot.logger.lines.filter((l) => l.msg === 'command').map((l) => [l.fields.command, l.fields.target]);
  expect(commands).toEqual(expect.arrayContaining([
    ['status', '…'],
    ['mute', 'store-0421 … 1h'],
    ['diagnose', 'store-0421'],
    ['(not a command)', undefined],
  ]));
});
