/**
 * Commands that delete something or onboard a cluster again, and what they delete. Deleting a
 * connected cluster removes its Azure Arc resource together with its extensions and
 * configurations (https://learn.microsoft.com/cli/azure/connectedk8s#az-connectedk8s-delete,
 * https://learn.microsoft.com/azure/azure-arc/kubernetes/quickstart-connect-cluster#clean-up-resources).
 */
const DESTRUCTIVE: { pattern: RegExp; deletes: string }[] = [
  { pattern: /\baz\s+connectedk8s\s+delete\b/, deletes: 'deletes the Azure Arc resource of the cluster, its agents, and every extension and configuration on it' },
  { pattern: /\bhelm\s+(?:delete|uninstall)\b/, deletes: 'uninstalls a Helm release from the cluster' },
  { pattern: /\bkubectl\s+delete\b/, deletes: 'deletes Kubernetes objects from the cluster' },
];

/** "Destructive: deletes ..." for a command that deletes something; undefined otherwise. */
export function destructiveWarning(command: string): string | undefined {
  const hit = DESTRUCTIVE.find((d) => d.pattern.test(command));
  return hit ? `⚠️ Destructive: ${hit.deletes}.` : undefined;
}

export function isDestructive(command: string): boolean {
  return destructiveWarning(command) !== undefined;
}

/** Fixes in the order to try them: everything that deletes comes after what does not (stable otherwise). */
export function safeFirst(commands: string[]): string[] {
  return [...commands.filter((c) => !isDestructive(c)), ...commands.filter(isDestructive)];
}
