#!/usr/bin/env node
/**
 * `npm run package`: builds the Teams app package build/arc-connectivity-bot.zip from manifest/
 * (manifest.json with the bot id filled in, color.png, outline.png, all at the zip root
 * (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package)), after validating the manifest OFFLINE against the
 * schema bundled in @microsoft/app-manifest. On any problem it lists them, writes no zip, exits 1.
 *
 * Environment:
 *   TEAMS_APP_BOT_ID or MicrosoftAppId  the Azure Bot's Microsoft App ID (a GUID); required.
 *                                       TEAMS_APP_BOT_ID wins when both are set (packaging for
 *                                       a different bot than the one configured locally).
 *   BOT_DOMAIN                          optional host name added to validDomains.
 * A .env file in the project root is read for variables not already set.
 *
 * Usage: node scripts/package-app.cjs [--root <projectDir>] [--out <zipPath>]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ZIP_NAME = 'arc-connectivity-bot.zip';
const BOT_ID_PLACEHOLDER = '{{BOT_ID}}';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Icon sizes Teams requires: color 192x192, outline 32x32 (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package). */
const ICON_SIZES = { color: 192, outline: 32 };
/** Fixed timestamp for zip entries, so the same inputs give the same bytes. */
const ZIP_ENTRY_DATE = new Date('2026-01-01T00:00:00Z');

class PackageError extends Error {
  constructor(message, problems = []) {
    super(message);
    this.problems = problems;
  }
}

function parseArgs(argv) {
  const args = { root: path.resolve(__dirname, '..'), out: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') args.root = path.resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else throw new PackageError(`Unknown argument "${argv[i]}". Usage: node scripts/package-app.cjs [--root <projectDir>] [--out <zipPath>]`);
  }
  args.out = args.out ?? path.join(args.root, 'build', ZIP_NAME);
  return args;
}

/** KEY=VALUE lines of a .env file (no expansion), for keys the environment does not already set. */
function readDotEnv(file, env) {
  if (!fs.existsSync(file)) return env;
  const merged = { ...env };
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const value = match[2].replace(/^(['"])(.*)\1$/, '$2');
    if (merged[match[1]] === undefined || merged[match[1]] === '') merged[match[1]] = value;
  }
  return merged;
}

function resolveBotId(env) {
  const botId = (env.TEAMS_APP_BOT_ID || '').trim() || (env.MicrosoftAppId || '').trim();
  if (!botId) {
    throw new PackageError(
      'No bot id: set MicrosoftAppId (the Azure Bot\'s Microsoft App ID) or TEAMS_APP_BOT_ID, e.g.\n' +
        '  MicrosoftAppId=00000000-0000-0000-0000-000000000000 npm run package',
    );
  }
  if (!GUID.test(botId)) {
    const source = (env.TEAMS_APP_BOT_ID || '').trim() ? 'TEAMS_APP_BOT_ID' : 'MicrosoftAppId';
    throw new PackageError(`${source}="${botId}" is not a GUID; it must be the Azure Bot's Microsoft App ID (Entra application/client id).`);
  }
  return botId;
}

/** Reads the bundled JSON schema for the manifest's $schema URL (no network, unlike fetchSchema). */
function loadBundledSchema(root, schemaUrl) {
  const match = /\/json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl || '');
  if (!match) throw new PackageError(`manifest.json "$schema" must be a Teams schema URL (https://developer.microsoft.com/json-schemas/teams/v1.NN/MicrosoftTeams.schema.json), got "${schemaUrl}".`);
  const file = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json', { paths: [root, __dirname] })), 'build', 'json-schemas', 'teams', match[1], 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(file)) throw new PackageError(`Schema ${match[1]} is not bundled in @microsoft/app-manifest; pick a bundled version (e.g. v1.24).`);
  // Same clean-up the library applies before parsing (\a and \v escapes are not valid JSON).
  const raw = fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return { schema: JSON.parse(raw), version: match[1] };
}

/** Width and height from a PNG's IHDR chunk, or undefined when the file is not a PNG. */
function pngSize(buffer) {
  const signature = '89504e470d0a1a0a';
  if (buffer.length < 24 || buffer.subarray(0, 8).toString('hex') !== signature || buffer.subarray(12, 16).toString('ascii') !== 'IHDR') return undefined;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

function checkIcons(manifestDir, manifest) {
  const problems = [];
  const files = {};
  for (const [kind, size] of Object.entries(ICON_SIZES)) {
    const name = manifest.icons && manifest.icons[kind];
    if (typeof name !== 'string' || !name) continue; // the schema reports the missing field
    if (name.includes('/') || name.includes('\\')) {
      problems.push(`/icons/${kind} "${name}" must be a file name at the package root (no folders).`);
      continue;
    }
    const file = path.join(manifestDir, name);
    if (!fs.existsSync(file)) {
      problems.push(`/icons/${kind} "${name}" not found in ${manifestDir} (run: node scripts/generate-icons.cjs).`);
      continue;
    }
    const dims = pngSize(fs.readFileSync(file));
    if (!dims) problems.push(`/icons/${kind} "${name}" is not a PNG file.`);
    else if (dims.width !== size || dims.height !== size) problems.push(`/icons/${kind} "${name}" is ${dims.width}x${dims.height}; Teams needs ${size}x${size}.`);
    files[name] = file;
  }
  return { problems, files };
}

/** Builds the final manifest object from the template: bot id, version from package.json, domains. */
function renderManifest(root, env, botId) {
  const manifestFile = path.join(root, 'manifest', 'manifest.json');
  let text;
  try {
    text = fs.readFileSync(manifestFile, 'utf8');
  } catch (error) {
    throw new PackageError(`Cannot read ${manifestFile}: ${error.message}`);
  }
  if (!text.includes(BOT_ID_PLACEHOLDER)) {
    throw new PackageError(`manifest/manifest.json has no "${BOT_ID_PLACEHOLDER}" placeholder for bots[0].botId; put it back so the bot id is filled in at package time.`);
  }
  let manifest;
  try {
    manifest = JSON.parse(text.split(BOT_ID_PLACEHOLDER).join(botId));
  } catch (error) {
    throw new PackageError(`manifest/manifest.json is not valid JSON: ${error.message}`);
  }
  const pkgFile = path.join(root, 'package.json');
  if (fs.existsSync(pkgFile)) {
    const version = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).version;
    if (version) manifest.version = version; // one version for the app and its package
  }
  const domain = (env.BOT_DOMAIN || '').trim();
  if (domain && Array.isArray(manifest.validDomains) && !manifest.validDomains.includes(domain)) manifest.validDomains.push(domain);
  return manifest;
}

function writeZip(outFile, entries) {
  const yazl = require('yazl');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const partial = `${outFile}.partial`;
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, content] of entries) zip.addBuffer(content, name, { mtime: ZIP_ENTRY_DATE, mode: 0o100644 });
    zip.outputStream
      .pipe(fs.createWriteStream(partial))
      .on('close', () => {
        fs.renameSync(partial, outFile);
        resolve();
      })
      .on('error', reject);
    zip.end();
  });
}

