import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cardReply, textReply, type MessageReply } from '../src/chat/reply';
import { questionText } from '../src/fix/cards/diagnose-question-card';
import { findingsText } from '../src/fix/cards/findings-card';
import { fixCards } from '../src/fix/cards/fix-cards';
import type { ReplyRenderer } from '../src/teams/reply-renderer';
import { turnText } from '../src/teams/turn-text';
import { cardActionData, pendingSourceCard } from '../src/teams/card-action';
import { LIVE_CARD_KEY, type LiveCard } from '../src/teams/dialog-deadlines';
import { diagnosisEndedReply } from '../src/fix/fix-feature';
import type { Cluster } from '../src/clusters/cluster';
import { KNOWN_LATEST_AGENT_VERSION } from '../src/clusters/connectivity';
import type { Clock } from '../src/core/clock';
import { fromClusterFacts, type ClusterFacts } from '../src/clusters/cluster-facts';
import { handleInput, startDiagnosis, type DiagnoseState, type EngineStep } from '../src/fix/knowledge/diagnose-engine';

import { DIAGNOSE_DIALOG_ID } from '../src/fix/diagnose-command';

export { DIAGNOSE_DIALOG_ID };

/** What `diagnose <cluster>` passes in its startDialog Reply (JSON, so it survives Storage). */
export interface DiagnoseDialogOptions {
  clusterId: string;
  /** The cluster as the command saw it; when absent the dialog looks it up by id. */
  cluster?: ClusterFacts;
  /** Newest agent version seen in the fleet when the command ran (N-2 support check). */
  latestAgent?: string;
}

export interface DiagnoseDialogDeps {
  /** Finds a cluster by its ARM id (only used when the options carry no snapshot). */
  lookupCluster(id: string): Promise<Cluster | undefined>;
  clock: Clock;
  /** The channel edge's renderer: questions and findings are sent like every other reply. */
  renderer: ReplyRenderer;
  /** Newest agent version known (release notes or the fleet); defaults to the release-notes value. */
  latestAgentVersion?: () => string;
}

/** What the dialog returns when it ends: for logs and callers. */
export interface DiagnoseResult {
  outcome: 'findings' | 'cancelled' | 'not-found';
  clusterName?: string;
  causes?: string[];
}

const STATE_KEY = 'diagnose';

/**
 * The guided diagnosis as a botbuilder dialog. All logic is in the pure engine
 * (src/fix/knowledge/diagnose-engine.ts); this class keeps the engine state in the dialog's own state
 * (so it lives in Storage per user per conversation) and renders questions and findings as cards.
 */
export class DiagnoseDialog extends Dialog<DiagnoseDialogOptions> {
  constructor(private readonly deps: DiagnoseDialogDeps, dialogId: string = DIAGNOSE_DIALOG_ID) {
    super(dialogId);
  }

  override async beginDialog(dc: DialogContext, options?: DiagnoseDialogOptions): Promise<DialogTurnResult> {
    const cluster = options?.cluster ? fromClusterFacts(options.cluster) : options?.clusterId ? await this.deps.lookupCluster(options.clusterId) : undefined;
    if (!cluster) {
      await this.deps.renderer.send(dc.context, [textReply('I could not find that cluster any more, so there is nothing to diagnose. Try `clusters` to list them.')]);
      return dc.endDialog({ outcome: 'not-found' } satisfies DiagnoseResult);
    }
    return this.apply(dc, startDiagnosis(cluster, this.deps.clock.now(), options?.latestAgent ?? this.latestAgent()));
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const data = cardActionData(dc.context.activity);
    if (dc.context.activity.type !== 'message' && !data) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state[STATE_KEY] as DiagnoseState;
    const fromStep = typeof data?.diagnoseStep === 'string' ? data.diagnoseStep : undefined;
    return this.apply(dc, handleInput(state, turnText(dc.context.activity), this.deps.clock.now(), fromStep));
  }

  /**
   * Sends one message. A click replaced the card it was on (the renderer does that); a typed
   * answer posts a new card, and the card before it loses its buttons, so only the newest diagnose
   * card of a conversation ever takes answers. `ended` says what the old card turns into. The
   * live card is kept under LIVE_CARD_KEY, where the dialog runtime finds it to turn it off when
   * the diagnosis times out.
   */
  private async say(dc: DialogContext, message: MessageReply, ended: string): Promise<void> {
    const state = dc.activeDialog!.state;
    const previous = state[LIVE_CARD_KEY] as LiveCard | undefined;
    const cluster = (state[STATE_KEY] as DiagnoseState | undefined)?.cluster.id;
    // The old card is switched off first, so the live card is always the last message.
    if (previous && pendingSourceCard(dc.context)?.activityId !== previous.activityId) {
      await this.deps.renderer.replace(dc.context, previous.activityId, diagnosisEndedReply(cluster, ended));
    }
    const [id] = await this.deps.renderer.send(dc.context, [message]);
    state[LIVE_CARD_KEY] = message.view && id ? ({ activityId: id, subject: cluster } satisfies LiveCard) : undefined;
  }

  private latestAgent(): string {
    return this.deps.latestAgentVersion?.() ?? KNOWN_LATEST_AGENT_VERSION;
  }

  private async apply(dc: DialogContext, step: EngineStep): Promise<DialogTurnResult> {
    dc.activeDialog!.state[STATE_KEY] = step.state;
    const out = step.output;
    switch (out.kind) {
      case 'question': {
        await this.say(dc, cardReply(fixCards.view('diagnose-question', out.view), questionText(out.view)), 'The diagnosis goes on in the card below.');
        return Dialog.EndOfTurn;
      }
      case 'findings': {
        await this.say(dc, cardReply(fixCards.view('findings', { findings: out.findings, note: out.note }), findingsText(out.findings, out.note)), 'This diagnosis has finished: the findings are below.');
        return dc.endDialog({ outcome: 'findings', clusterName: out.findings.cluster.name, causes: out.findings.causes.map((c) => c.id) } satisfies DiagnoseResult);
      }
      case 'cancelled':
        // A card, so a Cancel click turns the question card itself into this line.
        await this.say(dc, diagnosisEndedReply(step.state.cluster.id, out.text), out.text);
        return dc.endDialog({ outcome: 'cancelled' } satisfies DiagnoseResult);
    }
  }
}
