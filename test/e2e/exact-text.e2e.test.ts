import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator } from 'playwright-core';
import { startTestBot, type TestBot } from '../support/bot-harness';
import { cardOf } from '../support/connector-standin';
import { REPO_ROOT, startPlayground, type PlaygroundSession } from '../support/playground-driver';
import { describeWithChromium } from '../support/playground-e2e';

/**
 * Exact text, read where a person reads it: every command the bot means (its CodeBlocks and
 * monospace runs, taken from the card JSON the same bot sends for the same message) appears
 * character for character in the Agents Playground's rendered card. The probe command copied from
 * the page runs under `sh` against loopback targets and its output, pasted back as the Playground
 * pastes (lines joined), is read in full.
 */
jest.setTimeout(240_000);

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e-exact-text');
const CLUSTER = 'store-0421';
const HOSTILE_TAGS = { link: '[Reset your password](https://evil.example/login)', script: '[x](javascript:alert(1))', rtl: 'abc\u202Egnp.exe' };
const HOSTILE_DISTRIBUTION = '**k3s** <b>bold</b> _x_';

interface Meant {
  /** Whole lines (CodeBlock lines, literal blocks): a rendered block must equal each. */
  lines: string[];
  /** Monospace runs inside prose: a rendered block must contain each. */
  runs: string[];
}

/** What the bot meant to show literally, from the card JSON it sent. */
function meantText(card: unknown): Meant {
  const meant: Meant = { lines: [], runs: [] };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, any>;
    if (o.type === 'CodeBlock') meant.lines.push(...String(o.codeSnippet).split('\n'));
    else if (o.type === 'RichTextBlock') {
      for (const run of o.inlines ?? []) if (run.fontType === 'monospace' && run.text.trim()) meant.runs.push(run.text);
      return;
    }
    for (const [key, value] of Object.entries(o)) if (key !== 'fallback') walk(value);
  };
  walk(card);
  return meant;
}

/** Each rendered text block of a card (RichTextBlocks, TextBlocks), as the page shows it. */
async function renderedBlocks(card: Locator): Promise<string[]> {
  return card.locator('.ac-richTextBlock, .ac-textBlock').evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText));
}

/** Every line compared so far, to check the placeholders that used to vanish were among them. */
const compared: string[] = [];

async function expectRenderedExactly(card: Locator, sent: Record<string, any>): Promise<void> {
  const meant = meantText(cardOf(sent));
  compared.push(...meant.lines, ...meant.runs);
  const shown = await renderedBlocks(card);
  expect(meant.lines.length + meant.runs.length).toBeGreaterThan(0);
  for (const line of meant.lines) expect(shown).toContain(line);
  for (const run of meant.runs) expect(shown.filter((block) => block.includes(run))).not.toHaveLength(0);
}

