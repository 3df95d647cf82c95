import { ActivityTypes, CardFactory, MessageFactory, TextFormatTypes, type Activity, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/adaptive-card';
import type { CardBuilders, CardCatalogue, CardView, RenderContext } from '../cards/card-catalogue';
import { exactHtml, plainHtml, textStart, visibleText } from '../cards/data-text';
import type { Message } from '../chat/reply';
import { segmentsOf, type TextSegment } from '../chat/text';
import { pendingSourceCard } from './card-action';

/** Channels that do not render Adaptive Cards get the plain-text version of every message. */
const TEXT_ONLY_CHANNELS = new Set(['sms', 'email', 'telegram', 'kik', 'groupme', 'line']);
/** Teams shows the summary in notifications and the activity feed; one line is plenty. */
const SUMMARY_CHARS = 200;

/**
 * The one place a bot message becomes a Bot Framework activity, for chat replies, dialog steps and
 * proactive alerts alike: a card alone in its activity (Teams splits text + attachment into two
 * messages, and the second id is useless for updating the card), its text as fallback and summary.
 * Text is rendered from its segments (prose, code, data): HTML where the channel formats text, plain
 * text on channels without cards, so commands show exactly and data never becomes markup or a link.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-reference
 */
export class ReplyRenderer {
  private readonly builders = new Map<string, CardBuilders[string]>();

  constructor(catalogues: CardCatalogue[], private readonly context: RenderContext) {
    for (const catalogue of catalogues) {
      for (const [name, build] of Object.entries(catalogue.builders)) {
        if (this.builders.has(name)) throw new Error(`Two features define a card named "${name}".`);
        this.builders.set(name, build);
      }
    }
  }

  toActivity(message: Message, channelId = 'msteams'): Partial<Activity> {
    if (TEXT_ONLY_CHANNELS.has(channelId)) return { type: ActivityTypes.Message, text: plainText(segmentsWithNote(message)), textFormat: TextFormatTypes.Plain };
    if (!message.view) return { type: ActivityTypes.Message, text: htmlText(segmentsWithNote(message)), textFormat: TextFormatTypes.Xml, summary: summaryOf(message.text) };
    const card = this.card(message.view, message.text);
    if (message.note) card.body = [...card.body, { type: 'TextBlock', text: message.note, wrap: true, isSubtle: true, size: 'small' }];
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.summary = summaryOf(message.text);
    return activity;
  }

  /**
   * Sends messages in order into the conversation of this turn; resolves with the id of each
   * message. When a button asked for it (`openSourceCard`), the first card replaces the card the
   * button is on instead of being posted: returned in the Action.Execute invoke response (the
   * clicker sees it at once) and written with updateActivity (so it stays, for everyone:
   * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/update-and-delete-bot-messages).
   */
  async send(turn: TurnContext, messages: Message[]): Promise<(string | undefined)[]> {
    const ids: (string | undefined)[] = [];
    for (const message of messages) {
      const activity = this.toActivity(message, turn.activity.channelId);
      const source = message.view ? pendingSourceCard(turn) : undefined;
      if (source) {
        source.replacedWith = activity.attachments?.[0]?.content as Record<string, unknown>;
        if (source.activityId && (await this.tryUpdate(turn, source.activityId, activity))) {
          ids.push(source.activityId);
          continue;
        }
        if (source.viaExecute) {
          ids.push(source.activityId);
          continue;
        }
      }
      ids.push((await turn.sendActivity(activity))?.id);
    }
    return ids;
  }

  /** Replaces an earlier message of this conversation in place; false when the channel refused. */
  async replace(turn: TurnContext, activityId: string, message: Message): Promise<boolean> {
    return this.tryUpdate(turn, activityId, this.toActivity(message, turn.activity.channelId));
  }

  private async tryUpdate(turn: TurnContext, activityId: string, activity: Partial<Activity>): Promise<boolean> {
    try {
      await turn.updateActivity({ ...activity, id: activityId });
      return true;
    } catch {
      // The message may be gone or not ours to edit; the caller posts the answer instead.
      return false;
    }
  }

  private card(view: CardView, text: string): AdaptiveCard {
    const build = this.builders.get(view.card);
    if (!build) throw new Error(`No card builder named "${view.card}".`);
    const built = build(view.model, this.context);
    return { ...built, fallbackText: built.fallbackText ?? text };
  }
}

function summaryOf(text: string): string {
  return text.split('\n')[0].slice(0, SUMMARY_CHARS);
}

function segmentsWithNote(message: Message): TextSegment[] {
  const segments = message.segments ?? segmentsOf(message.text);
  return message.note ? [...segments, { kind: 'prose', text: '\n\n' }, ...segmentsOf(message.note)] : segments;
}

/** HTML for Teams: prose and code exactly (code in <code>), data through plainHtml(), the one function for it. */
export function htmlText(segments: readonly TextSegment[]): string {
  return textStart(segments.map((s) => (s.kind === 'data' ? plainHtml(s.text) : s.kind === 'code' ? `<code>${exactHtml(s.text)}</code>` : exactHtml(s.text))).join(''));
}

/**
 * Plain text for channels that show text as typed: code in backticks, data without invisible
 * characters, and script links defused for the few clients that render markdown anyway.
 */
export function plainText(segments: readonly TextSegment[]): string {
  return defuseScriptLinks(segments.map((s) => (s.kind === 'data' ? visibleText(s.text) : s.kind === 'code' ? `\`${s.text}\`` : s.text)).join(''));
}

/**
 * The bot itself never writes a javascript:/data:/vbscript: link, so any `](script:` is user text:
 * escaping the parenthesis keeps it from becoming a live link where a client reads markdown.
 */
export function defuseScriptLinks(text: string): string {
  return text.replace(/(?<!\\)\]\((?=\s*(?:javascript|data|vbscript):)/gi, ']\\(');
}
