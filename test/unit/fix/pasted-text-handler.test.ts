import { cardOf } from '../../support/cards';
import { createPastedTextHandler } from '../../../src/fix/pasted-text-handler';
import type { MessageReply } from '../../../src/chat/reply';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../../src/cards/adaptive-card';
import { CTX } from './channel-context';

const handler = createPastedTextHandler();
const run = async (text: string) => (await handler.handle(text, CTX)) as MessageReply;

describe('pasted text handler', () => {
  test('claims pods output, AZK8S errors, probe output, huge and binary pastes; leaves other text to the router', () => {
    expect(handler.canHandle('NAME READY STATUS RESTARTS AGE\nconfig-agent-1 1/2 CrashLoopBackOff 3 1h')).toBe(true);
    expect(handler.canHandle('(X) [AZK8S0301] DnsNxDomain: x')).toBe(true);
    expect(handler.canHandle('ARCPROBE mcr.microsoft.com 443 dns=ok tcp=fail tls=- http=000 rc=7 ip=1.2.3.4')).toBe(true);
    expect(handler.canHandle('x'.repeat(100 * 1024))).toBe(true);
    expect(handler.canHandle('\u0000\u0001\u0002\u0003')).toBe(true);
    expect(handler.canHandle('what is the status of store-0421')).toBe(false);
  });

  test('probe output: names the failing endpoints, the stage, and what to open', async () => {
    const r = await run('ARCPROBE management.azure.com 443 dns=ok tcp=ok tls=ok http=401 rc=0 ip=20.1.1.1\nARCPROBE gbl.his.arc.azure.com 443 dns=ok tcp=fail tls=- http=000 rc=7 ip=20.2.2.2\nARCPROBE mcr.microsoft.com 443 dns=ok tcp=ok tls=fail http=000 rc=60 ip=10.0.0.9');
    expect(r.text).toMatch(/^Probe: read 3 endpoints, 2 failing\./);
    expect(r.text).toMatch(/gbl\.his\.arc\.azure\.com:443 TCP: .*Open outbound TCP 443 to it/);
    expect(r.text).toMatch(/mcr\.microsoft\.com:443 TLS: .*TLS inspection/);
    expect(cardSizeBytes(cardOf(r)!)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });

  test('pods and AZK8S errors are explained', async () => {
    const pods = await run('NAME READY STATUS RESTARTS AGE\nclusteridentityoperator-5b9f7b8c9d-zt7wm 0/2 ImagePullBackOff 0 9m');
    expect(pods.text).toMatch(/clusteridentityoperator-5b9f7b8c9d-zt7wm ImagePullBackOff: .*mcr\.microsoft\.com/);
    const err = await run('ERROR: (X) [AZK8S0207] ClusterRoleBindingCreateForbidden: forbidden');
    expect(err.text).toMatch(/^CLI errors: read 1 error.\nAZK8S0207: ClusterRoleBindingCreateForbidden: .*Fix: Onboard with an identity that has cluster-admin/);
  });

  test('a 100 KB paste or binary garbage gets "I could not read that" with the understood formats', async () => {
    expect((await run('y'.repeat(100 * 1024))).text).toMatch(/^I could not read that \(it is 100 KB or more\)\. I understand:\n- the output of `kubectl get pods -n azure-arc`/);
    expect((await run('\u0000PK\u0003\u0004')).text).toMatch(/^I could not read that \(it looks like binary data\)/);
  });

  test('a huge paste that fills a card stays under 28 KB', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `ARCPROBE host-${i}.example.com 443 dns=fail tcp=- tls=- http=000 rc=6 ip=-`).join('\n');
    const r = await run(many);
    expect(cardSizeBytes(cardOf(r)!)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });
});
