import { cardOf } from '../../support/cards';
import { createProbeCommand, parseProbeArgs } from '../../../src/fix/probe-command';
import type { MessageReply } from '../../../src/chat/reply';
import { aCluster, lookupOver } from '../../support/clusters';
import { CTX } from './channel-context';

const FLEET = [
  aCluster({ name: 'store-0421', location: 'eastus2', azureRbacEnabled: true }),
  aCluster({ name: 'gov-01', location: 'usgovarizona' }),
  aCluster({ name: 'pl-01', privateLinkEnabled: true }),
];
const command = createProbeCommand({ lookup: lookupOver(FLEET) });
const run = async (args: string) => (await command.handle(args, CTX)) as MessageReply;

describe('probe command', () => {
  test('builds the kubectl line for the cluster cloud, region and features (RBAC from its data)', async () => {
    const r = await run('store-0421');
    const line = r.text.split('\n')[1];
    expect(line).toMatch(/^kubectl run arcprobe .* sh -c 'for e in /);
    expect(line).toContain('eastus2.dp.kubernetesconfiguration.azure.com:443');
    expect(line).toContain('eastus2.obo.arc.azure.com:8084');
    expect(line).toContain('graph.microsoft.com:443');
    expect(r.text).toMatch(/Not probed: .*\*\.his\.arc\.azure\.com/);
    expect(JSON.stringify(cardOf(r))).toContain('ARCPROBE <fqdn> <port>');
  });

  test('Azure Government cluster probes the Gov endpoints', async () => {
    const r = await run('gov-01');
    expect(r.text).toContain('management.usgovcloudapi.net:443');
    expect(r.text).toContain('usgovarizona.dp.kubernetesconfiguration.azure.us:443');
    expect(r.text).not.toContain('management.azure.com');
  });

  test('private link: Cluster Connect is dropped even if asked, and the card says to check for private IPs', async () => {
    const r = await run('pl-01 features cluster-connect');
    expect(r.text).not.toContain('obo.arc.azure.com');
    expect(JSON.stringify(cardOf(r))).toContain('must resolve to private IPs');
  });

  test('arguments: features, proxy, errors; unknown cluster gets suggestions', async () => {
    expect(parseProbeArgs('x features cluster-connect,gitops proxy http://p:3128')).toEqual({ cluster: 'x', features: ['cluster-connect', 'gitops'], proxy: 'http://p:3128' });
    expect((await run('store-0421 proxy http://10.1.1.1:3128')).text).toContain('--env=HTTPS_PROXY=http://10.1.1.1:3128');
    expect((await run('store-0421 proxy')).text).toBe('Give the proxy as `proxy http://host:port`.');
    expect((await run('store-0421 features warp')).text).toBe('Unknown feature "warp".');
    expect((await run('store-0412')).text).toMatch(/Did you mean: store-0421\?/);
  });
});
