import { shownText } from './shown-text';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSentActivity } from './sent-cards';

/** One call the bot made to the Bot Connector (Teams) REST API. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  activity: Record<string, any>;
  /** The status answered; 0 while a hung call has no answer (and forever if the bot cancelled it). */
  status: number;
  /** The bot closed the connection before an answer: the send was cancelled, not delivered. */
  aborted?: boolean;
  /** The id answered for a successful send: what the bot uses to update that message later. */
  answeredId?: string;
}

/** How one conversation answers until told otherwise: a fixed refusal, or never (the connection hangs). */
export type ConversationBehaviour = ScriptedResponse | 'hang';

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One Teams member API call (GET /v3/conversations/{id}/members/{userId}); kept apart from `calls`. */
export interface MemberLookup {
  conversationId: string;
  userId: string;
  /** The bot closed the connection before an answer (its deadline passed). */
  aborted?: boolean;
}

/**
 * A loopback stand-in for the Bot Connector service at an activity's serviceUrl, as the Bot Framework
 * Emulator provides: records every send/reply/update, answers with activity ids, and can be scripted
 * to fail (429 with Retry-After, 403, 404, 5xx) for the next calls, or per conversation to refuse
 * every call or hang (never answer) until healed; a hung call the bot cancels is marked `aborted`.
 * It also answers the Teams member API with a TeamsChannelAccount whose `userRole` is `user` unless
 * `memberRoles` says otherwise (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/get-teams-context).
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  private readonly script: ScriptedResponse[] = [];
  private readonly behaviours = new Map<string, ConversationBehaviour>();
  private readonly hung: { call: ConnectorCall; res: http.ServerResponse }[] = [];
  private readonly waiters: { count: number; filter: (c: ConnectorCall) => boolean; resolve: () => void; anyStatus?: boolean }[] = [];
  private server?: http.Server;
  private nextId = 1;
  /** Every answer waits this long (a slow connector: sends stay in flight, so a replica can die mid-send). */
  answerDelayMs = 0;
  /** Teams role by user id (the activity's `from.id`) for the member API; anyone not listed is a `user`. */
  readonly memberRoles = new Map<string, 'user' | 'guest' | 'anonymous'>();
  /** How the member API answers until changed: normally (undefined), never ('hang'), or a fixed refusal. */
  memberBehaviour: ConversationBehaviour | undefined;
  readonly memberLookups: MemberLookup[] = [];
  private readonly memberWaiters: { count: number; aborted: boolean; resolve: () => void }[] = [];

  /** Resolves when at least `count` member lookups were made (or, with `aborted`, cancelled by the bot). */
  waitForMemberLookups(count: number, options: { aborted?: boolean } = {}): Promise<MemberLookup[]> {
    const aborted = options.aborted ?? false;
    const matching = () => this.memberLookups.filter((l) => !aborted || l.aborted);
    if (matching().length >= count) return Promise.resolve(matching());
    return new Promise((resolve) => this.memberWaiters.push({ count, aborted, resolve: () => resolve(matching()) }));
  }

  private notifyMembers(): void {
    for (const w of [...this.memberWaiters]) {
      if (this.memberLookups.filter((l) => !w.aborted || l.aborted).length >= w.count) {
        this.memberWaiters.splice(this.memberWaiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.hung.length = 0;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next `responses.length` calls get these answers instead of 200. */
  failNext(...responses: ScriptedResponse[]): void {
    this.script.push(...responses);
  }

  /** Every call to `conversationId` gets this answer (or hangs) until `heal(conversationId)`. */
  behave(conversationId: string, behaviour: ConversationBehaviour): void {
    this.behaviours.set(conversationId, behaviour);
  }

  /** Back to answering 200; hung calls still open in that conversation are answered 200 now. */
  heal(conversationId: string): void {
    this.behaviours.delete(conversationId);
    for (const h of this.hung.filter((x) => x.call.conversationId === conversationId)) this.answerHung(h);
  }

  /** Calls in one conversation with any answer (or none yet), e.g. to count refused attempts. */
  attempts(conversationId?: string): ConnectorCall[] {
    return this.calls.filter((c) => !conversationId || c.conversationId === conversationId);
  }

  /** Resolves when at least `count` calls (any status, hung ones included) match `filter`. */
  waitForAttempts(count: number, filter: (c: ConnectorCall) => boolean = () => true): Promise<ConnectorCall[]> {
    const matching = () => this.calls.filter(filter);
    if (matching().length >= count) return Promise.resolve(matching());
    return new Promise((resolve) => this.waiters.push({ count, filter, anyStatus: true, resolve: () => resolve(matching()) }));
  }

  /** Resolves when a hung call matching `filter` was closed by the bot (cancelled). */
  async waitForAbort(filter: (c: ConnectorCall) => boolean = () => true): Promise<ConnectorCall> {
    await this.waitForAttempts(1, (c) => !!c.aborted && filter(c));
    return this.calls.find((c) => !!c.aborted && filter(c))!;
  }

  /** Activities successfully delivered (2xx), optionally only in one conversation. */
  delivered(conversationId?: string): ConnectorCall[] {
    return this.calls.filter((c) => c.status > 0 && c.status < 300 && (!conversationId || c.conversationId === conversationId));
  }

  /** Resolves when at least `count` successful calls match `filter` (event driven; the jest timeout bounds it). */
  waitFor(count: number, filter: (c: ConnectorCall) => boolean = () => true): Promise<ConnectorCall[]> {
    const matching = () => this.calls.filter((c) => c.status > 0 && c.status < 300 && filter(c));
    if (matching().length >= count) return Promise.resolve(matching());
    return new Promise((resolve) => this.waiters.push({ count, filter, resolve: () => resolve(matching()) }));
  }

  reset(): void {
    this.calls.length = 0;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const member = /\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(req.url ?? '');
      if (member && req.method === 'GET') return this.answerMember(decodeURIComponent(member[1]), decodeURIComponent(member[2]), res);
      const path = decodeURI(req.url ?? '');
      const m = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      let activity: Record<string, any> = {};
      try {
        activity = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        activity = { unparsable: true };
      }
      const conversationId = m ? decodeURIComponent(m[1]) : '';
      const behaviour = this.behaviours.get(conversationId);
      const scripted = typeof behaviour === 'object' ? behaviour : this.script.shift();
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path,
        conversationId,
        activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
        activity,
        status: behaviour === 'hang' ? 0 : scripted?.status ?? 200,
      };
      this.calls.push(call);
      checkSentActivity(activity);
      if (behaviour === 'hang') {
        const hung = { call, res };
        this.hung.push(hung);
        res.on('close', () => {
          if (res.writableEnded) return;
          call.aborted = true;
          this.hung.splice(this.hung.indexOf(hung), 1);
          this.notify();
        });
        this.notify();
        return;
      }
      const status = call.status;
      const id = req.method === 'PUT' && call.activityId ? call.activityId : `activity-${this.nextId++}`;
      if (!scripted) call.answeredId = id;
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...(scripted?.headers ?? {}) });
        res.end(JSON.stringify(scripted ? scripted.body ?? { error: { code: 'Scripted', message: 'scripted failure' } } : { id }));
      };
      if (this.answerDelayMs > 0) setTimeout(answer, this.answerDelayMs);
      else answer();
      this.notify();
    });
  }

  private answerMember(conversationId: string, userId: string, res: http.ServerResponse): void {
    const lookup: MemberLookup = { conversationId, userId };
    this.memberLookups.push(lookup);
    this.notifyMembers();
    const behaviour = this.memberBehaviour;
    if (behaviour === 'hang') {
      res.on('close', () => {
        if (res.writableEnded) return;
        lookup.aborted = true;
        this.notifyMembers();
      });
      return;
    }
    if (behaviour) {
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...(behaviour.headers ?? {}) });
      res.end(JSON.stringify(behaviour.body ?? { error: { code: 'Scripted', message: 'scripted failure' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: userId, name: 'Member', aadObjectId: '00000000-0000-0000-0000-0000000000ff', userRole: this.memberRoles.get(userId) ?? 'user', tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }));
  }

  private answerHung(h: { call: ConnectorCall; res: http.ServerResponse }): void {
    this.hung.splice(this.hung.indexOf(h), 1);
    if (h.res.destroyed) return;
    h.call.status = 200;
    h.res.writeHead(200, { 'content-type': 'application/json' });
    h.res.end(JSON.stringify({ id: `activity-${this.nextId++}` }));
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      if (this.calls.filter((c) => (w.anyStatus || (c.status > 0 && c.status < 300)) && w.filter(c)).length >= w.count) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }
}