describeWithChromium('exact text in the Agents Playground (real bot, demo fleet)', () => {
  let bot: TestBot;
  let playground: PlaygroundSession;
  let fleetDir: string;

  beforeAll(async () => {
    // The demo fleet, with Azure tags and a distribution that hold markup and a bidi override.
    fleetDir = mkdtempSync(path.join(tmpdir(), 'e2e-exact-fleet-'));
    const fleet = JSON.parse(readFileSync(path.join(REPO_ROOT, 'data', 'demo-fleet.json'), 'utf8'));
    const row = fleet.data.find((r: { name: string }) => r.name === CLUSTER);
    row.tags = { ...HOSTILE_TAGS };
    row.properties.distribution = HOSTILE_DISTRIBUTION;
    writeFileSync(path.join(fleetDir, 'demo-fleet.json'), JSON.stringify(fleet));
    bot = await startTestBot({ env: { CLUSTER_SOURCE: 'demo', DEMO_FLEET_FILE: path.join(fleetDir, 'demo-fleet.json') } });
    playground = await startPlayground(`${bot.url}/api/messages`, { artifactsDir: ARTIFACTS });
  });

  afterAll(async () => {
    await playground?.close();
    await bot?.stop();
    if (fleetDir) rmSync(fleetDir, { recursive: true, force: true });
  });

  test('status: Azure tags and distribution are shown literally, with no link, emphasis or bidi override', async () => {
    await playground.send(`status ${CLUSTER}`);
    const card = await playground.waitForCardContaining(`${CLUSTER} is Offline`);
    const shown = await card.innerText();
    expect(shown).toContain('link=[Reset your password](https://evil.example/login)');
    expect(shown).toContain('script=[x](javascript:alert(1))');
    expect(shown).toContain('rtl=abc[U+202E]gnp.exe');
    expect(shown).toContain(HOSTILE_DISTRIBUTION);
    expect(shown).not.toMatch(/[\u202a-\u202e]/);
    expect(await card.locator('a, em, strong:has-text("k3s"), script').count()).toBe(0);
    await playground.screenshot('status-hostile-tags');
  });

  test.each([
    ['help', 'What I can do'],
    [`endpoints westeurope`, 'Outbound allowlist · '],
  ])('"%s": every command and host name renders exactly as sent', async (command, title) => {
    const [sent] = await bot.say(command);
    const before = await playground.countCards(title);
    await playground.send(command);
    await expectRenderedExactly(await playground.waitForCardContaining(title, { minCount: before + 1 }), sent);
  });

  test('diagnose: every step\'s commands and the findings render exactly as sent', async () => {
    let [sent] = await bot.say(`diagnose ${CLUSTER}`);
    await playground.send(`diagnose ${CLUSTER}`);
    await expectRenderedExactly(await playground.waitForCardContaining(`Diagnose ${CLUSTER} · step 1`), sent);
    for (let step = 2; step < 20 && !JSON.stringify(cardOf(sent)).includes(`Findings for ${CLUSTER}`); step++) {
      // A typed answer first turns the previous question card off (an update), then sends the next card.
      sent = (await bot.say('skip')).at(-1)!;
      await playground.send('skip');
      const findings = JSON.stringify(cardOf(sent)).includes(`Findings for ${CLUSTER}`);
      const card = await playground.waitForCardContaining(findings ? `Findings for ${CLUSTER}` : `Diagnose ${CLUSTER} · step ${step}`);
      await expectRenderedExactly(card, sent);
    }
    expect(JSON.stringify(cardOf(sent))).toContain(`Findings for ${CLUSTER}`);
    // The placeholders markdown used to swallow were among the lines compared.
    expect(compared.filter((line) => line.includes('-n <release-namespace>'))).not.toHaveLength(0);
    expect(compared.filter((line) => line.includes('curl -x http://<proxy>:<port>'))).not.toHaveLength(0);
    await playground.screenshot('diagnose-findings');
  });

  test('text replies: a command hint renders exactly, and a hostile value typed back is shown as data, not a link', async () => {
    await playground.send('subscribe');
    await playground.waitForTextContaining('Subscribed #1');
    await playground.send('subscriptions');
    const hint = await playground.waitForTextContaining('Remove with unsubscribe <n> or unsubscribe all.');
    await expect(hint.locator('code').allInnerTexts()).resolves.toEqual(['unsubscribe <n>', 'unsubscribe all']);

    await playground.send(`status ${HOSTILE_TAGS.link} **b**`);
    const echoed = await playground.waitForTextContaining(`"${HOSTILE_TAGS.link} **b**" is not a valid cluster name`);
    await expect(echoed.locator('a, strong, em').count()).resolves.toBe(0);
    await playground.screenshot('text-replies');
  });

  test('probe: the command copied from the page runs under sh and its pasted output is read in full', async () => {
    const [sent] = await bot.say(`probe ${CLUSTER}`);
    await playground.send(`probe ${CLUSTER}`);
    const card = await playground.waitForCardContaining(`In-cluster probe for ${CLUSTER}`);
    await expectRenderedExactly(card, sent);
    const command = (await renderedBlocks(card)).find((block) => block.startsWith('kubectl run arcprobe'))!;
    expect(command).toContain('h=${e%:*}; p=${e#*:}');

    const output = await runProbeOnLoopback(command, await plainHttpServer());
    const lines = output.trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    // The first target answers plain HTTP on loopback (TLS fails); every other is refused (TCP fails).
    expect(lines[0]).toMatch(/^ARCPROBE \S+ \d+ dns=ok tcp=ok tls=fail http=000 rc=35 ip=127\.0\.0\.1$/);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ARCPROBE \S+ \d+ dns=ok tcp=fail tls=- http=000 rc=7 ip=/);

    // The Playground joins pasted lines; paste them with no separator at all.
    await playground.send(lines.join(''));
    const reading = await playground.waitForCardContaining('What I read in your paste');
    await expect(reading.innerText()).resolves.toContain(`Probe: read ${lines.length} endpoints, ${lines.length} failing`);
    await playground.screenshot('probe-pasted-back');
  });
});

let server: http.Server | undefined;
afterAll(() => server?.close());

/** A loopback server that answers plain HTTP, so an HTTPS client fails at the TLS stage. */
async function plainHttpServer(): Promise<number> {
  server = http.createServer((_req, res) => res.end('not tls'));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Runs the copied `kubectl run ... -- sh -c '<script>'` under sh with a stand-in `kubectl` that runs
 * the pod's command here, and a curl config that sends the first target to `tlsFailPort` and every
 * other one to a closed loopback port (https://curl.se/docs/manpage.html#--connect-to).
 */
async function runProbeOnLoopback(command: string, tlsFailPort: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'probe-sh-'));
  try {
    const firstTarget = /for e in (\S+):(\d+)/.exec(command)!;
    writeFileSync(path.join(dir, 'kubectl'), '#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "--command" ]; do shift; done\nshift 2\nexec "$@"\n');
    chmodSync(path.join(dir, 'kubectl'), 0o755);
    writeFileSync(path.join(dir, '.curlrc'), `connect-to = "${firstTarget[1]}:${firstTarget[2]}:127.0.0.1:${tlsFailPort}"\nconnect-to = "::127.0.0.1:1"\n`);
    // Asynchronously, so the loopback server in this process can answer.
    const { stdout } = await promisify(execFile)('sh', ['-c', command], { env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir }, encoding: 'utf8', timeout: 60_000 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
