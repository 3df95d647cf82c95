import type { AskDeps } from '../ask/ask-deps';
import { createClustersCommand } from '../ask/clusters-command';
import type { CommandDefinition, FreeTextHandler } from './command';
import { CommandRouter } from './router';
import { createStatusCommand, createSummaryCommand } from '../ask/status-command';

/** Commands contributed by features wired in the composition root (Tell, Fix). */
export interface FeatureCommands {
  commands?: CommandDefinition[];
  freeText?: FreeTextHandler[];
}

/** The one ordered command table: Ask commands, then feature commands, then help. */
export function createCommandRouter(deps: AskDeps, features: FeatureCommands[] = []): CommandRouter {
  const commands: CommandDefinition[] = [
    createStatusCommand(deps),
    createSummaryCommand(deps),
    createClustersCommand(deps),
    ...features.flatMap((f) => f.commands ?? []),
  ];
  let router: CommandRouter | undefined;
  commands.push({
    name: 'help',
    aliases: ['?', 'commands', 'hi', 'hello'],
    usage: 'help',
    description: 'This list of commands with examples.',
    examples: ['help'],
    inManifest: true,
    handle: async () => router!.help(),
  });
  router = new CommandRouter(commands, features.flatMap((f) => f.freeText ?? []));
  return router;
}

export interface CommandDescriptor {
  name: string;
  usage: string;
  description: string;
  inManifest: boolean;
}

/** Names and descriptions of every command, without dependencies (for the Teams manifest test). */
export function listCommandDescriptors(features: FeatureCommands[] = []): CommandDescriptor[] {
  const router = createCommandRouter({} as AskDeps, features);
  return router.commands.map((c) => ({ name: c.name, usage: c.usage, description: c.description, inManifest: c.inManifest ?? false }));
}
