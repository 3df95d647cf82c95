import type { CommandContext } from '../../../src/chat/command';

/** A channel command context for command tests. */
export const CTX: CommandContext = { conversation: { id: 'c1', type: 'channel' }, user: { id: 'u1' }, correlationId: 'corr-1' };
