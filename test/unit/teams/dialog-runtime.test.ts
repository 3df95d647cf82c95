import { testRenderer } from '../../support/cards';
import { MemoryStorage, TestAdapter, type Activity, type Storage, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { DiagnoseDialog } from '../../../dialogs/diagnose-dialog';
import type { Cluster } from '../../../src/clusters/cluster';
import { ManualClock } from '../../../src/core/clock';
import { createMemoryLogger } from '../../../src/core/logger';
import { toClusterFacts } from '../../../src/clusters/cluster-facts';
import { StorageDialogHost } from '../../../src/teams/dialog-runtime';
import { DeliveryError } from '../../../src/chat/proactive-port';
import type { ConversationAddress } from '../../../src/chat/conversation-address';
import type { Message } from '../../../src/chat/reply';
import { diagnosisTimedOutReply } from '../../../src/fix/fix-feature';
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
function harness(storage: Storage, clock: ManualClock, lookupFails = false, sender = fakeSender()) {
  const logger = createMemoryLogger();
  const dialog = new DiagnoseDialog({
    clock,
    renderer: testRenderer(),
    lookupCluster: async (id) => {
      if (lookupFails) throw new Error('directory down');
      return Object.values(CLUSTERS).find((c) => c.id === id);
    },
  });
  const host = new StorageDialogHost({
    storage, loadDialogs: async () => [dialog, new ExplodingDialog()], clock, logger, idleTimeoutMs: IDLE_TIMEOUT_MS,
    timeouts: { sender, reply: (clusterId, at) => diagnosisTimedOutReply(clusterId, at, clock.now()) },
  });
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
  const sent: Partial<Activity>[] = [];
  const say = async (user: string, text: string): Promise<string[]> => {
    await adapter.processActivity({ type: 'message', text, from: { id: user, name: user }, conversation: { id: '19:general@thread.tacv2', isGroup: true, conversationType: 'channel' } } as Partial<Activity>);
    const replies = adapter.activeQueue.splice(0);
    sent.push(...replies);
    return replies.map((a) => replyText(a));
  };
  return { say, logger, host, sender, sent };
}

/** A ProactiveSender that records updates; `failWith` makes the next ones fail with that HTTP status. */
function fakeSender() {
  const updates: { conversationId: string; activityId: string; text: string; buttons: string[] }[] = [];
  const sender = {
    updates,
    failWith: undefined as number | undefined,
    async update(address: ConversationAddress, activityId: string, message: Message) {
      if (sender.failWith) throw new DeliveryError('refused', sender.failWith);
      const card = message.view ? testRenderer().toActivity(message).attachments![0].content as { actions?: { title: string }[] } : undefined;
      updates.push({ conversationId: address.conversationId, activityId, text: message.text, buttons: (card?.actions ?? []).map((a) => a.title) });
    },
  };
  return sender;
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

  describe('a timed-out diagnosis turns its card off', () => {
    /** The id the connector gave the newest diagnose card (the one with live buttons). */
    const liveCardId = (sent: Partial<Activity>[]) => sent.filter((a) => a.attachments?.length).at(-1)!.id;

    test('the sweep after the deadline replaces the live card with one line and "Diagnose again"; once, and the user\'s next message is a new command', async () => {
      const clock = new ManualClock(NOW);
      const { say, host, sender, sent } = harness(new MemoryStorage(), clock);
      await say('ana', 'diagnose store-0421');
      await say('ana', 'yes');
      const cardId = liveCardId(sent);
      expect(cardId).toBeTruthy();
      await clock.advance(IDLE_TIMEOUT_MS - 1000);
      expect(await host.expireDue()).toBe(0);
      await clock.advance(1000);
      expect(await host.expireDue()).toBe(1);
      const deadline = new Date(NOW.getTime() + IDLE_TIMEOUT_MS).toISOString().slice(11, 16);
      expect(sender.updates).toEqual([{ conversationId: '19:general@thread.tacv2', activityId: cardId, text: `This diagnosis of store-0421 timed out at ${deadline} UTC.`, buttons: ['Diagnose again'] }]);
      expect(await host.expireDue()).toBe(0);
      expect(await say('ana', 'running')).toEqual(['routed: running']);
      expect(sender.updates).toHaveLength(1);
    });

    test('the deadline is stored: a new host over the same storage (a restart) turns the card off', async () => {
      const storage = new MemoryStorage();
      const clock = new ManualClock(NOW);
      const before = harness(storage, clock);
      await before.say('ana', 'diagnose store-0421');
      await clock.advance(IDLE_TIMEOUT_MS + 5 * 60_000);
      const after = harness(storage, clock);
      expect(await after.host.expireDue()).toBe(1);
      expect(after.sender.updates.map((u) => u.activityId)).toEqual([liveCardId(before.sent)]);
    });

    test('when the user comes back before any sweep, that turn turns the card off, and the sweep does not again', async () => {
      const clock = new ManualClock(NOW);
      const { say, host, sender } = harness(new MemoryStorage(), clock);
      await say('ana', 'diagnose store-0421');
      await clock.advance(IDLE_TIMEOUT_MS);
      expect(await say('ana', 'yes')).toEqual(['routed: yes']);
      expect(sender.updates.map((u) => u.text)).toEqual([expect.stringMatching(/^This diagnosis of store-0421 timed out at \d\d:\d\d UTC\.$/)]);
      expect(await host.expireDue()).toBe(0);
      expect(sender.updates).toHaveLength(1);
    });

    test('a finished or restarted diagnosis has no deadline left; the connector being down is tried again, a removed conversation is not', async () => {
      const clock = new ManualClock(NOW);
      const { say, host, sender } = harness(new MemoryStorage(), clock);
      await say('ana', 'diagnose store-0421');
      await say('ana', 'yes');
      await say('ana', 'pending'); // findings: the dialog ended
      await say('bo', 'diagnose store-0421');
      await say('bo', 'diagnose factory-07'); // replaces bo's first diagnosis: one deadline for bo
      await clock.advance(IDLE_TIMEOUT_MS);
      sender.failWith = 503;
      expect(await host.expireDue()).toBe(0);
      sender.failWith = undefined;
      expect(await host.expireDue()).toBe(1);
      expect(sender.updates.map((u) => u.text)).toEqual([expect.stringMatching(/^This diagnosis of factory-07 timed out/)]);

      await say('cy', 'diagnose store-0421');
      await clock.advance(IDLE_TIMEOUT_MS);
      sender.failWith = 404;
      expect(await host.expireDue()).toBe(0);
      sender.failWith = undefined;
      expect(await host.expireDue()).toBe(0);
    });
  });
});
