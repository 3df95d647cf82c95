import { randomUUID } from 'node:crypto';
import { ActivityHandler, ActivityTypes, CardFactory, type ChannelAccount, MessageFactory, TurnContext } from 'botbuilder';
import { DirectoryError } from '../clusters/cluster-directory';
import type { Logger } from '../core/logger';
import type { CommandContext, ConversationType } from '../chat/command';
import type { Reply } from '../chat/reply';
import type { CommandRouter } from '../chat/router';
import type { ConversationEvents } from '../chat/conversation-events';
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
      await this.safely(turn, 'conversation reference refresh', () =>
        deps.conversations.seen(referenceOf(turn), teamsInfo(turn)),
      );
      await next();
    });
    this.onMessage(async (turn, next) => {
      await this.handleMessage(turn);
      await next();
    });
    this.onInstallationUpdateAdd(async (turn, next) => {
      await this.safely(turn, 'install', () => deps.conversations.installed(referenceOf(turn), teamsInfo(turn)));
      await this.welcome(turn);
      await next();
    });
    this.onInstallationUpdateRemove(async (turn, next) => {
      await this.safely(turn, 'uninstall', () => deps.conversations.uninstalled(referenceOf(turn)));
      await next();
    });
    this.onMembersAdded(async (turn, next) => {
      if (isBotIn(turn, turn.activity.membersAdded)) {
        await this.safely(turn, 'install', () => deps.conversations.installed(referenceOf(turn), teamsInfo(turn)));
        await this.welcome(turn);
      }
      await next();
    });
    this.onMembersRemoved(async (turn, next) => {
      if (isBotIn(turn, turn.activity.membersRemoved)) {
        await this.safely(turn, 'uninstall', () => deps.conversations.uninstalled(referenceOf(turn)));
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

  /** Sends replies in order; each card goes alone in its activity (Teams splits text + attachment, §3b). */
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

  private async safely(turn: TurnContext, what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
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
export function defuseScriptLinks(text: string): string {
  return text.replace(/(?<!\\)\]\((?=\s*(?:javascript|data|vbscript):)/gi, ']\\(');
}

function referenceOf(turn: TurnContext) {
  return TurnContext.getConversationReference(turn.activity);
}

function isBotIn(turn: TurnContext, members: ChannelAccount[] | undefined): boolean {
  return (members ?? []).some((m) => m.id === turn.activity.recipient?.id);
}

function teamsInfo(turn: TurnContext): { teamId?: string; channelId?: string } {
  const data = (turn.activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string } };
  return { teamId: data.team?.id, channelId: data.channel?.id };
}

/** The command text: a card button's data.command, else the message with the bot's @mention removed. */
export function messageText(turn: TurnContext): string {
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
  const data = (a.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
  const type = (a.conversation?.conversationType ?? (a.conversation?.isGroup ? 'groupChat' : 'personal')) as string;
  const conversationType: ConversationType = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  return {
    conversation: {
      id: a.conversation?.id ?? 'unknown',
      type: conversationType,
      tenantId: a.conversation?.tenantId ?? data.tenant?.id,
      teamId: data.team?.id,
      channelId: data.channel?.id,
    },
    user: { id: a.from?.id ?? 'unknown', name: a.from?.name, aadObjectId: a.from?.aadObjectId },
    correlationId: randomUUID(),
  };
}
