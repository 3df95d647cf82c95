import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readZip } from './binary-readers';

/**
 * `npm run package` end to end: the real script in a child process, on a copy of manifest/ in a
 * temporary project folder, so hand-broken manifests never touch the repo's own.
 */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'package-app.cjs');
const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

let root: string;
let zipPath: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'package-app-'));
  cpSync(path.join(REPO_ROOT, 'manifest'), path.join(root, 'manifest'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'arc-connectivity-bot', version: '2.3.4' }));
  zipPath = path.join(root, 'build', 'arc-connectivity-bot.zip');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the script with only the variables given (none of the developer's own bot settings leak in). */
function runPackage(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [SCRIPT, '--root', root], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function editManifest(edit: (manifest: Record<string, any>) => void): void {
  const file = path.join(root, 'manifest', 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}

describe('package-app (npm run package)', () => {
  test('writes the zip with manifest.json and both icons at the root, bot id and version filled in', () => {
    const run = runPackage({ MicrosoftAppId: BOT_ID });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('arc-connectivity-bot.zip');
    const entries = readZip(readFileSync(zipPath));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.version).toBe('2.3.4');
    expect(JSON.stringify(manifest)).not.toContain('{{BOT_ID}}');
    expect(entries.get('color.png')!.equals(readFileSync(path.join(root, 'manifest', 'color.png')))).toBe(true);
    expect(entries.get('outline.png')!.equals(readFileSync(path.join(root, 'manifest', 'outline.png')))).toBe(true);
  });

  test('TEAMS_APP_BOT_ID is used when MicrosoftAppId is not set, and BOT_DOMAIN lands in validDomains', () => {
    const run = runPackage({ TEAMS_APP_BOT_ID: BOT_ID, BOT_DOMAIN: 'arc-bot.example.com' });

    expect(run.status).toBe(0);
    const manifest = JSON.parse(readZip(readFileSync(zipPath)).get('manifest.json')!.toString('utf8'));
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['arc-bot.example.com']);
  });

  test('reads the bot id from the project .env when the environment has none', () => {
    writeFileSync(path.join(root, '.env'), `# local settings\nMicrosoftAppId="${BOT_ID}"\n`);
    const run = runPackage({});

    expect(run.status).toBe(0);
    expect(JSON.parse(readZip(readFileSync(zipPath)).get('manifest.json')!.toString('utf8')).bots[0].botId).toBe(BOT_ID);
  });

  test('no bot id: a clear message naming both variables, exit 1, no zip', () => {
    const run = runPackage({});

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('MicrosoftAppId');
    expect(run.stderr).toContain('TEAMS_APP_BOT_ID');
    expect(existsSync(zipPath)).toBe(false);
  });

  test('a bot id that is not a GUID is refused with the variable named', () => {
    const run = runPackage({ MicrosoftAppId: 'my-bot' });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/MicrosoftAppId="my-bot" is not a GUID/);
    expect(existsSync(zipPath)).toBe(false);
  });

  test('a manifest edited into an invalid state: every schema error listed, no zip (a stale one is removed)', () => {
    mkdirSync(path.dirname(zipPath), { recursive: true });
    writeFileSync(zipPath, 'stale package from an earlier run');
    editManifest((manifest) => {
      manifest.bots[0].scopes = ['personal', 'team', 'groupchat']; // lowercase is rejected since v1.17
      delete manifest.developer.name;
      manifest.name.short = 'A name that is far too long for the thirty character limit';
    });

    const run = runPackage({ MicrosoftAppId: BOT_ID });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not a valid Teams v1.24 app manifest (3 problems)');
    expect(run.stderr).toMatch(/- \/bots\/0\/scopes\/2 must be equal to one of the allowed values/);
    expect(run.stderr).toMatch(/- \/developer must have required property 'name'/);
    expect(run.stderr).toMatch(/- \/name\/short must NOT have more than 30 characters/);
    expect(existsSync(zipPath)).toBe(false);
  });

  test('a missing or wrongly sized icon is reported like a schema error', () => {
    editManifest((manifest) => {
      manifest.icons.outline = 'color.png';
      manifest.icons.color = 'missing.png';
    });

    const run = runPackage({ MicrosoftAppId: BOT_ID });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('/icons/color "missing.png" not found');
    expect(run.stderr).toContain('/icons/outline "color.png" is 192x192; Teams needs 32x32');
    expect(existsSync(zipPath)).toBe(false);
  });

  test('a manifest that is not JSON, or lost its bot id placeholder, is reported without a stack trace', () => {
    writeFileSync(path.join(root, 'manifest', 'manifest.json'), '{ "bots": [ { "botId": "{{BOT_ID}}" ');
    const broken = runPackage({ MicrosoftAppId: BOT_ID });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('manifest/manifest.json is not valid JSON');
    expect(broken.stderr).not.toMatch(/\n\s+at /);

    writeFileSync(path.join(root, 'manifest', 'manifest.json'), '{}');
    const noPlaceholder = runPackage({ MicrosoftAppId: BOT_ID });
    expect(noPlaceholder.status).toBe(1);
    expect(noPlaceholder.stderr).toContain('no "{{BOT_ID}}" placeholder');
  });
});
