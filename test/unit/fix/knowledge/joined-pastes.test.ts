import { createPastedTextHandler } from '../../../../src/fix/pasted-text-handler';
import { parseCliErrors } from '../../../../src/fix/knowledge/parsers/azk8s';
import { parsePods } from '../../../../src/fix/knowledge/parsers/kubectl-pods';
import { parseProbeOutput } from '../../../../src/fix/knowledge/parsers/probe-output';
import { fixCards } from '../../../../src/fix/cards/fix-cards';
import type { PasteReading } from '../../../../src/fix/cards/diagnose-paste-card';
import { adaptiveCardProblems } from '../../../support/adaptive-card-validator';
import { handleInput, type DiagnoseState } from '../../../../src/fix/knowledge/diagnose-engine';
import { toClusterFacts } from '../../../../src/clusters/cluster-facts';
import { aCluster, TEST_NOW } from '../../../support/clusters';

/** Output as kubectl prints it: 9 agent pods, one in CrashLoopBackOff. */
const PODS = [
  'NAME                                         READY   STATUS             RESTARTS      AGE',
  'cluster-metadata-operator-7d9b7c6f8d-4xk2p   2/2     Running            0             3d4h',
  'clusteridentityoperator-5b9f7b8c9d-zt7wm     2/2     Running            0             3d4h',
  'config-agent-7f6d8b9c5-kx2lq                 2/2     Running            0             3d4h',
  'controller-manager-6b7f8c9d5-mn4pq           2/2     Running            0             3d4h',
  'extension-events-collector-5d7f9c8b6-r2s3t   2/2     Running            0             3d4h',
  'extension-manager-7c8d9f6b5-w4x5y            3/3     Running            0             3d4h',
  'flux-logs-agent-6f7d8c9b5-a1b2c              1/1     Running            0             3d4h',
  'metrics-agent-7b8c9d6f5-g5h6i                1/2     CrashLoopBackOff   14 (2m ago)   3d4h',
  'resource-sync-agent-6d7c8b9f5-j7k8l          2/2     Running            0             3d4h',
];

/** 7 probe lines, one with tcp=fail. */
const PROBE = [
  'ARCPROBE management.azure.com 443 dns=ok tcp=ok tls=ok http=200 rc=0 ip=20.50.2.1',
  'ARCPROBE login.microsoftonline.com 443 dns=ok tcp=ok tls=ok http=200 rc=0 ip=40.126.1.1',
  'ARCPROBE mcr.microsoft.com 443 dns=ok tcp=ok tls=ok http=404 rc=0 ip=13.1.1.1',
  'ARCPROBE gbl.his.arc.azure.com 443 dns=ok tcp=ok tls=ok http=404 rc=0 ip=20.1.2.3',
  'ARCPROBE westeurope.his.arc.azure.com 443 dns=ok tcp=ok tls=ok http=404 rc=0 ip=20.1.2.4',
  'ARCPROBE westeurope.dp.kubernetesconfiguration.azure.com 443 dns=ok tcp=fail tls=- http=000 rc=7 ip=20.9.9.9',
  'ARCPROBE westeurope.obo.arc.azure.com 8084 dns=ok tcp=ok tls=ok http=401 rc=0 ip=20.9.9.8',
];

/** Every way chat delivers pasted lines: line breaks, Teams HTML, or joined with a space or with nothing. */
const JOINS: [string, (lines: string[]) => string][] = [
  ['\\n', (l) => l.join('\n')],
  ['\\r\\n', (l) => l.join('\r\n')],
  ['<br>', (l) => l.join('<br>')],
  ['HTML paragraphs', (l) => l.map((x) => `<p>${x.replace(/ {2,}/g, (s) => '&nbsp;'.repeat(s.length))}</p>`).join('')],
  ['spaces', (l) => l.join(' ')],
  ['nothing (as the Playground pastes)', (l) => l.join('')],
];

async function answer(pasted: string): Promise<{ text: string; reading: PasteReading }> {
  const handler = createPastedTextHandler();
  expect(handler.canHandle(pasted)).toBe(true);
  const replied = await handler.handle(pasted, {} as never);
  const reply = Array.isArray(replied) ? replied[0] : replied;
  if (reply.kind !== 'message' || !reply.view) throw new Error(`expected a card, got ${JSON.stringify(reply)}`);
  expect(adaptiveCardProblems(fixCards.builders['paste-reading'](reply.view.model as PasteReading))).toEqual([]);
  return { text: reply.text, reading: reply.view.model as PasteReading };
}

