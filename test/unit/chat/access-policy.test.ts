import { AccessPolicy, GUEST_LINE, ROLE_UNAVAILABLE_LINE } from '../../../src/chat/access-policy';
import type { CommandContext, CommandDefinition } from '../../../src/chat/command';
import { createCommandRouter } from '../../../src/chat/registry';
import { type MessageReply, textReply } from '../../../src/chat/reply';

const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OPERATOR = '99999999-8888-7777-6666-555555555555';

const ctxOf = (aadObjectId?: string): CommandContext => ({ conversation: { id: 'c1', type: 'channel' }, user: { id: '29:u', aadObjectId }, correlationId: 'x' });

function changing(name: string): CommandDefinition & { runs: number } {
  const command = {
    name, usage: name, description: `${name}.`, examples: [name], requiresOperator: true, runs: 0,
    async handle() { command.runs++; return textReply(`${name} done`); },
  };
  return command;
}

describe('tenants', () => {
  test('with a list, only listed tenants pass (any case); a missing tenant is another tenant', () => {
    const policy = new AccessPolicy({ allowedTenantIds: [TENANT], allowGuests: false, operatorIds: [] });
    expect(policy.tenantAllowed(TENANT.toUpperCase())).toBe(true);
    expect(policy.tenantAllowed('11111111-2222-3333-4444-555555555555')).toBe(false);
    expect(policy.tenantAllowed(undefined)).toBe(false);
    expect(policy.tenantAllowed('')).toBe(false);
  });

  test('an empty list (local mode) lets every tenant through', () => {
    expect(new AccessPolicy({ allowedTenantIds: [], allowGuests: false, operatorIds: [] }).tenantAllowed(undefined)).toBe(true);
  });
});

describe('guests', () => {
  const strict = new AccessPolicy({ allowedTenantIds: [], allowGuests: false, operatorIds: [] });
  const open = new AccessPolicy({ allowedTenantIds: [], allowGuests: true, operatorIds: [] });

  test('without ALLOW_GUESTS a guest is refused, a member is not, and an unknown role fails closed', () => {
    expect(strict.needsRole).toBe(true);
    expect(strict.userRefusal({ outcome: 'known', role: 'guest' })).toBe(GUEST_LINE);
    expect(strict.userRefusal({ outcome: 'known', role: 'user' })).toBeUndefined();
    expect(strict.userRefusal({ outcome: 'unavailable' })).toBe(ROLE_UNAVAILABLE_LINE);
    expect(strict.userRefusal({ outcome: 'skipped' })).toBeUndefined();
  });

  test('with ALLOW_GUESTS nobody is refused for their role and no lookup is needed', () => {
    expect(open.needsRole).toBe(false);
    expect(open.userRefusal({ outcome: 'known', role: 'guest' })).toBeUndefined();
    expect(open.userRefusal({ outcome: 'unavailable' })).toBeUndefined();
  });
});

describe('operators', () => {
  test('with OPERATOR_IDS, a command that changes alerting runs only for a listed Entra object id; the refusal says who can and nothing runs', async () => {
    const mute = changing('mute');
    const router = createCommandRouter([{ commands: [mute] }], new AccessPolicy({ allowedTenantIds: [], allowGuests: false, operatorIds: [OPERATOR] }));
    const [refused] = (await router.route('mute store-0421 1h', ctxOf('00000000-0000-0000-0000-0000000000a1'))) as MessageReply[];
    expect(refused.text).toMatch(/^Only this bot's operators can use `mute` here \(1 person is listed in its OPERATOR_IDS setting\); nothing was changed\./);
    expect(mute.runs).toBe(0);
    const [noId] = (await router.route('mute store-0421 1h', ctxOf(undefined))) as MessageReply[];
    expect(noId.text).toMatch(/^Only this bot's operators/);
    expect(mute.runs).toBe(0);
    const [done] = (await router.route('MUTE store-0421 1h', ctxOf(OPERATOR.toUpperCase()))) as MessageReply[];
    expect(done.text).toBe('mute done');
    expect(mute.runs).toBe(1);
  });

  test('without OPERATOR_IDS everyone may; commands that change nothing never ask', async () => {
    const mute = changing('mute');
    const router = createCommandRouter([{ commands: [mute] }], new AccessPolicy({ allowedTenantIds: [], allowGuests: false, operatorIds: [] }));
    await router.route('mute x 1h', ctxOf(undefined));
    expect(mute.runs).toBe(1);
    const strict = new AccessPolicy({ allowedTenantIds: [], allowGuests: false, operatorIds: [OPERATOR] });
    expect(strict.refusal({ ...mute, requiresOperator: false }, ctxOf(undefined))).toBeUndefined();
  });

  test('the help card says which mode is on, naming the commands marked for operators (hidden ones left out)', async () => {
    const text = async (operatorIds: string[]) => {
      const commands = [changing('subscribe'), changing('mute'), { ...changing('mute-button'), hidden: true }, { ...changing('status'), requiresOperator: false }];
      const router = createCommandRouter([{ commands }], new AccessPolicy({ allowedTenantIds: [], allowGuests: false, operatorIds }));
      return ((await router.route('help', ctxOf())) as MessageReply[])[0].text;
    };
    expect(await text([OPERATOR, '11111111-2222-3333-4444-555555555555'])).toContain('Only operators (2, OPERATOR_IDS) can use subscribe, mute; everyone here can use the rest.');
    expect(await text([])).toContain('Everyone in this organisation can use every command, subscribe, mute included: no operators are set (OPERATOR_IDS).');
  });
});
