import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer of tokens the Bot Framework channel sends to bots (botframework-connector AuthenticationConstants). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * A loopback stand-in for the Bot Framework's OpenID metadata and signing keys
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication):
 * serves `/.well-known/openidconfiguration` pointing at `/keys`, a JWKS with one test RSA key
 * endorsed for msteams, and signs tokens with it, or forges them in the ways an attacker would.
 */
export class OpenIdStandIn {
  readonly kid = 'test-signing-key';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A key the bot does not trust, for "signed by someone else". */
  private readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: http.Server;
  metadataUrl = '';
  /** When set, the metadata document answers 500 (the key service is down). */
  failing = false;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (this.failing) {
        res.statusCode = 500;
        res.end('{}');
      } else if (req.url === '/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      } else if (req.url === '/keys') {
        const jwk = this.key.publicKey.export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: this.kid, use: 'sig', endorsements: ['msteams'] }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.metadataUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/openidconfiguration`;
    return this.metadataUrl;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The claims a genuine channel token carries for `appId` and `serviceUrl`, valid for an hour. */
  claims(appId: string, serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
  }

  /** RS256 with the trusted key (or, with `signer: 'stranger'`, with a key the bot never saw). */
  signRs256(claims: Record<string, unknown>, options: { kid?: string; signer?: 'trusted' | 'stranger' } = {}): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: options.kid ?? this.kid };
    const key: KeyObject = options.signer === 'stranger' ? this.strangerKey.privateKey : this.key.privateKey;
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
  }

  /** `alg: none`: no signature at all. */
  unsigned(claims: Record<string, unknown>): string {
    return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: this.kid }))}.${b64url(JSON.stringify(claims))}.`;
  }

  /** HS256 keyed with a secret the attacker guessed (e.g. the app password): the algorithm-confusion forgery. */
  signHs256(claims: Record<string, unknown>, secret: string): string {
    const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: this.kid }))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
  }
}
