import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManualClock } from '../../src/core/clock';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { startTestBot, teamsMessage, type TestBot } from '../support/bot-harness';

/**
 * The privacy statement (the manifest's description, which Teams shows admins, and PRIVACY.md)
 * names every kind of record the bot stores: each storage key the source can write, and each key a
 * real session writes, belongs to a listed kind. A new store without a line there fails here.
 */
const ROOT = path.join(__dirname, '../..');
const manifestText: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest/manifest.json'), 'utf8')).description.full;
const privacyText = fs.readFileSync(path.join(ROOT, 'PRIVACY.md'), 'utf8');

/** Storage key -> the words the statement uses for it. */
const KINDS: { key: RegExp; statement: string }[] = [
  { key: /^tell\/conversations$/, statement: 'conversation references' },
  { key: /^tell\/(subscriptions|mutes)$/, statement: 'subscriptions and mutes' },
  { key: /^tell\/monitor$/, statement: 'last known status of each cluster' },
  { key: /^tell\/outbox(-body\/.*)?$/, statement: 'alerts waiting to be posted' },
  { key: /^tell\/alert-cards$/, statement: 'ids of the alert cards it posted' },
  { key: /^tell\/heartbeat$/, statement: 'time of the last poll' },
  { key: /audit/, statement: 'audit trail' },
  // botbuilder's PrivateConversationState: channel/conversations/<id>/users/<id> (the diagnose dialog),
  // and the open dialogs' deadlines (src/teams/dialog-deadlines.ts).
  { key: /^msteams\/conversations\/[^/]+\/users\/[^/]+\/?$|^dialog-deadlines$/, statement: 'guided diagnosis' },
];
const kindOf = (key: string) => KINDS.find((k) => k.key.test(key));

/** Every `${TELL_KEY_PREFIX}name` and `${AUDIT_KEY_PREFIX}name` the source writes (key names built from a prefix). */
function keysInSource(): string[] {
  const keys = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/\$\{(TELL|AUDIT)_KEY_PREFIX\}([\w-]*\/?)/g)) keys.add(`${m[1].toLowerCase()}/${m[2]}`);
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  return [...keys];
}

class RecordingStorage extends MemoryStorage {
  readonly keys = new Set<string>();
  override async write(changes: Record<string, any>): Promise<void> {
    for (const key of Object.keys(changes)) this.keys.add(key);
    return super.write(changes);
  }
}

test('each kind of stored record is named in the manifest\'s description and in PRIVACY.md', () => {
  for (const { statement } of KINDS) {
    expect({ statement, inManifest: manifestText.includes(statement), inPrivacyMd: privacyText.includes(statement) })
      .toEqual({ statement, inManifest: true, inPrivacyMd: true });
  }
  expect(manifestText).toContain('It never stores message text or pasted output');
  expect(privacyText).toContain('It never stores message text or pasted output');
});

test('every storage key in the source is of a listed kind', () => {
  const keys = keysInSource();
  expect(keys.length).toBeGreaterThanOrEqual(7);
  expect(keys.filter((k) => !kindOf(k) && !kindOf(`${k}x`))).toEqual([]);
});

describe('a real session', () => {
  let bot: TestBot;
  const storage = new RecordingStorage();
  beforeAll(async () => {
    bot = await startTestBot({ clock: new ManualClock(), storage });
    await bot.app.whenIdle();
  });
  afterAll(async () => bot?.stop());

  test('writes only keys of listed kinds, and no message text', async () => {
    const PASTE = 'NAME READY STATUS RESTARTS AGE\nconfig-agent-7f6d8b9c5-kx2lq 1/2 CrashLoopBackOff 14 3d4h our-private-note';
    await bot.say('subscribe store-*', { scope: 'channel' });
    await bot.say('mute store-0421 2h', { scope: 'channel' });
    await bot.say('diagnose store-0421');
    await bot.post(teamsMessage(PASTE, bot.connector.url));
    expect([...storage.keys].filter((k) => !kindOf(k))).toEqual([]);
    const kinds = new Set([...storage.keys].map((k) => kindOf(k)?.statement));
    expect(kinds).toEqual(new Set(['conversation references', 'subscriptions and mutes', 'last known status of each cluster', 'time of the last poll', 'audit trail', 'guided diagnosis']));
    const everything = JSON.stringify(await storage.read([...storage.keys]));
    expect(everything).not.toContain('our-private-note');
    expect(everything).not.toContain('mute store-0421 2h');
  });
});