/**
 * Text a user would read in a delivered activity: the text (HTML read back, shown-text.ts), or the card's TextBlocks, RichTextBlocks
 * (one line each), CodeBlocks and facts flattened (a CodeBlock's fallback is what Teams does not show).
 */
export function visibleText(activity: Record<string, any>): string {
  const parts: string[] = [];
  if (typeof activity.text === 'string') parts.push(shownText(activity)!);
  const walk = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'TextBlock' && typeof node.text === 'string') parts.push(node.text);
    if (node.type === 'RichTextBlock') parts.push((node.inlines ?? []).map((r: any) => r.text).join(''));
    if (node.type === 'CodeBlock') {
      parts.push(String(node.codeSnippet));
      return;
    }
    if (node.type === 'FactSet') for (const f of node.facts ?? []) parts.push(`${f.title}: ${f.value}`);
    if (typeof node.title === 'string' && String(node.type ?? '').startsWith('Action.')) parts.push(`[${node.title}]`);
    // An action's fallback is the same button for older clients: shown once, not twice.
    for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object' && k !== 'inlines' && k !== 'fallback') walk(v);
  };
  for (const a of activity.attachments ?? []) walk(a.content);
  return parts.join('\n');
}

/** Adaptive Card content of the first attachment, if any. */
export function cardOf(activity: Record<string, any>): Record<string, any> | undefined {
  return (activity.attachments ?? []).find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