async function packageApp(argv, processEnv) {
  const args = parseArgs(argv);
  // A stale package must never be mistaken for this run's result.
  fs.rmSync(args.out, { force: true });
  const env = readDotEnv(path.join(args.root, '.env'), processEnv);
  const botId = resolveBotId(env);
  const manifest = renderManifest(args.root, env, botId);
  const { schema, version } = loadBundledSchema(args.root, manifest.$schema);
  const { AppManifestUtils } = require('@microsoft/app-manifest');
  // Passing the schema keeps validation offline (without it the library may download it).
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  const icons = checkIcons(path.join(args.root, 'manifest'), manifest);
  const problems = [...schemaErrors, ...icons.problems];
  if (problems.length) {
    throw new PackageError(`manifest/manifest.json is not a valid Teams ${version} app manifest (${problems.length} problem${problems.length > 1 ? 's' : ''}); no package written:`, problems);
  }
  const entries = [['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n')]];
  for (const [name, file] of Object.entries(icons.files)) entries.push([name, fs.readFileSync(file)]);
  await writeZip(args.out, entries);
  return { out: args.out, botId, version, files: entries.map(([name]) => name) };
}

module.exports = { packageApp, PackageError, pngSize };

if (require.main === module) {
  packageApp(process.argv.slice(2), process.env).then(
    (result) => {
      console.log(`wrote ${path.relative(process.cwd(), result.out) || result.out} (Teams manifest ${result.version}, bot ${result.botId}; ${result.files.join(', ')})`);
      console.log('Upload it in Teams: Apps > Manage your apps > Upload an app (or the Teams admin center).');
    },
    (error) => {
      if (error instanceof PackageError) {
        console.error(`package: ${error.message}`);
        for (const problem of error.problems) console.error(`  - ${problem}`);
      } else {
        console.error(`package: unexpected error: ${error && error.stack ? error.stack : error}`);
      }
      process.exit(1);
    },
  );
}
