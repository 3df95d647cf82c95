import type { AccessPolicy } from './access-policy';
import type { CommandDefinition, FallbackHandler, FreeTextHandler } from './command';
import { CommandRouter } from './router';

/** What a feature (Ask, Tell, Fix) plugs into the chat: its commands and pasted-text recognisers. */
export interface FeatureCommands {
  commands?: CommandDefinition[];
  freeText?: FreeTextHandler[];
  /** Tried, in order, for a message nothing else understood. */
  fallbacks?: FallbackHandler[];
}

/** The one ordered command table: the features' commands in the order given, then help; `access` decides who may run what. */
export function createCommandRouter(features: FeatureCommands[], access?: AccessPolicy): CommandRouter {
  const commands: CommandDefinition[] = features.flatMap((f) => f.commands ?? []);
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
  router = new CommandRouter(commands, features.flatMap((f) => f.freeText ?? []), features.flatMap((f) => f.fallbacks ?? []), access);
  return router;
}

export interface CommandDescriptor {
  name: string;
  usage: string;
  description: string;
  inManifest: boolean;
}

/** Names and descriptions of every command (the Teams manifest's command lists are checked against it). */
export function listCommandDescriptors(features: FeatureCommands[]): CommandDescriptor[] {
  const router = createCommandRouter(features);
  return router.commands.map((c) => ({ name: c.name, usage: c.usage, description: c.description, inManifest: c.inManifest ?? false }));
}
