import { spawn, type ChildProcess } from 'node:child_process';
import { PLAYGROUND_BOT_NAME, PLAYGROUND_CONFIG_YAML, playgroundCliPath } from '../../src/playground/playground-config';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { projectRoot } from '../../src/core/project-root';

/**
 * Drives the Microsoft 365 Agents Playground (https://learn.microsoft.com/microsoftteams/platform/toolkit/debug-your-agents-playground) like a person would: its web
 * page in headless Chromium, typing into the compose box and clicking rendered Adaptive Cards.
 *
 * Selectors were learnt from Playground 0.2.28's page and use roles and names where it has them:
 *  - compose box: role textbox (a contenteditable); Enter sends in a chat; in a channel a new post
 *    is sent with the "Post" button;
 *  - rendered cards: `.ac-adaptiveCard` (the Adaptive Cards JS renderer's root class); their
 *    buttons are role button named by the action title;
 *  - conversations: tree items "Personal Chat", "Group Chat", "<team> - <channel>";
 *  - @mention: typing "@" opens a "Typeahead menu" whose menu items are named after members.
 */

/** Found by package.json, so this also works when compiled elsewhere (scripts/screenshots). */
export const REPO_ROOT = projectRoot(__dirname);
const PLAYGROUND_CLI = playgroundCliPath()!;
export const DEFAULT_ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'playground');

const PLAYGROUND_START_TIMEOUT_MS = 30_000;
/** How long a new channel post waits for the bot's reply before asking again in its thread. */
const NEW_POST_REPLY_GRACE_MS = 8_000;

export { PLAYGROUND_BOT_NAME };

/** Chromium flags that keep a headless browser off the network and quiet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Debian's Chromium is (or CHROMIUM_PATH); undefined when it is not installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): string | undefined {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((candidate) => exists(candidate));
}

export interface PlaygroundOptions {
  /** Folder for screenshots; default test-artifacts/playground (git-ignored). */
  artifactsDir?: string;
  /** Browser viewport; the default fits a card and the log panel. */
  viewport?: { width: number; height: number };
  /** How long to wait for the bot's answers (ms). */
  answerTimeoutMs?: number;
  /** Chromium binary; default findChromium(). */
  chromiumPath?: string;
}

