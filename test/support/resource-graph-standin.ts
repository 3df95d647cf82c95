import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { ArcClusterRow } from '../../src/clusters/arc-cluster-row';
import { type Clock, systemClock } from '../../src/core/clock';
import { buildClusterByNameQuery, buildFleetQuery } from '../../src/clusters/kql';

/**
 * A loopback HTTPS stand-in for Azure Resource Graph that speaks the REST contract the real SDK
 * uses (https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json): `POST /providers/Microsoft.ResourceGraph/resources?api-version=
 * 2024-04-01`, QueryRequest body with `$top`/`$skipToken`, QueryResponse with string
 * `resultTruncated` and `$skipToken`, at most 1,000 rows per page (https://learn.microsoft.com/azure/governance/resource-graph/concepts/paging-results), quota headers on
 * every response and 429 `RateLimiting` when the quota is spent (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
 *
 * It evaluates just the bot's two query shapes (src/clusters/kql.ts): the fleet, and
 * `name =~ '<literal>'`. Any other query structure (for example text that escaped a literal) is
 * answered 400 `InvalidQuery`, the way Resource Graph answers a KQL syntax error.
 *
 * HTTPS because the Azure pipeline refuses bearer tokens over http; the certificate comes from
 * test/fixtures/tls and the test process trusts it through NODE_EXTRA_CA_CERTS.
 */

export const RESOURCE_GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';
export const RESOURCE_GRAPH_API_VERSION = '2024-04-01';

export interface StandInQuota {
  /** Queries allowed per window; each request, page or not, uses one (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests). */
  perWindow: number;
  /** Window length; the documented example is 5 s (https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests). */
  windowMs: number;
  /** Whose time the window follows; pass the test's ManualClock for deterministic resets. */
  clock?: Clock;
}

/** One scripted answer that replaces the normal response of a request. */
export type ScriptedFault =
  | {
      status: number;
      /** ARM error code, e.g. `RateLimiting`, `AuthorizationFailed`, `InternalServerError`. */
      code?: string;
      message?: string;
      /** Extra headers, e.g. `{ 'retry-after': '12' }`. */
      headers?: Record<string, string>;
      /** Quota headers to send instead of the live ones (a 429 usually says remaining 0). */
      quotaRemaining?: number;
      quotaResetsAfter?: string;
    }
  /** Close the connection without an answer (a network failure). */
  | { drop: true }
  /** Never answer (for client timeouts); the connection is closed by `close()`. */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  /** Path and query string as received. */
  url: string;
  path: string;
  apiVersion: string | null;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined if it was not JSON). */
  body: any;
  rawBody: string;
  /** Status the stand-in answered with (0 for a dropped connection). */
  status: number;
}

export interface ResourceGraphStandInOptions {
  /** The whole tenant's connected clusters, full ARG rows (the stand-in applies the query's projection). */
  rows: ArcClusterRow[];
  /** Without it, quota headers report plenty left and nothing is throttled. */
  quota?: StandInQuota;
  /** If set, requests must carry exactly `Authorization: Bearer <expectedToken>` (else 401). */
  expectedToken?: string;
  /** Subscriptions the caller may not read: a request naming one gets 403 AuthorizationFailed. */
  forbiddenSubscriptions?: string[];
  /** Management group -> subscription ids, for MG-scoped queries (an unmapped MG sees every row). */
  managementGroups?: Record<string, string[]>;
  /** Principal named in 403 messages. */
  principalId?: string;
}

export interface ResourceGraphStandIn {
  /** Base URL to use as the Resource Manager endpoint, e.g. https://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Every request in arrival order (headers + body), for assertions. */
  requests: RecordedRequest[];
  /** Requests to the Resource Graph query path only. */
  queryRequests(): RecordedRequest[];
  /** The next requests get these answers, one each, before normal service resumes. */
  queueFaults(...faults: ScriptedFault[]): void;
  /** Every request gets this answer until cleared with `setFault(undefined)`. */
  setFault(fault: ScriptedFault | undefined): void;
  /** Replaces the fleet (a cluster added, removed, or changing status). */
  setRows(rows: ArcClusterRow[]): void;
  close(): Promise<void>;
}

const UNLIMITED_REMAINING = 1000;