describe.each(JOINS)('pasted lines joined by %s', (_label, join) => {
  test('kubectl get pods: all 9 pods read, the CrashLoopBackOff found, no all-clear', async () => {
    const { text, reading } = await answer(join(PODS));
    expect(text).toContain('read 9 pods');
    expect(reading.pods!.verdict).toBe('crash-loop');
    expect(reading.pods!.problems.map((p) => p.pod.name)).toEqual(['metrics-agent-7b8c9d6f5-g5h6i']);
    expect(text).not.toMatch(/Running and ready/);
  });

  test('probe output: all 7 endpoints read and the tcp=fail named', async () => {
    const { text, reading } = await answer(join(PROBE));
    expect(text).toContain('read 7 endpoints, 1 failing');
    expect(reading.probe!.failing.map((l) => `${l.fqdn} ${l.failedAt}`)).toEqual(['westeurope.dp.kubernetesconfiguration.azure.com tcp']);
    expect(reading.probe!.lines.find((l) => l.fqdn === 'management.azure.com')!.ip).toBe('20.50.2.1');
  });
});

describe('never an all-clear while a problem shows anywhere in the text', () => {
  test('a status word outside any row read still counts', () => {
    const a = parsePods(`${PODS.slice(0, 3).join('\n')}\nsomething odd here CrashLoopBackOff`)!;
    expect(a.pods).toHaveLength(2);
    expect(a.unattributedStatuses).toEqual(['CrashLoopBackOff']);
    expect(a.verdict).toBe('crash-loop');
  });

  test('a row with a READY column that cannot be read is counted as not understood', () => {
    const a = parsePods(`${PODS.join('\n')}\n!!weird!! 1/1 Running 0 1d`)!;
    expect(a.unreadRows).toBe(1);
  });

  test('a probe failure in a line that cannot be read is not an all-clear', async () => {
    const { text, reading } = await answer(`${PROBE[0]}\nARCPROBE [bad](javascript:x) 443 dns=fail tcp=- tls=- http=000 rc=6 ip=-`);
    expect(reading.probe!.unread).toBe(1);
    expect(reading.probe!.failureOutsideReadLines).toBe(true);
    expect(text).toContain('read 1 endpoint, 0 failing; 1 ARCPROBE line not understood');
    expect(text).toContain('A failure appears in a line I could not read.');
  });
});

describe('unknown AZK8S codes', () => {
  test('are explained from their message, quoted, with the troubleshooting page', async () => {
    const [e] = parseCliErrors('[AZK8S9876] BrandNewFailure: the widget could not reach <proxy>:3128');
    expect(e.message).toBe('the widget could not reach <proxy>:3128');
    expect(e.meaning).not.toMatch(/catalogue|§/);
    expect(e.sources).toContain('AMD-troubleshoot');
    const { text } = await answer('[AZK8S9876] BrandNewFailure: the widget could not reach <proxy>:3128');
    expect(text).toContain('"the widget could not reach <proxy>:3128"');
    const card = JSON.stringify(fixCards.builders['paste-reading']({ errors: [e] }));
    expect(card).toContain('The CLI said: the widget could not reach <proxy>:3128');
    expect(card).toContain('https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting');
  });
});

test('parseProbeOutput reads ARCPROBE lines glued to the previous line with no separator', () => {
  expect(parseProbeOutput('ARCPROBE a.example 443 dns=ok tcp=ok tls=ok http=200 rc=0 ip=20.50.2.1ARCPROBE b.example 443 dns=fail tcp=- tls=- http=000 rc=6 ip=-')!.lines.map((l) => [l.fqdn, l.ip, l.ok]))
    .toEqual([['a.example', '20.50.2.1', true], ['b.example', undefined, false]]);
});

describe('diagnose reads pastes as honestly as the paste handler', () => {
  const cluster = aCluster({ status: 'Offline' }, TEST_NOW);
  const at = (nodeId: string): DiagnoseState => ({ cluster: toClusterFacts(cluster), latestAgent: '1.36.1', path: [nodeId], answers: [] });
  const answered = (nodeId: string, pasted: string) => {
    const step = handleInput(at(nodeId), pasted, TEST_NOW);
    return step.state.answers.find((a) => a.node === nodeId)!;
  };

  test('pods joined with no separator: the crash loop is the answer, and the pods read are counted', () => {
    const a = answered('B2', PODS.join(''));
    expect(a.answer).toBe('crashloop');
    expect(a.detail!.join('\n')).toContain('metrics-agent-7b8c9d6f5-g5h6i CrashLoopBackOff');
    expect(a.detail!.join('\n')).not.toMatch(/\[(AMD|CLI)-/);
  });

  test('a probe failure in a line that could not be read is never "all reachable"', () => {
    expect(answered('B5', `${PROBE[0]}\nARCPROBE [bad] 443 dns=fail tcp=- tls=- http=000 rc=6 ip=-`).answer).toBe('no');
    expect(answered('B5', PROBE.join('')).answer).toBe('no');
    expect(answered('B5', PROBE.slice(0, 5).join('')).answer).toBe('yes');
  });
});

test('the curl loop output is read when its lines were joined with nothing', () => {
  const loop = parseProbeOutput('https://management.azure.com 401https://westeurope.dp.kubernetesconfiguration.azure.com 000')!;
  expect(loop.lines.map((l) => [l.fqdn, l.ok])).toEqual([['management.azure.com', true], ['westeurope.dp.kubernetesconfiguration.azure.com', false]]);
});
