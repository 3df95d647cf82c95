import path from 'node:path';
import fs from 'node:fs';
import { ConfigError, describeConfig, loadConfig } from '../../../src/config/config';
import { BUNDLED_DEMO_FLEET_FILE } from '../../../src/core/project-root';
import { configProblems } from '../../support/config-defaults';

const APP_ID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const SUB = '11111111-2222-3333-4444-555555555555';

describe('loadConfig defaults (empty environment)', () => {
  const config = loadConfig({});

  test('port 3978, anonymous MultiTenant bot, demo source on the bundled file with simulation', () => {
    expect(config.port).toBe(3978);
    expect(config.bot).toEqual({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', connectorTimeoutMs: 10_000, tokenTimeoutMs: 5000 });
    expect(config.clusterSource).toBe('demo');
    expect(config.demoFleetFile).toBe(BUNDLED_DEMO_FLEET_FILE);
    expect(config.demoSimulated).toBe(true);
  });

  test('public cloud, no scopes, 60 s fleet snapshots, info logs, Playground on', () => {
    expect(config.azure).toEqual({ subscriptionIds: [], managementGroupIds: [], cloud: 'AzurePublicCloud', resourceManagerEndpoint: undefined });
    expect(config.fleetMaxAgeMs).toBe(60_000);
    expect(config.logLevel).toBe('info');
    expect(config.playground.enabled).toBe(true);
  });

  test('empty and whitespace values mean "use the default"', () => {
    const c = loadConfig({ PORT: '', LOG_LEVEL: '   ', CLUSTER_SOURCE: '' });
    expect(c.port).toBe(3978);
    expect(c.logLevel).toBe('info');
    expect(c.clusterSource).toBe('demo');
  });
});

describe('values', () => {
  test('PORT 0 is allowed (ephemeral, tests)', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  test('DEMO_FLEET_FILE is resolved to an absolute path and served without simulation', () => {
    const c = loadConfig({ DEMO_FLEET_FILE: 'some/fleet.json' });
    expect(c.demoFleetFile).toBe(path.resolve('some/fleet.json'));
    expect(c.demoSimulated).toBe(false);
  });

  test('comma-separated scopes are trimmed; enum values are case-insensitive', () => {
    const c = loadConfig({ AZURE_SUBSCRIPTION_IDS: ` ${SUB} , ,22222222-2222-3333-4444-555555555555`, AZURE_CLOUD: 'azureusgovernment', LOG_LEVEL: 'DEBUG' });
    expect(c.azure.subscriptionIds).toEqual([SUB, '22222222-2222-3333-4444-555555555555']);
    expect(c.azure.cloud).toBe('AzureUSGovernment');
    expect(c.logLevel).toBe('debug');
  });

  test('the Resource Manager endpoint override loses its trailing slash', () => {
    expect(loadConfig({ AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://127.0.0.1:8443/' }).azure.resourceManagerEndpoint).toBe('https://127.0.0.1:8443');
  });

  test('FLEET_MAX_AGE_SECONDS is read in seconds', () => {
    expect(loadConfig({ FLEET_MAX_AGE_SECONDS: '0' }).fleetMaxAgeMs).toBe(0);
    expect(loadConfig({ FLEET_MAX_AGE_SECONDS: '15' }).fleetMaxAgeMs).toBe(15_000);
  });
});

describe('CLUSTER_SOURCE default', () => {
  test('demo when no Azure scope is set', () => {
    expect(loadConfig({}).clusterSource).toBe('demo');
  });

  test('resource-graph as soon as AZURE_SUBSCRIPTION_IDS is set', () => {
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB }).clusterSource).toBe('resource-graph');
  });

  test('resource-graph as soon as AZURE_MANAGEMENT_GROUP_IDS is set', () => {
    const c = loadConfig({ AZURE_MANAGEMENT_GROUP_IDS: 'mg-retail,mg-factories' });
    expect(c.clusterSource).toBe('resource-graph');
    expect(c.azure.managementGroupIds).toEqual(['mg-retail', 'mg-factories']);
  });

  test('an explicit CLUSTER_SOURCE=demo wins over configured subscriptions', () => {
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, CLUSTER_SOURCE: 'demo' }).clusterSource).toBe('demo');
  });

  test('CLUSTER_SOURCE=resource-graph without any scope is a problem', () => {
    expect(configProblems({ CLUSTER_SOURCE: 'resource-graph' })).toEqual(['CLUSTER_SOURCE=resource-graph needs AZURE_SUBSCRIPTION_IDS and/or AZURE_MANAGEMENT_GROUP_IDS.']);
  });
});