function tlsDir(): string {
  const candidates = [resolve(__dirname, '../fixtures/tls'), resolve(process.cwd(), 'test/fixtures/tls')];
  const found = candidates.find((dir) => existsSync(join(dir, 'server.pem')));
  if (!found) throw new Error(`test TLS fixtures not found (looked in ${candidates.join(', ')}); run scripts/generate-test-ca.sh`);
  return found;
}

/** `hh:mm:ss`, rounded up to whole seconds, as ARG formats x-ms-user-quota-resets-after. */
export function formatResetsAfter(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/**
 * Reads a KQL single-quoted literal starting at `text[start] === "'"`; returns its value and the
 * index after the closing quote, or undefined if it is not closed.
 */
function readKqlLiteral(text: string, start: number): { value: string; end: number } | undefined {
  const unescape: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"' };
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === undefined || !(next in unescape)) return undefined;
      value += unescape[next];
      i++;
    } else if (ch === "'") {
      return { value, end: i + 1 };
    } else if (ch === '\n' || ch === '\r') {
      return undefined; // KQL forbids raw newlines inside a literal
    } else {
      value += ch;
    }
  }
  return undefined;
}

/** The query with each literal replaced by `'?'`, plus the literals, or undefined on a broken literal. */
function splitLiterals(query: string): { skeleton: string; literals: string[] } | undefined {
  let skeleton = '';
  const literals: string[] = [];
  for (let i = 0; i < query.length; ) {
    if (query[i] === "'") {
      const lit = readKqlLiteral(query, i);
      if (!lit) return undefined;
      literals.push(lit.value);
      skeleton += "'?'";
      i = lit.end;
    } else {
      skeleton += query[i];
      i++;
    }
  }
  return { skeleton: skeleton.replace(/\s+/g, ' ').trim(), literals };
}

type ParsedQuery = { shape: 'fleet' } | { shape: 'by-name'; name: string };

const FLEET_SKELETON = splitLiterals(buildFleetQuery())!.skeleton;
const BY_NAME_SKELETON = splitLiterals(buildClusterByNameQuery('x'))!.skeleton;
const FLEET_LITERALS = splitLiterals(buildFleetQuery())!.literals;

/** Recognises the bot's two query shapes; anything else is "invalid query". */
function parseQuery(query: string): ParsedQuery | undefined {
  const split = splitLiterals(query);
  if (!split) return undefined;
  if (split.skeleton === FLEET_SKELETON && sameList(split.literals, FLEET_LITERALS)) return { shape: 'fleet' };
  if (split.skeleton === BY_NAME_SKELETON) {
    // literals: type, name, then the packed property names (same as the fleet's after the type)
    const [type, name, ...rest] = split.literals;
    if (type === FLEET_LITERALS[0] && sameList(rest, FLEET_LITERALS.slice(1))) return { shape: 'by-name', name };
  }
  return undefined;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

type Projector = (row: ArcClusterRow) => Record<string, unknown>;

function projectLine(query: string): string {
  return query.split('\n').find((l) => /^\|\s*project\s/.test(l.trim())) ?? '';
}

/** A `project` clause (top-level columns plus `properties = pack(...)`) as a function, parsed once per clause. */
function projectorFor(line: string): Projector {
  const packAt = line.indexOf('properties = pack(');
  const columns = line
    .slice(line.indexOf('project') + 'project'.length, packAt >= 0 ? packAt : undefined)
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const packed = packAt >= 0 ? [...line.slice(packAt).matchAll(/'(\w+)',\s*properties\.(\w+)/g)].map((m) => [m[1], m[2]] as const) : undefined;
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = row[c] ?? null;
    if (packed) {
      const props = (row.properties ?? {}) as Record<string, unknown>;
      const values: Record<string, unknown> = {};
      for (const [key, property] of packed) values[key] = props[property] ?? null;
      out.properties = values;
    }
    return out;
  };
}

/**
 * The fleet as the stand-in serves it, prepared once per setRows() so a page request costs the page,
 * not a sort of the whole fleet (the benchmarks page through 50,000 clusters): connected clusters in
 * id order, by lower-cased name, and per scope (cached on first use).
 */
class PreparedFleet {
  readonly ordered: ArcClusterRow[];
  private readonly byName = new Map<string, ArcClusterRow[]>();
  private readonly byScope = new Map<string, ArcClusterRow[]>();

