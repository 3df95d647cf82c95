import { randomUUID } from 'node:crypto';
import { ActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type ChannelAccount, type TurnContext } from 'botbuilder';
import { DirectoryError } from '../clusters/cluster-directory';
import type { Logger } from '../core/logger';
import type { CommandContext } from '../chat/command';
import type { ConversationAddress } from '../chat/conversation-address';
import type { Reply } from '../chat/reply';
import type { CommandRouter } from '../chat/router';
import type { ConversationEvents } from '../chat/conversation-events';
import { loggableTarget } from '../chat/loggable-target';
import { cardActionData, openSourceCard, sourceCardOf } from './card-action';
import { isBotTokenTimeout } from './connector-call-policy';
import { addressOf, conversationTypeOf, tenantOf } from './conversation-address';
import type { DialogHost } from './dialog-host';
import type { ReplyRenderer } from './reply-renderer';
import { turnText } from './turn-text';
import { answerClickerOnly, invokeMessage, refusalOf, type TurnAccess } from './turn-access';

/** Words that belong to an active dialog even though they look like commands. */
const DIALOG_WORDS = new Set(['help', '?', 'cancel', 'back', 'skip', 'stop', 'quit']);

export interface BotDeps {
  router: CommandRouter;
  dialogs: DialogHost;
  conversations: ConversationEvents;
  renderer: ReplyRenderer;
  logger: Logger;
  /** Tenant, flood and guest gates in front of every turn. */
  access: TurnAccess;
  /**
   * The answer to a click on a card of a dialog that has ended (finished, cancelled or timed out):
   * one line and a way to start again, instead of reading the button's answer as a command.
   */
  endedDialogReply?: (clusterId: string | undefined) => Reply;
}

/**
 * The Teams-facing bot: strips the @mention, gives an active dialog the turn, otherwise routes the
 * text (or a card button's `data.command`) to a command, and sends the replies. Commands never see
 * botbuilder types.
 */