describe('PLAYGROUND default', () => {
  test('on with no MicrosoftAppId, off when MicrosoftAppId is set', () => {
    expect(loadConfig({}).playground.enabled).toBe(true);
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', ALLOWED_TENANT_IDS: TENANT }).playground.enabled).toBe(false);
  });

  test.each([['off', false], ['0', false], ['false', false], ['no', false], ['on', true], ['1', true], ['TRUE', true], ['yes', true]])(
    'PLAYGROUND=%s -> %s',
    (value, enabled) => {
      expect(loadConfig({ PLAYGROUND: value }).playground.enabled).toBe(enabled);
    },
  );

  test('an explicit PLAYGROUND=on is honoured even with an app id', () => {
    expect(loadConfig({ PLAYGROUND: 'on', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', ALLOWED_TENANT_IDS: TENANT }).playground.enabled).toBe(true);
  });

  test('an unreadable PLAYGROUND value is a problem', () => {
    expect(configProblems({ PLAYGROUND: 'maybe' })).toEqual(['PLAYGROUND="maybe" must be on or off.']);
  });
});

describe('bot identity rules (MicrosoftAppType)', () => {
  test('MultiTenant with id and password is valid', () => {
    const c = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', ALLOWED_TENANT_IDS: TENANT });
    expect(c.bot).toEqual({ appId: APP_ID, appPassword: 'secret', appType: 'MultiTenant', tenantId: '', connectorTimeoutMs: 10_000, tokenTimeoutMs: 5000 });
  });

  test('MultiTenant without a password is a problem', () => {
    expect(configProblems({ MicrosoftAppId: APP_ID, ALLOWED_TENANT_IDS: TENANT })).toEqual(['MicrosoftAppId is set but MicrosoftAppPassword is empty.']);
  });

  test('SingleTenant needs both a password and a tenant id', () => {
    const problem = 'MicrosoftAppType=SingleTenant needs MicrosoftAppPassword and MicrosoftAppTenantId.';
    expect(configProblems({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x' })).toEqual([problem]);
    expect(configProblems({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT })).toEqual([problem]);
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT }).bot.appType).toBe('SingleTenant');
  });

  test('UserAssignedMSI needs a tenant id and must not have a password', () => {
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }).bot.appType).toBe('UserAssignedMSI');
    expect(configProblems({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI' })).toEqual(['MicrosoftAppType=UserAssignedMSI needs MicrosoftAppTenantId.']);
    expect(configProblems({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'x' })).toEqual([
      'MicrosoftAppType=UserAssignedMSI must not have MicrosoftAppPassword set.',
    ]);
  });

  test('a password or tenant without an app id is a problem (auth would silently be off)', () => {
    expect(configProblems({ MicrosoftAppPassword: 'x' })).toEqual(['MicrosoftAppPassword/MicrosoftAppTenantId are set but MicrosoftAppId is empty.']);
    expect(configProblems({ MicrosoftAppTenantId: TENANT })).toHaveLength(1);
  });

  test('the app id must be a GUID', () => {
    expect(configProblems({ MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 'x', ALLOWED_TENANT_IDS: TENANT })).toEqual(["MicrosoftAppId must be the bot's Entra application (client) id, a GUID."]);
  });
});

describe('every problem is listed at once', () => {
  test('one ConfigError carries all of them, and its message names each and points at .env.example', () => {
    const env = {
      PORT: '70000',
      MicrosoftAppType: 'Wrong',
      CLUSTER_SOURCE: 'excel',
      AZURE_SUBSCRIPTION_IDS: 'not-a-guid',
      AZURE_CLOUD: 'Mars',
      AZURE_RESOURCE_MANAGER_ENDPOINT: 'http://insecure',
      LOG_LEVEL: 'chatty',
      PLAYGROUND: 'sometimes',
      FLEET_MAX_AGE_SECONDS: '-1',
      MONITOR_INTERVAL_SECONDS: '0',
      STORAGE: 'floppy',
    };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const mentioned = ['PORT', 'MicrosoftAppType', 'CLUSTER_SOURCE', 'AZURE_SUBSCRIPTION_IDS', 'AZURE_CLOUD', 'AZURE_RESOURCE_MANAGER_ENDPOINT', 'LOG_LEVEL', 'PLAYGROUND', 'FLEET_MAX_AGE_SECONDS', 'MONITOR_INTERVAL_SECONDS', 'STORAGE'];
    for (const name of mentioned) expect(problems.some((p) => p.includes(name))).toBe(true);
    expect(problems).toHaveLength(mentioned.length);
    for (const p of problems) expect((error as Error).message).toContain(p);
    expect((error as Error).message).toContain('.env.example');
  });

  test.each([['abc'], ['1.5'], ['-1'], ['65536']])('PORT=%s is rejected', (port) => {
    expect(configProblems({ PORT: port })).toEqual([`PORT="${port}" must be a whole number from 0 to 65535.`]);
  });
});

describe('who may use the bot (ALLOWED_TENANT_IDS, ALLOW_GUESTS, OPERATOR_IDS, flood limits)', () => {
  const OTHER = '11111111-2222-3333-4444-555555555555';
  const OPERATOR = '99999999-8888-7777-6666-555555555555';

  test('local mode (no app id) answers every tenant, refuses guests, lets everyone change alerting', () => {
    expect(loadConfig({}).access).toEqual({
      allowedTenantIds: [], allowGuests: false, operatorIds: [],
      flood: { userPerMinute: 20, conversationPerMinute: 60 },
      memberLookup: { timeoutMs: 3000, cacheTtlMs: 300_000, cacheMaxEntries: 5000 },
    });
  });

  test('the list defaults to MicrosoftAppTenantId, and an explicit list replaces it', () => {
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT }).access.allowedTenantIds).toEqual([TENANT]);
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, ALLOWED_TENANT_IDS: `${OTHER.toUpperCase()}, ${TENANT}` }).access.allowedTenantIds).toEqual([OTHER, TENANT]);
  });

  test('a MultiTenant app id without a list is a problem; in local mode the list may be empty', () => {
    expect(configProblems({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' })).toEqual([
      'ALLOWED_TENANT_IDS is required when MicrosoftAppId is set with MicrosoftAppType=MultiTenant (the tenants whose users may use the bot).',
    ]);
    expect(configProblems({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', ALLOWED_TENANT_IDS: OTHER })).toEqual([]);
    expect(configProblems({ ALLOWED_TENANT_IDS: '' })).toEqual([]);
  });

  test('tenant and operator ids must be GUIDs, and every problem is listed at once', () => {
    const problems = configProblems({ ALLOWED_TENANT_IDS: 'contoso.com', OPERATOR_IDS: `${OPERATOR},ada@contoso.com`, ALLOW_GUESTS: 'sometimes', FLOOD_USER_MESSAGES_PER_MINUTE: '0' });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(expect.arrayContaining([
      'FLOOD_USER_MESSAGES_PER_MINUTE="0" must be a whole number from 1 to 100000.',
      'ALLOWED_TENANT_IDS: "contoso.com" is not a tenant id (GUID).',
      'OPERATOR_IDS: "ada@contoso.com" is not an Entra object id (GUID).',
      'ALLOW_GUESTS="sometimes" must be on or off.',
    ]));
  });

  test('operators, guests and flood limits are read', () => {
    const access = loadConfig({ OPERATOR_IDS: OPERATOR.toUpperCase(), ALLOW_GUESTS: 'true', FLOOD_USER_MESSAGES_PER_MINUTE: '5', FLOOD_CONVERSATION_MESSAGES_PER_MINUTE: '9' }).access;
    expect(access).toMatchObject({ operatorIds: [OPERATOR], allowGuests: true, flood: { userPerMinute: 5, conversationPerMinute: 9 } });
  });
});

describe('describeConfig', () => {
  test('never contains the password', () => {
    const c = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'super-secret-value', ALLOWED_TENANT_IDS: TENANT });
    const described = JSON.stringify(describeConfig(c));
    expect(described).not.toContain('super-secret-value');
    expect(described).toContain(APP_ID);
  });

  test('says when authentication is off', () => {
    expect(describeConfig(loadConfig({})).auth).toBe('anonymous (MicrosoftAppId empty)');
  });
});

