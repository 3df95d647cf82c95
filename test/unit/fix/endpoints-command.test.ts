import { cardOf } from '../../support/cards';
import { createEndpointsCommand, parseEndpointsArgs } from '../../../src/fix/endpoints-command';
import type { MessageReply } from '../../../src/chat/reply';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../../src/cards/adaptive-card';
import { CTX } from './channel-context';

const command = createEndpointsCommand();
const run = async (args: string) => (await command.handle(args, CTX)) as MessageReply;

describe('endpoints command', () => {
  test.each([
    ['eastus2', { cloud: 'public', region: 'eastus2', features: [] }],
    ['westeurope cloud public features cluster-connect,rbac', { cloud: 'public', region: 'westeurope', features: ['cluster-connect', 'rbac'] }],
    ['features gitops, monitor region uksouth', { cloud: 'public', region: 'uksouth', features: ['gitops', 'monitor'] }],
    ['usgovvirginia', { cloud: 'usgov', region: 'usgovvirginia', features: [] }],
    ['china chinanorth3 extensions', { cloud: 'china', region: 'chinanorth3', features: ['extensions'] }],
    ['', { cloud: 'public', region: undefined, features: [] }],
  ])('parses "%s"', (args, expected) => {
    const parsed = parseEndpointsArgs(args);
    expect(parsed.ok && parsed.query).toMatchObject(expected);
  });

  test('a card and a copyable plain list, region substituted, 8084 for obo', async () => {
    const r = await run('westeurope features cluster-connect');
    expect(r.text).toMatch(/^Outbound allowlist for Azure public cloud, region westeurope, features core, cluster-connect:/);
    expect(r.text).toContain('westeurope.obo.arc.azure.com:8084  # On-behalf-of endpoint');
    expect(r.text).toContain('westeurope.dp.kubernetesconfiguration.azure.com:443');
    expect(r.text).toMatch(/\*\.servicebus\.windows\.net:443 {2}# .*\(wildcard, WebSockets\)/);
    expect(r.text).toContain('guestnotificationservice.azure.com/urls/allowlist?api-version=2020-01-01&location=westeurope');
    expect(cardOf(r)).toBeDefined();
    expect(cardSizeBytes(cardOf(r)!)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });

  test('every feature at once still fits one card', async () => {
    const r = await run('eastus features all');
    expect(cardSizeBytes(cardOf(r)!)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    expect(r.text).toContain('linuxgeneva-microsoft.azurecr.io:443');
  });

  test('an unknown region lists the valid regions of that cloud', async () => {
    const r = await run('atlantis');
    expect(r.view).toBeUndefined();
    expect(r.text).toMatch(/^"atlantis" is not a region of Azure public cloud\. Valid regions: eastus, eastus2, /);
    const gov = await run('eastus cloud usgov');
    expect(gov.text).toMatch(/"eastus" is not a region of Azure Government \(eastus is a Azure public cloud region: add `cloud public`\)\. Valid regions: usgovvirginia, usgovarizona/);
    // The typed region is data, the command to add is code (shown exactly, in <code> in Teams).
    expect(gov.segments).toEqual(expect.arrayContaining([{ kind: 'data', text: 'eastus' }, { kind: 'code', text: 'cloud public' }]));
  });

  test('no region: templated hosts keep {region} and the reply says how to fill it', async () => {
    const r = await run('');
    expect(r.text).toContain('{region}.dp.kubernetesconfiguration.azure.com:443');
    expect(r.text).toMatch(/No region given/);
  });

  test('unknown cloud or feature, and gateway outside the public cloud, are explained', async () => {
    expect((await run('eastus cloud mars')).text).toBe('Unknown cloud "mars". Clouds: public, usgov, china.');
    expect((await run('eastus features teleport')).text).toMatch(/^Unknown feature "teleport"\. Features: onboard, cluster-connect/);
    expect((await run('usgovvirginia features gateway')).text).toBe('The Arc gateway is available in the public cloud only, not in Azure Government.');
  });
});