export interface PlaygroundSession {
  /** The Playground web UI, e.g. http://127.0.0.1:40123/ */
  url: string;
  /** Its mock Bot Connector, which the Playground sends as the activities' serviceUrl. */
  serviceUrl: string;
  page: Page;
  /** Types a message into the current chat and sends it with Enter. */
  send(text: string): Promise<void>;
  /**
   * In a channel: @mentions the bot followed by `text`. The first mention after switchToChannel
   * starts a new post; later ones reply in that post's thread (as people do in Teams).
   */
  mentionBot(text: string): Promise<void>;
  /** How many rendered cards contain `text` right now (to wait for a new one after an action). */
  countCards(text: string): Promise<number>;
  /** Waits until at least `minCount` (default 1) rendered cards contain `text`; returns the newest. */
  waitForCardContaining(text: string, opts?: { minCount?: number }): Promise<Locator>;
  /** Waits for a plain-text message containing `text` (rendered outside cards). */
  waitForTextContaining(text: string): Promise<Locator>;
  /** Clicks the button `title` on `card`, or on the newest card that has such a button. */
  clickCardButton(title: string, card?: Locator): Promise<void>;
  /** Opens a team channel (default "My Team - General") where the bot only hears @mentions. */
  switchToChannel(name?: string): Promise<void>;
  /** Back to the 1:1 chat with the bot. */
  switchToPersonalChat(): Promise<void>;
  /** Saves a full-page screenshot to the artifacts folder; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Saves a screenshot of one element (a card) to `filePath`. */
  screenshotElement(locator: Locator, filePath: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the Playground's server as a child process on a free port, pointed at `botEndpoint`. */
async function startPlaygroundServer(botEndpoint: string): Promise<{ port: number; child: ChildProcess; output: () => string }> {
  // A private working folder with our .m365agentsplayground.yml (the Playground reads it from there).
  const cwd = mkdtempSync(path.join(tmpdir(), 'playground-cwd-'));
  writeFileSync(path.join(cwd, '.m365agentsplayground.yml'), PLAYGROUND_CONFIG_YAML);
  const child = spawn(
    process.execPath,
    [PLAYGROUND_CLI, 'start', '--disable-telemetry', '-e', botEndpoint, '-p', '0', '-c', 'msteams'],
    {
      cwd,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', BOT_ENDPOINT: botEndpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Agents Playground did not print "Listening on <port>" within ${PLAYGROUND_START_TIMEOUT_MS} ms:\n${output}`));
    }, PLAYGROUND_START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Agents Playground exited (code ${code}) before listening:\n${output}`));
    });
    child.once('error', reject);
  });
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  try {
    await waitUntilServing(`http://127.0.0.1:${port}/`, () => output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { port, child, output: () => output };
}

/** "Listening on" is printed before the page is served (and even when it never is): poll it. */
async function waitUntilServing(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + PLAYGROUND_START_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Agents Playground printed its port but does not serve ${url}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killTimer);
}

/** Starts the Playground for `botEndpoint` and opens its page in headless Chromium. */
export async function startPlayground(botEndpoint: string, options: PlaygroundOptions = {}): Promise<PlaygroundSession> {
  const chromiumPath = options.chromiumPath ?? findChromium();
  if (!chromiumPath) throw new Error('Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH');
  const artifactsDir = options.artifactsDir ?? DEFAULT_ARTIFACTS_DIR;
  const answerTimeout = options.answerTimeoutMs ?? 30_000;

  const server = await startPlaygroundServer(botEndpoint);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'playground-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 900 },
    });
    // The page loads Segoe UI from a CDN (cosmetic); keep every request on loopback.
    await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])(https?|wss?):/, (route) => route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(answerTimeout);
    const url = `http://127.0.0.1:${server.port}/`;
    await page.goto(url);
    await page.getByRole('button', { name: 'Send Message' }).waitFor();
    return createSession(page, context, url, server, userDataDir, artifactsDir);
  } catch (error) {
    await context?.close().catch(() => undefined);
    await stopChild(server.child);
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The name the brief uses for the driver's entry point. */
/** A case-sensitive substring matcher for `hasText`. */
function exactly(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/**
 * Types into a compose box and checks the text arrived: switching conversations re-renders the
 * box (install/conversationUpdate), and keys typed into the old one are lost, so retry once or twice.
 */
async function typeInto(box: Locator, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await box.click();
    await box.press('ControlOrMeta+a');
    await box.press('Delete');
    await box.pressSequentially(text);
    try {
      await waitForBoxText(box, text, 2_000);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Waits until the compose box shows `text` (whitespace-normalised, as the mention pill renders). */
async function waitForBoxText(box: Locator, text: string, timeout?: number): Promise<void> {
  try {
    await box.filter({ hasText: text }).waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`the Playground compose box shows "${await box.innerText()}", expected "${text}"`);
  }
}

function createSession(
  page: Page,
  context: BrowserContext,
  url: string,
  server: { port: number; child: ChildProcess },
  userDataDir: string,
  artifactsDir: string,
): PlaygroundSession {
  // Playwright matches a string hasText case-insensitively ("Fleet at a glance" would match "the
  // fleet at a glance" in the help card); a RegExp keeps the match exact. Visible cards only, so
  // what is counted is what a person would see.
  const cards = (text: string) => page.locator('.ac-adaptiveCard').filter({ hasText: exactly(text), visible: true });
  /** The channel post this session started with its first @mention; later mentions reply in it. */
  let thread: Locator | undefined;
  const typeMention = async (box: Locator, text: string) => {
    await typeInto(box, `@${PLAYGROUND_BOT_NAME.split(' ')[0]}`);
    await page.getByRole('menuitem', { name: new RegExp(PLAYGROUND_BOT_NAME) }).first().click();
    await page.keyboard.type(` ${text}`);
    await waitForBoxText(box, `${PLAYGROUND_BOT_NAME} ${text}`);
  };
  // In a channel the "new post" box sits in the group that has the Post button.
  const newPostBox = () => page.getByRole('group').filter({ has: page.getByRole('button', { name: 'Post' }) }).getByRole('textbox');

  let failures = 0;
  /** On a wait that fails: saves the page (screenshot + accessibility tree) and says where, with what was waited for. */
  const explainTimeout = async (what: string, wait: () => Promise<void>): Promise<void> => {
    try {
      await wait();
    } catch (error) {
      mkdirSync(artifactsDir, { recursive: true });
      const base = path.join(artifactsDir, `failure-${++failures}`);
      await page.screenshot({ path: `${base}.png` }).catch(() => undefined);
      const tree = await page.locator('body').ariaSnapshot().catch(() => '(no accessibility tree)');
      writeFileSync(`${base}.aria.txt`, tree);
      throw new Error(`Playground: waited in vain for ${what} (${(error as Error).message.split('\n')[0]}); page saved as ${base}.png and ${base}.aria.txt`);
    }
  };

  const session: PlaygroundSession = {
    url,
    serviceUrl: `http://localhost:${server.port}/_connector`,
    page,

    async send(text) {
      const box = page.getByRole('textbox').last();
      await typeInto(box, text);
      await page.keyboard.press('Enter');
    },

    async mentionBot(text) {
      if (thread) {
        // Later mentions reply in the thread this session started (no race there, see below).
        await typeMention(thread.getByRole('textbox'), text);
        await page.keyboard.press('Enter');
        return;
      }
      await typeMention(newPostBox(), text);
      await page.getByRole('button', { name: 'Post' }).click();
      const post = page
        .getByRole('group')
        .filter({ hasNot: page.getByRole('button', { name: 'Post' }) })
        .filter({ hasText: exactly(`${PLAYGROUND_BOT_NAME} ${text}`) })
        .first();
      await post.waitFor();
      thread = post;
      // Playground 0.2.28 race: its page files a new post only when the POST that created it
      // returns, so a bot reply that arrives over the socket before that is not shown (the log
      // panel still lists it). If no reply shows in the post, ask again in its thread, once.
      try {
        await post.getByRole('img', { name: PLAYGROUND_BOT_NAME }).first().waitFor({ timeout: NEW_POST_REPLY_GRACE_MS });
      } catch {
        await typeMention(post.getByRole('textbox'), text);
        await page.keyboard.press('Enter');
      }
    },

    async countCards(text) {
      return cards(text).count();
    },

    async waitForCardContaining(text, opts = {}) {
      const minCount = opts.minCount ?? 1;
      await explainTimeout(`${minCount} card(s) containing "${text}"`, () => cards(text).nth(minCount - 1).waitFor({ state: 'visible' }));
      return cards(text).last();
    },

    async waitForTextContaining(text) {
      // Bot text messages render as paragraphs; the compose box and the log panel are excluded
      // by requiring a paragraph (the log panel renders spans).
      const message = page.locator('p').filter({ hasText: exactly(text) }).last();
      await explainTimeout(`a message containing "${text}"`, () => message.waitFor({ state: 'visible' }));
      return message;
    },

    async clickCardButton(title, card) {
      const scope = card ?? page.locator('.ac-adaptiveCard').filter({ has: page.getByRole('button', { name: title }) }).last();
      await scope.getByRole('button', { name: title, exact: true }).click();
    },

    async switchToChannel(name = 'My Team - General') {
      thread = undefined;
      await page.getByRole('treeitem', { name }).click();
      await page.getByRole('button', { name: 'Post' }).waitFor();
    },

    async switchToPersonalChat() {
      thread = undefined;
      await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
      await page.getByRole('button', { name: 'Send Message' }).waitFor();
    },

    async screenshot(name) {
      mkdirSync(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },

    async screenshotElement(locator, filePath) {
      mkdirSync(path.dirname(filePath), { recursive: true });
      await locator.scrollIntoViewIfNeeded();
      // A card that has just arrived may still be laying out (fonts, fade-in): settle first.
      await page.evaluate('document.fonts.ready.then(() => true)');
      await locator.screenshot({ path: filePath, animations: 'disabled' });
      return filePath;
    },

    async close() {
      await context.close().catch(() => undefined);
      await stopChild(server.child);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return session;
}