describe('alert tuning', () => {
  test('digest threshold and degraded-after have defaults and are validated', () => {
    expect(loadConfig({}).monitor).toMatchObject({ digestThreshold: 5, degradedAfterFailures: 3 });
    expect(loadConfig({ ALERT_DIGEST_THRESHOLD: '12', MONITOR_DEGRADED_AFTER: '1' }).monitor).toMatchObject({ digestThreshold: 12, degradedAfterFailures: 1 });
    expect(() => loadConfig({ ALERT_DIGEST_THRESHOLD: '0', MONITOR_DEGRADED_AFTER: 'x' })).toThrow(/ALERT_DIGEST_THRESHOLD="0"[\s\S]*MONITOR_DEGRADED_AFTER="x"/);
  });
});

describe('alert delivery settings', () => {
  test('delivery age and send timeout default to 30 min / 30 s and are validated', () => {
    expect(loadConfig({}).delivery).toMatchObject({ maxAgeMs: 30 * 60_000, sendTimeoutMs: 30_000 });
    expect(loadConfig({ ALERT_DELIVERY_MAX_AGE_MINUTES: '90', ALERT_SEND_TIMEOUT_SECONDS: '5' }).delivery).toMatchObject({ maxAgeMs: 90 * 60_000, sendTimeoutMs: 5_000 });
    expect(() => loadConfig({ ALERT_SEND_TIMEOUT_SECONDS: '0' })).toThrow(/ALERT_SEND_TIMEOUT_SECONDS="0"/);
  });
});