  constructor(rows: ArcClusterRow[]) {
    this.ordered = rows
      .filter((row) => String(row.type ?? '').toLowerCase() === 'microsoft.kubernetes/connectedclusters')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const row of this.ordered) {
      const name = String(row.name).toLowerCase();
      const list = this.byName.get(name);
      if (list) list.push(row);
      else this.byName.set(name, [row]);
    }
  }

  named(name: string): ArcClusterRow[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  inScope(key: string, test: (row: ArcClusterRow) => boolean): ArcClusterRow[] {
    let rows = this.byScope.get(key);
    if (!rows) this.byScope.set(key, (rows = this.ordered.filter(test)));
    return rows;
  }
}

function hashOf(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

export async function startResourceGraphStandIn(options: ResourceGraphStandInOptions): Promise<ResourceGraphStandIn> {
  let fleet = new PreparedFleet(options.rows);
  const projectors = new Map<string, Projector>();
  const requests: RecordedRequest[] = [];
  const queued: ScriptedFault[] = [];
  let persistent: ScriptedFault | undefined;
  const quotaClock = options.quota?.clock ?? systemClock;
  let windowStart = quotaClock.now().getTime();
  let usedInWindow = 0;

  /** Uses one unit of quota and returns the headers for this response, plus whether it was over quota. */
  const takeQuota = (): { headers: Record<string, string>; over: boolean } => {
    if (!options.quota) return { headers: { 'x-ms-user-quota-remaining': String(UNLIMITED_REMAINING), 'x-ms-user-quota-resets-after': '00:00:05' }, over: false };
    const now = quotaClock.now().getTime();
    if (now >= windowStart + options.quota.windowMs) {
      windowStart = now;
      usedInWindow = 0;
    }
    usedInWindow += 1;
    const over = usedInWindow > options.quota.perWindow;
    const remaining = Math.max(0, options.quota.perWindow - usedInWindow);
    return {
      headers: {
        'x-ms-user-quota-remaining': String(remaining),
        'x-ms-user-quota-resets-after': formatResetsAfter(windowStart + options.quota.windowMs - now),
      },
      over,
    };
  };

  const send = (res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string>) => {
    record.status = status;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-ms-request-id': randomUUID(),
      ...(record.headers['x-ms-correlation-request-id'] ? { 'x-ms-correlation-request-id': String(record.headers['x-ms-correlation-request-id']) } : {}),
      ...headers,
    });
    res.end(text);
  };

  const armError = (code: string, message: string) => ({ error: { code, message, details: [{ code, message }] } });

  const handle = (req: IncomingMessage, res: ServerResponse, rawBody: string) => {
    const url = new URL(req.url ?? '/', 'https://stand-in');
    let body: any;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: url.pathname,
      apiVersion: url.searchParams.get('api-version'),
      headers: req.headers,
      body,
      rawBody,
      status: 0,
    };
    requests.push(record);

    const quota = takeQuota();
    const fault = queued.shift() ?? persistent;
    if (fault) {
      if ('drop' in fault) {
        req.socket.destroy();
        return;
      }
      if ('hang' in fault) return;
      const message =
        fault.message ??
        (fault.code === 'RateLimiting'
          ? 'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.'
          : `Scripted ${fault.status}`);
      const headers = { ...quota.headers, ...fault.headers };
      if (fault.quotaRemaining !== undefined) headers['x-ms-user-quota-remaining'] = String(fault.quotaRemaining);
      if (fault.quotaResetsAfter !== undefined) headers['x-ms-user-quota-resets-after'] = fault.quotaResetsAfter;
      send(res, record, fault.status, armError(fault.code ?? 'ScriptedFault', message), headers);
      return;
    }
    if (quota.over) {
      send(res, record, 429, armError('RateLimiting', 'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.'), quota.headers);
      return;
    }
    if (req.method !== 'POST' || url.pathname.toLowerCase() !== RESOURCE_GRAPH_PATH.toLowerCase()) {
      send(res, record, 404, armError('NotFound', `No route for ${req.method} ${url.pathname}`), quota.headers);
      return;
    }
    if (record.apiVersion !== RESOURCE_GRAPH_API_VERSION) {
      send(res, record, 400, armError('InvalidApiVersionParameter', `api-version ${record.apiVersion} is not supported by the stand-in`), quota.headers);
      return;
    }
    const auth = String(req.headers.authorization ?? '');
    if (!/^Bearer \S+$/.test(auth) || (options.expectedToken !== undefined && auth !== `Bearer ${options.expectedToken}`)) {
      send(res, record, 401, armError('InvalidAuthenticationToken', 'The access token is invalid.'), quota.headers);
      return;
    }
    if (!body || typeof body.query !== 'string') {
      send(res, record, 400, armError('BadRequest', 'The request body must contain a query.'), quota.headers);
      return;
    }
    const subscriptions: string[] = Array.isArray(body.subscriptions) ? body.subscriptions : [];
    const managementGroups: string[] = Array.isArray(body.managementGroups) ? body.managementGroups : [];
    const forbidden = subscriptions.find((s) => options.forbiddenSubscriptions?.some((f) => f.toLowerCase() === s.toLowerCase()));
    if (forbidden) {
      const principal = options.principalId ?? '00000000-0000-0000-0000-00000000b07';
      send(res, record, 403, armError('AuthorizationFailed',
        `The client '${principal}' with object id '${principal}' does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read' over scope '/subscriptions/${forbidden}' or the scope is invalid.`), quota.headers);
      return;
    }
    const opts = body.options ?? {};
    const top = opts.$top ?? 1000;
    if (!Number.isInteger(top) || top < 1 || top > 1000) {
      send(res, record, 400, armError('BadRequest', '$top must be between 1 and 1000.'), quota.headers);
      return;
    }
    if (opts.resultFormat !== undefined && opts.resultFormat !== 'objectArray') {
      send(res, record, 400, armError('BadRequest', 'The stand-in serves resultFormat objectArray only.'), quota.headers);
      return;
    }
    const parsed = parseQuery(body.query);
    if (!parsed) {
      send(res, record, 400, armError('InvalidQuery', 'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.'), quota.headers);
      return;
    }
    const scopeHash = hashOf([body.query, subscriptions, managementGroups]);
    let offset = opts.$skip ?? 0;
    if (opts.$skipToken !== undefined) {
      try {
        const token = JSON.parse(Buffer.from(String(opts.$skipToken), 'base64url').toString('utf8'));
        if (token.h !== scopeHash) throw new Error('different query or scopes');
        offset = token.o;
      } catch {
        send(res, record, 400, armError('InvalidSkipToken', 'The $skipToken does not belong to this query and scopes.'), quota.headers);
        return;
      }
    }

    const inScope = (row: ArcClusterRow) => {
      const sub = String(row.subscriptionId ?? '').toLowerCase();
      if (subscriptions.length === 0 && managementGroups.length === 0) return true;
      if (subscriptions.some((s) => s.toLowerCase() === sub)) return true;
      return managementGroups.some((mg) => {
        const members = options.managementGroups?.[mg];
        return members === undefined || members.some((s) => s.toLowerCase() === sub);
      });
    };
    const matched = parsed.shape === 'fleet'
      ? fleet.inScope(JSON.stringify([subscriptions, managementGroups]), inScope)
      : fleet.named(parsed.name).filter(inScope);
    const line = projectLine(body.query);
    let project = projectors.get(line);
    if (!project) projectors.set(line, (project = projectorFor(line)));
    const page = matched.slice(offset, offset + top).map(project);
    const next = offset + page.length;
    const response: Record<string, unknown> = {
      totalRecords: matched.length,
      count: page.length,
      resultTruncated: 'false',
      facets: [],
      data: page,
    };
    if (next < matched.length) response.$skipToken = Buffer.from(JSON.stringify({ o: next, h: scopeHash })).toString('base64url');
    send(res, record, 200, response, quota.headers);
  };

  const dir = tlsDir();
  const server = createServer({ cert: readFileSync(join(dir, 'server.pem')), key: readFileSync(join(dir, 'server-key.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'StandInBug', message: String(error) } }));
      }
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    requests,
    queryRequests: () => requests.filter((r) => r.path.toLowerCase() === RESOURCE_GRAPH_PATH.toLowerCase()),
    queueFaults: (...faults) => queued.push(...faults),
    setFault: (fault) => {
      persistent = fault;
    },
    setRows: (next) => {
      fleet = new PreparedFleet(next);
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/**
 * A TokenCredential that always returns `token`: for the benchmark and bot-level tests that do not
 * exercise the managed identity path (the integration test uses the real DefaultAzureCredential).
 */
export function staticTokenCredential(token = 'stand-in-token'): { getToken: () => Promise<{ token: string; expiresOnTimestamp: number }> } {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

const STATUSES = ['Connected', 'Connected', 'Connected', 'Connected', 'Offline', 'Expired', 'Connecting', 'AgentNotInstalled'] as const;
const REGIONS = ['eastus', 'westeurope', 'southeastasia', 'westus2', 'northeurope'];
const DISTRIBUTIONS = [['k3s', 'generic'], ['eks', 'aws'], ['gke', 'gcp'], ['aks_hci', 'azure_stack_hci'], ['openshift', 'vsphere']];

export interface GeneratedFleetOptions {
  /** Subscription ids the clusters are spread over (round robin). */
  subscriptions?: string[];
  /** Reference time for heartbeats and certificate dates. */
  now?: Date;
  /** Name prefix; names are `<prefix>-00001` and up. */
  prefix?: string;
  tenantId?: string;
}

export const DEFAULT_TEST_SUBSCRIPTIONS = ['11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222'];

/**
 * A deterministic fleet of full ARG rows (every column, as Resource Graph returns them) for paging tests and the benchmark. Rows are
 * created in shuffled id order so the stand-in's `order by id asc` is really exercised.
 */
export function generateClusterRows(count: number, options: GeneratedFleetOptions = {}): ArcClusterRow[] {
  const subscriptions = options.subscriptions ?? DEFAULT_TEST_SUBSCRIPTIONS;
  const now = (options.now ?? new Date('2026-11-25T12:00:00Z')).getTime();
  const prefix = options.prefix ?? 'cluster';
  const tenantId = options.tenantId ?? 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const rows: ArcClusterRow[] = [];
  for (let i = 1; i <= count; i++) {
    const sub = subscriptions[i % subscriptions.length];
    const rg = `rg-edge-${(i % 7) + 1}`;
    const name = `${prefix}-${String(i).padStart(5, '0')}`;
    const status = STATUSES[i % STATUSES.length];
    const [distribution, infrastructure] = DISTRIBUTIONS[i % DISTRIBUTIONS.length];
    const minutesAgo = status === 'Connected' ? i % 10 : status === 'Offline' ? 20 + (i % 5000) : 60 * 24 * (i % 40);
    rows.push({
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
      name,
      type: 'microsoft.kubernetes/connectedclusters',
      tenantId,
      kind: '',
      location: REGIONS[i % REGIONS.length],
      resourceGroup: rg,
      subscriptionId: sub,
      managedBy: '',
      sku: null,
      plan: null,
      tags: { env: i % 3 === 0 ? 'prod' : 'dev', site: `site-${i % 50}` },
      identity: { type: 'SystemAssigned', principalId: randomUUIDFrom(i), tenantId },
      zones: null,
      extendedLocation: null,
      properties: {
        agentPublicKeyCertificate: 'MIICCgKCAgEAxExampleOnlyBase64Value==',
        provisioningState: 'Succeeded',
        connectivityStatus: status,
        lastConnectivityTime: status === 'Connecting' || status === 'AgentNotInstalled' ? null : new Date(now - minutesAgo * 60_000).toISOString(),
        managedIdentityCertificateExpirationTime:
          status === 'Expired' ? new Date(now - 86_400_000 * ((i % 20) + 1)).toISOString() : new Date(now + 86_400_000 * ((i % 89) + 1)).toISOString(),
        agentVersion: `1.${33 + (i % 4)}.${i % 3}`,
        kubernetesVersion: `1.${30 + (i % 4)}.${i % 9}`,
        totalNodeCount: (i % 12) + 1,
        totalCoreCount: ((i % 12) + 1) * 8,
        distribution,
        distributionVersion: '',
        infrastructure,
        offering: null,
        privateLinkState: i % 11 === 0 ? 'Enabled' : 'Disabled',
        azureHybridBenefit: 'NotApplicable',
        aadProfile: { enableAzureRBAC: i % 2 === 0, adminGroupObjectIDs: null, tenantID: '' },
        arcAgentProfile: { desiredAgentVersion: null, agentAutoUpgrade: i % 5 === 0 ? 'Disabled' : 'Enabled', agentErrors: [] },
        gateway: { enabled: false },
        miscellaneousProperties: { createCorrelationId: randomUUIDFrom(i + 1_000_000) },
      },
    });
  }
  // deterministic shuffle (so creation order differs from id order)
  for (let i = rows.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

/** A stable UUID-looking string derived from a number (generated fleets must be reproducible). */
function randomUUIDFrom(n: number): string {
  const hex = createHash('md5').update(String(n)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
