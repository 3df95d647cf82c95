import { azk8sError, azk8sRange } from '../azk8s-errors';
import type { SourceTag } from '../sources';

/** One recognised CLI error in pasted text. */
export interface RecognisedError {
  /** "AZK8S0513" for coded errors, otherwise the id of a known message. */
  code: string;
  name: string;
  /** The user's message text after the code, if any. */
  message?: string;
  meaning: string;
  fix: string;
  sources: SourceTag[];
}

const CODE = /\[AZK8S(\d{4})\]\s*(?:([A-Za-z]+)\s*:)?\s*((?:(?!\[AZK8S)[^\n]){0,200})/g;

/** Uncoded onboarding and Cluster Connect errors of https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting (onboarding failures, decision-tree node F1). */
const KNOWN_MESSAGES: { id: string; pattern: RegExp; meaning: string; fix: string; sources: SourceTag[] }[] = [
  { id: 'secrets-forbidden', pattern: /secrets is forbidden.*cannot list resource "?secrets"?/i, meaning: 'The kubeconfig identity cannot list Secrets.', fix: 'Grant cluster-admin to the identity in your kubeconfig and connect again.', sources: ['AMD-troubleshoot'] },
  { id: 'diagnostic-chart-pull', pattern: /Unable to pull cluster-diagnostic-checks helm chart/i, meaning: 'The CLI machine cannot reach mcr.microsoft.com.', fix: 'Allow mcr.microsoft.com (and *.data.mcr.microsoft.com) from the machine running the CLI.', sources: ['AMD-troubleshoot'] },
  { id: 'kubectl-download', pattern: /Failed to download and install kubectl/i, meaning: 'The CLI could not download kubectl.', fix: 'az aks install-cli --install-location ~/.azure/kubectl-client/kubectl, then retry (and allow dl.k8s.io).', sources: ['AMD-troubleshoot', 'AMD-net-public'] },
  { id: 'helm-upgrade-timeout', pattern: /UPGRADE Failed: time out waiting for the condition/i, meaning: 'The agents did not become ready in time.', fix: 'Paste `kubectl get pods -n azure-arc` here, and check the Secret azure-identity-certificate.', sources: ['AMD-troubleshoot'] },
  { id: 'crypto-md5', pattern: /Cannot load native module 'Crypto\.Hash\._MD5'/i, meaning: 'A broken CLI extension install.', fix: 'az extension remove --name connectedk8s; az extension remove --name k8s-configuration; then add both again.', sources: ['AMD-troubleshoot'] },
  { id: 'custom-locations-oid', pattern: /Unable to fetch oid of 'custom-locations' app/i, meaning: 'A service principal cannot look up the custom-locations app.', fix: 'As a user run `az ad sp show --id bc313c14-388c-4e7d-a58e-70017303ee3b --query id -o tsv`, then pass --custom-locations-oid <id>.', sources: ['AMD-troubleshoot'] },
  { id: 'no-agent-connected', pattern: /no agent is connected in the target arc resource/i, meaning: 'Cluster Connect is not enabled (clusterconnect-agent missing).', fix: 'az connectedk8s enable-features --features cluster-connect -n <cluster> -g <rg>', sources: ['AMD-troubleshoot'] },
  { id: 'overage-claim', pattern: /overage claim/i, meaning: 'The identity is in more than 200 Entra groups, or a proxy blocks <region>.obo.arc.azure.com:8084.', fix: 'Use an identity in fewer groups, or allow <region>.obo.arc.azure.com:8084 through the proxy.', sources: ['AMD-troubleshoot'] },
];

function unknownCodeMeaning(message: string | undefined, area: string | undefined): string {
  const where = area ? ` It is in the ${area} range of codes.` : '';
  return message
    ? `I do not know this code; the CLI's own message says what failed.${where} The troubleshooting page lists the usual causes.`
    : `I do not know this code and no message came with it.${where} The troubleshooting page lists the usual causes.`;
}

export function looksLikeCliError(text: string): boolean {
  return /\[AZK8S\d{4}\]/.test(text) || KNOWN_MESSAGES.some((k) => k.pattern.test(text));
}

/** Every AZK8S code and known message in the text, in order, each once. */
export function parseCliErrors(text: string): RecognisedError[] {
  const found: RecognisedError[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(CODE)) {
    const code = m[1];
    if (seen.has(code)) continue;
    seen.add(code);
    const known = azk8sError(code);
    const range = azk8sRange(code);
    found.push({
      code: `AZK8S${code}`,
      name: known?.name ?? m[2] ?? 'Unknown',
      message: m[3]?.trim() || undefined,
      // An unknown code is explained by the message the CLI printed with it (shown as `message`).
      meaning: known?.meaning ?? unknownCodeMeaning(m[3]?.trim(), range?.area),
      fix: known?.fix ?? range?.fix ?? 'Run `az connectedk8s troubleshoot` and read the first error.',
      sources: known?.sources ?? ['AMD-troubleshoot', 'CLI-errors'],
    });
  }
  for (const k of KNOWN_MESSAGES) {
    if (k.pattern.test(text) && !seen.has(k.id)) {
      seen.add(k.id);
      found.push({ code: k.id, name: k.id, meaning: k.meaning, fix: k.fix, sources: k.sources });
    }
  }
  return found;
}
