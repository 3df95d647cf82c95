import { testRenderer } from '../../support/cards';
import { MemoryStorage, TestAdapter, type Activity, type Storage, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { DiagnoseDialog } from '../../../dialogs/diagnose-dialog';
import type { Cluster } from '../../../src/clusters/cluster';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { toClusterFacts } from '../../../src/clusters/cluster-facts';
import { StorageDialogHost } from '../../../src/teams/dialog-runtime';
import { aCluster, offline, TEST_NOW as NOW } from '../../support/clusters';
import { replyText } from '../dialogs/transcript';
import { DEFAULT_CONFIG } from '../../support/config-defaults';

const IDLE_TIMEOUT_MS = DEFAULT_CONFIG.dialogs.idleTimeoutMs;

/** Throws on the second turn: a step that crashes. */
class ExplodingDialog extends Dialog {
  constructor() { super('exploding'); }
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await dc.context.sendActivity('armed');
    return Dialog.EndOfTurn;
  }
  override async continueDialog(): Promise<DialogTurnResult> {
    throw new Error('boom in a step');
  }
}

const CLUSTERS: Record<string, Cluster> = {
  'store-0421': offline(aCluster(), NOW, 180),
  'factory-07': aCluster({ name: 'factory-07', status: 'Connecting', agentVersion: undefined }),
};

/**
 * A bot stand-in that follows the contract of src/teams/bot.ts: an active dialog gets the turn,
 * unless the text is a command; "diagnose x" starts a dialog and anything else is "routed"; state saved at the end.
 */
function harness(storage: Storage, clock: ManualClock, lookupFails = false) {
  const logger = createMemoryLogger();
  const dialog = new DiagnoseDialog({
    clock,
    renderer: testRenderer(),
    lookupCluster: async (id) => {
      if (lookupFails) throw new Error('directory down');
      return Object.values(CLUSTERS).find((c) => c.id === id);
    },
  });
  const host = new StorageDialogHost({ storage, loadDialogs: async () => [dialog, new ExplodingDialog()], clock, logger, idleTimeoutMs: IDLE_TIMEOUT_MS });
  const adapter = new TestAdapter(async (turn: TurnContext) => {
    const text = turn.activity.text ?? '';
    const [word, arg] = text.split(' ');
    // like the bot: a known command interrupts the dialog, anything else goes to the dialog first
    const isCommand = word === 'diagnose' || word === 'explode';
    if (isCommand || !(await host.continueActive(turn))) {
      if (word === 'diagnose') {
        const cluster = CLUSTERS[arg];
        await host.start(turn, 'diagnose', lookupFails ? { clusterId: cluster.id } : { clusterId: cluster.id, cluster: toClusterFacts(cluster) });
      } else if (word === 'explode') await host.start(turn, 'exploding', {});
      else await turn.sendActivity(`routed: ${text}`);
    }
    await host.saveChanges(turn);
  });
  const say = async (user: string, text: string): Promise<string[]> => {
    await adapter.processActivity({ type: 'message', text, from: { id: user, name: user }, conversation: { id: '19:general@thread.tacv2', isGroup: true, conversationType: 'channel' } } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => replyText(a));
  };
  return { say, logger };
}

describe('StorageDialogHost', () => {
  test('two users in one channel diagnose different clusters at once, interleaved', async () => {
    const clock = new ManualClock(NOW);
    const { say } = harness(new MemoryStorage(), clock);
    expect(await say('ana', 'diagnose store-0421')).toEqual([expect.stringMatching(/Diagnose store-0421 · step 1: Is the cluster up\?/)]);
    expect(await say('bo', 'diagnose factory-07')).toEqual([expect.stringMatching(/Diagnose factory-07 · step 1: Connecting: how long since onboarding\?/)]);
    expect(await say('ana', 'yes')).toEqual([expect.stringMatching(/store-0421 · step 2: Are the Arc agents healthy\?/)]);
    expect(await say('bo', 'longer')).toEqual([expect.stringMatching(/factory-07 · step 2: Did onboarding print an error\?/)]);
    // a third person in the same channel has no dialog: their "yes" is an ordinary message
    expect(await say('cy', 'yes')).toEqual(['routed: yes']);
    expect(await say('ana', 'pending')).toEqual([expect.stringMatching(/^Findings for store-0421 \(Offline\)\.\n1\. Agent pods are Pending/)]);
    expect(await say('ana', 'yes')).toEqual(['routed: yes']);
    expect(await say('bo', 'no')).toEqual([expect.stringMatching(/factory-07 · step 3: Are the Arc agents healthy\?/)]);
  });

  test('a restart in the middle of a dialog: new host and dialog instances over the same Storage continue it', async () => {
    const storage = new MemoryStorage();
    const clock = new ManualClock(NOW);
    const before = harness(storage, clock);
    await before.say('ana', 'diagnose store-0421');
    expect(await before.say('ana', 'yes')).toEqual([expect.stringMatching(/step 2: Are the Arc agents healthy\?/)]);
    const after = harness(storage, clock); // "process restarted": nothing shared but the Storage
    expect(await after.say('ana', 'back')).toEqual([expect.stringMatching(/step 1: Is the cluster up\?\nBack to the previous question\./)]);
    expect(await after.say('ana', 'no')).toEqual([expect.stringMatching(/^Findings for store-0421[\s\S]*cluster itself is down/)]);
  });

  test('idle for DIALOG_IDLE_TIMEOUT_MINUTES: the dialog ends quietly and the message is treated as a new command', async () => {
    const clock = new ManualClock(NOW);
    const { say, logger } = harness(new MemoryStorage(), clock);
    await say('ana', 'diagnose store-0421');
    await clock.advance(IDLE_TIMEOUT_MS - 60_000);
    expect(await say('ana', 'yes')).toEqual([expect.stringMatching(/step 2/)]);
    await clock.advance(IDLE_TIMEOUT_MS);
    expect(await say('ana', 'running')).toEqual(['routed: running']);
    expect(await say('ana', 'yes')).toEqual(['routed: yes']);
    expect(logger.lines.some((l) => l.msg === 'dialog idle timeout')).toBe(true);
  });

  test('an exception inside a step clears that dialog, tells the user, and does not trap them', async () => {
    const clock = new ManualClock(NOW);
    const { say, logger } = harness(new MemoryStorage(), clock);
    expect(await say('ana', 'explode')).toEqual(['armed']);
    const [sorry] = await say('ana', 'anything');
    expect(sorry).toMatch(/^Sorry, something went wrong in this step, so I ended the exploding dialog\./);
    expect(await say('ana', 'hello')).toEqual(['routed: hello']);
    expect(logger.lines.find((l) => l.level === 'error')!.msg).toBe('dialog step failed');
  });

  test('a failure while starting (cluster lookup throws) is reported and leaves no dialog behind', async () => {
    const { say } = harness(new MemoryStorage(), new ManualClock(NOW), true);
    expect((await say('ana', 'diagnose store-0421'))[0]).toMatch(/^Sorry, something went wrong in this step, so I ended the diagnose dialog/);
    expect(await say('ana', 'yes')).toEqual(['routed: yes']);
  });

  test('starting a new diagnosis replaces the one in progress', async () => {
    const { say } = harness(new MemoryStorage(), new ManualClock(NOW));
    await say('ana', 'diagnose store-0421');
    expect(await say('ana', 'diagnose factory-07')).toEqual([expect.stringMatching(/factory-07 · step 1/)]);
    expect(await say('ana', 'less than 15 minutes')).toEqual([expect.stringMatching(/^Findings for factory-07/)]);
  });
});
