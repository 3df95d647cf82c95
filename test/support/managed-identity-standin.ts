import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the App Service managed identity endpoint (the protocol behind
 * `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`, api-version 2019-08-01): `GET <endpoint>?resource=...`
 * with header `X-IDENTITY-HEADER: <secret>` returns `{ access_token, expires_on, resource, token_type }`.
 * With those two env vars set, the real `DefaultAzureCredential` gets its token here. Plain HTTP on
 * loopback, as on App Service itself.
 */
export interface TokenRequest {
  url: string;
  resource: string | null;
  apiVersion: string | null;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface ManagedIdentityStandIn {
  /** Value for IDENTITY_ENDPOINT. */
  endpoint: string;
  /** Value for IDENTITY_HEADER. */
  secret: string;
  /** The access token every successful request receives. */
  token: string;
  requests: TokenRequest[];
  /** `{ IDENTITY_ENDPOINT, IDENTITY_HEADER }` for process.env. */
  env(): { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** While true, token requests fail with 500 (to test credential failures). */
  setFailing(failing: boolean): void;
  /** While true, token requests are held and never answered (to test token deadlines). */
  setHanging(hanging: boolean): void;
  close(): Promise<void>;
}

export async function startManagedIdentityStandIn(options: { token?: string; secret?: string; lifetimeSeconds?: number } = {}): Promise<ManagedIdentityStandIn> {
  const token = options.token ?? `test-token-${randomUUID()}`;
  const secret = options.secret ?? `identity-header-${randomUUID()}`;
  const lifetime = options.lifetimeSeconds ?? 3600;
  const requests: TokenRequest[] = [];
  let failing = false;
  let hanging = false;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const record: TokenRequest = {
      url: req.url ?? '',
      resource: url.searchParams.get('resource'),
      apiVersion: url.searchParams.get('api-version'),
      headers: req.headers,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-identity-header'] !== secret) return reply(401, { error: 'invalid_request', error_description: 'X-IDENTITY-HEADER is missing or wrong' });
    if (!record.resource) return reply(400, { error: 'invalid_request', error_description: 'resource is required' });
    if (hanging) return;
    if (failing) return reply(500, { error: 'unknown_error', error_description: 'Scripted managed identity failure' });
    // expires_on is wall-clock seconds: MSAL compares it with the real time, not the test clock.
    reply(200, {
      access_token: token,
      expires_on: String(Math.floor(Date.now() / 1000) + lifetime),
      resource: record.resource,
      token_type: 'Bearer',
      client_id: '00000000-0000-0000-0000-0000000000c1',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
  return {
    endpoint,
    secret,
    token,
    requests,
    env: () => ({ IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: secret }),
    setFailing: (value) => {
      failing = value;
    },
    setHanging: (value) => {
      hanging = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
