import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDiagnoseCommand } from '../../../src/fix/diagnose-command';
import { createEndpointsCommand } from '../../../src/fix/endpoints-command';
import { createMuteCommands } from '../../../src/tell/mute-commands';
import { createProbeCommand } from '../../../src/fix/probe-command';
import { createAsk } from '../../../src/ask/ask-feature';
import { type FeatureCommands, listCommandDescriptors } from '../../../src/chat/registry';
import { createSubscribeCommands } from '../../../src/tell/subscribe-commands';

/** The Teams manifest template: valid on the bundled v1.24 schema, and in step with the bot's commands. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const template = readFileSync(path.join(REPO_ROOT, 'manifest', 'manifest.json'), 'utf8');
const SAMPLE_BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const manifest = JSON.parse(template.replace('{{BOT_ID}}', SAMPLE_BOT_ID));
/** Teams shows at most 10 commands per scope in the command menu (src/commands/command.ts). */
const MAX_COMMANDS_PER_SCOPE = 10;

describe('manifest/manifest.json', () => {
  test('is valid against the Teams v1.24 schema bundled in @microsoft/app-manifest (offline)', () => {
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.schema.json');
    // @microsoft/app-manifest loads an ES module (strip-bom) that jest cannot require, so the
    // validation runs where it runs for real: the package script, in a child process.
    const outDir = mkdtempSync(path.join(tmpdir(), 'manifest-valid-'));
    try {
      const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package-app.cjs'), '--out', path.join(outDir, 'app.zip')], {
        env: { PATH: process.env.PATH ?? '', TEAMS_APP_BOT_ID: SAMPLE_BOT_ID },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  test('the bot id is a placeholder filled in at package time, never a committed id', () => {
    expect(JSON.parse(template).bots[0].botId).toBe('{{BOT_ID}}');
  });

  test('one bot, in personal, team and groupChat scopes, conversational', () => {
    expect(manifest.bots).toHaveLength(1);
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.bots[0].isNotificationOnly).toBe(false);
  });

  test('the descriptions tell an admin what the bot reads (Resource Graph, read-only) and what it posts', () => {
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    const full: string = manifest.description.full;
    expect(full).toContain('Azure Resource Graph');
    expect(full).toMatch(/read-only/i);
    expect(full).toMatch(/Reader role/);
    expect(full).toMatch(/What it posts/);
    expect(full).toMatch(/never changes anything in Azure/);
  });

  test('developer info and validDomains are present', () => {
    for (const key of ['name', 'websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(manifest.developer[key]).toBeTruthy();
    expect(Array.isArray(manifest.validDomains)).toBe(true);
  });

  test('the icons it names are the generated ones at the package root', () => {
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });
});

describe('manifest command lists match the bot\'s command table (src/chat/registry.ts)', () => {
  // The feature commands src/compose.ts wires ("Tell" in src/tell/tell-feature.ts, "Fix" in
  // src/fix/fix-feature.ts), in the same order; only names and texts are read, so the factories
  // get no dependencies. A feature wired there must be added here too (until
  // listCommandDescriptors() includes every wired feature by itself).
  const unused = {} as never;
  const wiredFeatures: FeatureCommands[] = [
    createAsk(unused),
    { commands: [...createSubscribeCommands(unused), ...createMuteCommands(unused)] },
    { commands: [createDiagnoseCommand(unused), createEndpointsCommand(), createProbeCommand(unused)] },
  ];
  const descriptors = listCommandDescriptors(wiredFeatures);
  const inManifest = descriptors.filter((d) => d.inManifest);
  const commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] = manifest.bots[0].commandLists;
  const expected = inManifest.map((d) => ({ title: d.name, description: d.description }));

  test('every bot scope has a command list', () => {
    const scopesWithCommands = new Set(commandLists.flatMap((list) => list.scopes));
    for (const scope of manifest.bots[0].scopes) expect(scopesWithCommands).toContain(scope);
  });

  test.each(['personal', 'team', 'groupChat'])('the %s command list is exactly the commands marked inManifest, with their descriptions', (scope) => {
    const list = commandLists.find((l) => l.scopes.includes(scope));
    expect(list).toBeDefined();
    // On failure the diff shows the expected commands: paste them into manifest/manifest.json.
    expect({ scope, commands: list!.commands }).toEqual({ scope, commands: expected });
    expect(list!.commands.length).toBeLessThanOrEqual(MAX_COMMANDS_PER_SCOPE);
  });

  test('every manifest command is a real command of the bot (no menu entry the bot would not understand)', () => {
    const names = new Set(descriptors.map((d) => d.name));
    const unknown = commandLists.flatMap((l) => l.commands.map((c) => c.title)).filter((title) => !names.has(title));
    expect(unknown).toEqual([]);
  });
});
