import { randomUUID } from 'node:crypto';
import { ActivityHandler, ActivityTypes, CardFactory, type ChannelAccount, MessageFactory, TurnContext } from 'botbuilder';
import { DirectoryError } from '../clusters/cluster-directory';
import type { Logger } from '../core/logger';
import type { CommandContext } from '../chat/command';
import type { ConversationAddress } from '../chat/conversation-address';
import type { Reply } from '../chat/reply';
import type { CommandRouter } from '../chat/router';
import type { ConversationEvents } from '../chat/conversation-events';
import { addressOf, conversationTypeOf, tenantOf } from './conversation-address';
import type { DialogHost } from './dialog-host';

/** Channels that do not render Adaptive Cards get the plain-text version of every reply. */
const TEXT_ONLY_CHANNELS = new Set(['sms', 'email', 'telegram', 'kik', 'groupme', 'line']);
/** Words that belong to an active dialog even though they look like commands. */
const DIALOG_WORDS = new Set(['help', '?', 'cancel', 'back', 'skip', 'stop', 'quit']);

export interface BotDeps {
  router: CommandRouter;
  dialogs: DialogHost;
  conversations: ConversationEvents;
  logger: Logger;
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

  private async handleMessage(turn: TurnContext): Promise<void> {
    const ctx = commandContext(turn);
    const log = this.deps.logger.child({ correlationId: ctx.correlationId, conversationId: ctx.conversation.id });
    const text = messageText(turn);
    const routed = this.deps.router.parse(text);
    try {
      const interrupts = routed.command !== undefined && !DIALOG_WORDS.has(routed.word);
      if (!interrupts && (await this.deps.dialogs.continueActive(turn))) return;
      log.info('command', { audit: true, user: ctx.user.id, userName: ctx.user.name, command: routed.command?.name ?? '(free text)', args: routed.args.slice(0, 200) });
      const replies = await this.deps.router.route(text, ctx);
      await this.send(turn, replies);
    } catch (error) {
      if (error instanceof DirectoryError) {
        log.warn('cluster source failed', { kind: error.kind, error: error.message, sourceCorrelationId: error.correlationId });
        await turn.sendActivity(`${error.userMessage} (reference ${error.correlationId.slice(0, 8)})`);
      } else {
        log.error('command failed', { error: error as Error, stack: (error as Error)?.stack });
        await turn.sendActivity(`Sorry, something went wrong on my side (reference ${ctx.correlationId.slice(0, 8)}). Please try again.`);
      }
    } finally {
      await this.deps.dialogs.saveChanges(turn);
    }
  }

  /** Sends replies in order; each card goes alone in its activity (Teams splits text + attachment, https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages). */
  async send(turn: TurnContext, replies: Reply[]): Promise<void> {
    for (const reply of replies) {
      if (reply.kind === 'startDialog') {
        await this.deps.dialogs.start(turn, reply.dialogId, reply.options);
      } else if (reply.card && !TEXT_ONLY_CHANNELS.has(turn.activity.channelId)) {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
        activity.summary = reply.text.split('\n')[0].slice(0, 200);
        await turn.sendActivity(activity);
      } else {
        await turn.sendActivity(MessageFactory.text(defuseScriptLinks(reply.text)));
      }
    }
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

/**
 * Teams renders markdown in text messages, and many replies echo what the user typed (usage errors,
 * "unknown event kind: ..."). The bot itself never writes a javascript:/data:/vbscript: link, so any
 * `](script:` is user text: escaping the parenthesis shows it as typed instead of a live link
 * (found by the hostile-input sweep; cards escape echoed text with plain() instead).
 */
function defuseScriptLinks(text: string): string {
  return text.replace(/(?<!\\)\]\((?=\s*(?:javascript|data|vbscript):)/gi, ']\\(');
}

function isBotIn(turn: TurnContext, members: ChannelAccount[] | undefined): boolean {
  return (members ?? []).some((m) => m.id === turn.activity.recipient?.id);
}

/** The command text: a card button's data.command, else the message with the bot's @mention removed. */
function messageText(turn: TurnContext): string {
  const value = turn.activity.value as { command?: unknown } | undefined;
  if (value && typeof value.command === 'string') return value.command;
  const activity = turn.activity;
  // A card submit has no text, and a malformed activity may carry a non-string text: both read as
  // empty (help), never as an exception in removeRecipientMention (found by the hostile-input sweep).
  if (activity.type !== ActivityTypes.Message || typeof activity.text !== 'string') return '';
  let withoutMention = activity.text;
  try {
    withoutMention = TurnContext.removeRecipientMention(activity) ?? activity.text;
  } catch {
    // Garbage mention entities (null, no `mentioned`) make botbuilder throw; the <at> strip below still applies.
  }
  // Keep line breaks: pasted kubectl / probe output is parsed line by line.
  return withoutMention.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/[ \t]+/g, ' ').trim();
}

function commandContext(turn: TurnContext): CommandContext {
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
    user: { id: a.from?.id ?? 'unknown', name: a.from?.name, aadObjectId: a.from?.aadObjectId },
    correlationId: randomUUID(),
  };
}