describe('.env.example documents every variable with its real default', () => {
  const example = fs.readFileSync(path.join(__dirname, '../../../.env.example'), 'utf8');
  const documented = new Map([...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2].trim()]));

  test('every variable loadConfig reads is in .env.example', () => {
    const read = new Set<string>();
    const recording = new Proxy({}, { get: (_t, name) => { if (typeof name === 'string') read.add(name); return undefined; } });
    loadConfig(recording as NodeJS.ProcessEnv);
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
    expect(read.size).toBeGreaterThan(20);
  });

  test('setting each variable to its documented value changes nothing', () => {
    const defaults = loadConfig({});
    const withValue = [...documented].filter(([, value]) => value !== '');
    expect(withValue.length).toBeGreaterThan(15);
    for (const [name, value] of withValue) {
      const env: Record<string, string> = { [name]: value };
      // Only the test settings are not the bot's (the app package and the browser test read them).
      if (['TEAMS_APP_BOT_ID', 'BOT_DOMAIN', 'CHROMIUM_PATH'].includes(name)) continue;
      expect({ name, config: loadConfig(env) }).toEqual({ name, config: defaults });
    }
  });

  test('the newer tunables have their defaults and are validated together', () => {
    const config = loadConfig({});
    expect(config.resourceGraph).toEqual({ nameCacheTtlMs: 15_000, requestTimeoutMs: 30_000, tokenTimeoutMs: 5000, retry: { maxAttempts: 4, baseBackoffMs: 1000, maxWaitMs: 15_000 } });
    expect(config.ask.pageSize).toBe(20);
    expect(config.dialogs.idleTimeoutMs).toBe(30 * 60_000);
    expect(config.delivery).toEqual({ maxAgeMs: 30 * 60_000, sendTimeoutMs: 30_000, perConversationIntervalMs: 1000, globalMaxPerSecond: 20, maxConcurrentSends: 8, baseBackoffMs: 1000, maxBackoffMs: 60_000 });
    expect(loadConfig({ TOKEN_TIMEOUT_SECONDS: '2' }).bot.tokenTimeoutMs).toBe(2000);
    expect(configProblems({ TOKEN_TIMEOUT_SECONDS: '0', CLUSTERS_PAGE_SIZE: '0', DIALOG_IDLE_TIMEOUT_MINUTES: 'soon', CLUSTER_NAME_CACHE_SECONDS: '-1', RESOURCE_GRAPH_TIMEOUT_SECONDS: '0' })).toEqual([
      'TOKEN_TIMEOUT_SECONDS="0" must be a whole number from 1 to 60.',
      'CLUSTER_NAME_CACHE_SECONDS="-1" must be a whole number from 0 to 3600.',
      'RESOURCE_GRAPH_TIMEOUT_SECONDS="0" must be a whole number from 1 to 300.',
      'CLUSTERS_PAGE_SIZE="0" must be a whole number from 1 to 50.',
      'DIALOG_IDLE_TIMEOUT_MINUTES="soon" must be a whole number from 1 to 1440.',
    ]);
  });

  test('AUDIT_RETENTION_DAYS: 90 by default, 1 to 3650, listed with the other problems', () => {
    expect(loadConfig({}).audit).toEqual({ retentionDays: 90 });
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '400' }).audit).toEqual({ retentionDays: 400 });
    expect(configProblems({ AUDIT_RETENTION_DAYS: '0', CLUSTERS_PAGE_SIZE: '0' })).toEqual([
      'CLUSTERS_PAGE_SIZE="0" must be a whole number from 1 to 50.',
      'AUDIT_RETENTION_DAYS="0" must be a whole number from 1 to 3650.',
    ]);
    expect(configProblems({ AUDIT_RETENTION_DAYS: 'forever' })).toEqual(['AUDIT_RETENTION_DAYS="forever" must be a whole number from 1 to 3650.']);
  });
});