export class ArcBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onTurn(async (turn, next) => {
      // Another tenant's activity ends here: nothing is read, written or started for it.
      if (!(await deps.access.admitTenant(turn))) return;
      await this.withAddress(turn, 'conversation address refresh', (address) => deps.conversations.seen(address));
      await next();
    });
    this.onMessage(async (turn, next) => {
      await this.handleMessage(turn);
      await next();
    });
    this.onInstallationUpdateAdd(async (turn, next) => {
      await this.withAddress(turn, 'install', (address) => deps.conversations.installed(address));
      await this.welcome(turn);
      await next();
    });
    this.onInstallationUpdateRemove(async (turn, next) => {
      await this.withAddress(turn, 'uninstall', (address) => deps.conversations.uninstalled(address));
      await next();
    });
    this.onMembersAdded(async (turn, next) => {
      if (isBotIn(turn, turn.activity.membersAdded)) {
        await this.withAddress(turn, 'install', (address) => deps.conversations.installed(address));
        await this.welcome(turn);
      }
      await next();
    });
    this.onMembersRemoved(async (turn, next) => {
      if (isBotIn(turn, turn.activity.membersRemoved)) {
        await this.withAddress(turn, 'uninstall', (address) => deps.conversations.uninstalled(address));
      }
      await next();
    });
  }

  /**
   * An `Action.Execute` click: handled like the same button's Action.Submit, and answered with the
   * card that replaces the one clicked, or a short message when nothing replaced it (an empty
   * answer makes Teams retry: https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards).
   */
  protected override async onAdaptiveCardInvoke(turn: TurnContext, _value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    await this.handleMessage(turn);
    const refused = refusalOf(turn);
    if (refused) return invokeMessage(refused);
    const replaced = sourceCardOf(turn)?.replacedWith;
    if (replaced) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: replaced };
    return invokeMessage('Done.');
  }

  private async handleMessage(turn: TurnContext): Promise<void> {
    const admission = await this.deps.access.admitUser(turn);
    if (!admission.admitted) return;
    const source = openSourceCard(turn);
    const ctx = commandContext(turn, source !== undefined, admission.role);
    const log = this.deps.logger.child({ correlationId: ctx.correlationId, conversationId: ctx.conversation.id });
    const text = turnText(turn.activity);
    const routed = this.deps.router.parse(text);
    try {
      const interrupts = routed.command !== undefined && !DIALOG_WORDS.has(routed.word);
      if (!interrupts && (await this.deps.dialogs.continueActive(turn))) return;
      const ended = this.endedDialogClick(turn);
      if (ended) {
        await this.send(turn, [ended]);
        return;
      }
      // The command word and its target only: never free text, pasted output or anything secret-looking in it.
      log.info('command', {
        user: ctx.user.id, aadObjectId: ctx.user.aadObjectId, userName: ctx.user.name,
        command: routed.command?.name ?? '(not a command)',
        ...(routed.command ? { target: loggableTarget(routed.args) } : {}),
      });
      const replies = await this.deps.router.route(text, ctx);
      await this.send(turn, replies);
    } catch (error) {
      if (error instanceof DirectoryError) {
        log.warn('cluster source failed', { kind: error.kind, error: error.message, sourceCorrelationId: error.correlationId });
        await turn.sendActivity(`${error.userMessage} (reference ${error.correlationId.slice(0, 8)})`);
      } else if (isBotTokenTimeout(error)) {
        // Saying sorry needs the same token: it would only wait out the deadline a second time.
        log.warn('reply not sent: the bot\'s Entra token did not come in time', { error: (error as Error).message });
      } else {
        log.error('command failed', { error: error as Error });
        await turn.sendActivity(`Sorry, something went wrong on my side (reference ${ctx.correlationId.slice(0, 8)}). Please try again.`);
      }
    } finally {
      await this.deps.dialogs.saveChanges(turn);
    }
  }

  /** Sends replies in order through the one renderer; a startDialog reply hands the turn to the dialog runtime. */
  async send(turn: TurnContext, replies: Reply[]): Promise<void> {
    for (const reply of replies) {
      if (reply.kind === 'startDialog') await this.deps.dialogs.start(turn, reply.dialogId, reply.options);
      else if (!(reply.onlyToClicker && answerClickerOnly(turn, reply.text))) await this.deps.renderer.send(turn, [reply]);
    }
  }

  /** A click on a diagnose card whose dialog is no longer active (its data names the step). */
  private endedDialogClick(turn: TurnContext): Reply | undefined {
    const data = cardActionData(turn.activity);
    if (!data || typeof data.diagnoseStep !== 'string' || !this.deps.endedDialogReply) return undefined;
    return this.deps.endedDialogReply(typeof data.diagnoseCluster === 'string' ? data.diagnoseCluster : undefined);
  }

  private async welcome(turn: TurnContext): Promise<void> {
    await this.send(turn, [this.deps.router.help('Hi! I watch your Azure Arc-enabled Kubernetes clusters. Try `status` for the fleet, or `status <cluster>`.')]);
  }

  /** Runs conversation bookkeeping; a failure is logged and never fails the user's turn. */
  private async withAddress(turn: TurnContext, what: string, work: (address: ConversationAddress) => Promise<void>): Promise<void> {
    const address = addressOf(turn.activity);
    if (!address) return;
    try {
      await work(address);
    } catch (error) {
      this.deps.logger.error(`${what} failed`, { error: error as Error, conversationId: turn.activity.conversation?.id });
    }
  }
}

function isBotIn(turn: TurnContext, members: ChannelAccount[] | undefined): boolean {
  return (members ?? []).some((m) => m.id === turn.activity.recipient?.id);
}

function commandContext(turn: TurnContext, replacesCard: boolean, role: 'user' | 'guest' | undefined): CommandContext {
  const a = turn.activity;
  const address = addressOf(a);
  return {
    conversation: {
      id: address?.conversationId ?? 'unknown',
      type: conversationTypeOf(a),
      tenantId: tenantOf(a),
      teamId: address?.teamId,
      channelId: address?.channelId,
    },
    user: { id: a.from?.id ?? 'unknown', name: a.from?.name, aadObjectId: a.from?.aadObjectId, ...(role ? { role } : {}) },
    correlationId: randomUUID(),
    ...(cardActionData(a) ? { cardAction: { replacesCard } } : {}),
  };
}
