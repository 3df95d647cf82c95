import { parseCliErrors, looksLikeCliError } from '../../../../src/fix/knowledge/parsers/azk8s';
import { clusterConnectAnswer, parsePods } from '../../../../src/fix/knowledge/parsers/kubectl-pods';
import { checkReadable, couldNotReadMessage, normalisePaste } from '../../../../src/fix/knowledge/parsers/pasted-text';
import { parseProbeOutput } from '../../../../src/fix/knowledge/parsers/probe-output';

const HEALTHY = `NAME                                         READY   STATUS    RESTARTS   AGE
cluster-metadata-operator-7d9b7c6f8d-4xk2p   2/2     Running   0          3d4h
clusterconnect-agent-6c8f5d9b7-pq8rt         3/3     Running   0          3d4h
clusteridentityoperator-5b9f7b8c9d-zt7wm     2/2     Running   0          3d4h
config-agent-7f6d8b9c5-kx2lq                 2/2     Running   0          3d4h
controller-manager-6b7f8c9d5-mn4pq           2/2     Running   0          3d4h
extension-events-collector-5d7f9c8b6-r2s3t   2/2     Running   0          3d4h
extension-manager-7c8d9f6b5-w4x5y            3/3     Running   0          3d4h
flux-logs-agent-6f7d8c9b5-a1b2c              1/1     Running   0          3d4h
kube-aad-proxy-5c6d7f8b9-d3e4f               2/2     Running   0          3d4h
metrics-agent-7b8c9d6f5-g5h6i                2/2     Running   0          3d4h
resource-sync-agent-6d7c8b9f5-j7k8l          2/2     Running   0          3d4h`;

const PENDING = `NAME                                         READY   STATUS    RESTARTS   AGE
clusteridentityoperator-5b9f7b8c9d-zt7wm     0/2     Pending   0          12m
config-agent-7f6d8b9c5-kx2lq                 0/2     Pending   0          12m
metrics-agent-7b8c9d6f5-g5h6i                2/2     Running   0          12m`;

const CRASH = `NAME                                         READY   STATUS             RESTARTS        AGE
clusteridentityoperator-5b9f7b8c9d-zt7wm     1/2     CrashLoopBackOff   14 (2m ago)     47m
config-agent-7f6d8b9c5-kx2lq                 1/2     Running            3 (10m ago)     47m
metrics-agent-7b8c9d6f5-g5h6i                2/2     Running            0               47m`;

const IMAGE_PULL = `NAMESPACE   NAME                                         READY   STATUS             RESTARTS   AGE
azure-arc   clusteridentityoperator-5b9f7b8c9d-zt7wm     0/2     ImagePullBackOff   0          9m
azure-arc   config-agent-7f6d8b9c5-kx2lq                 0/2     ErrImagePull       0          9m`;

const NOT_READY = `NAME                                 READY   STATUS    RESTARTS   AGE
resource-sync-agent-6d7c8b9f5-j7k8l  1/2     Running   0          5h`;

const KAP_CREATING = `NAME                               READY   STATUS              RESTARTS   AGE
clusterconnect-agent-6c8f5d9b7-pq8rt   3/3   Running             0          1h
kube-aad-proxy-5c6d7f8b9-d3e4f         0/2   ContainerCreating   0          1h`;

describe('kubectl get pods -n azure-arc', () => {
  test.each([
    ['all healthy', HEALTHY, 'healthy', 0],
    ['Pending', PENDING, 'pending', 2],
    ['CrashLoopBackOff + not ready', CRASH, 'crash-loop', 2],
    ['ImagePullBackOff with -A', IMAGE_PULL, 'image-pull', 2],
    ['Running but not ready', NOT_READY, 'crash-loop', 1],
    ['empty namespace', 'No resources found in azure-arc namespace.', 'missing', 0],
  ])('%s', (_label, text, verdict, problems) => {
    const a = parsePods(text)!;
    expect(a.verdict).toBe(verdict);
    expect(a.problems).toHaveLength(problems);
  });

  test('every healthy pod is read with its role', () => {
    const a = parsePods(HEALTHY)!;
    expect(a.pods).toHaveLength(11);
    expect(a.pods.find((p) => p.name.startsWith('cluster-metadata-operator'))!.role!.name).toBe('cluster-metadata-operator');
    expect(a.pods.find((p) => p.name.startsWith('clusterconnect-agent'))!.role!.name).toBe('clusterconnect-agent');
  });

  test('meanings of pod states: Pending -> resources, image pull -> MCR, crash of the identity operator -> identity/network', () => {
    expect(parsePods(PENDING)!.problems[0].meaning).toMatch(/850 MB/);
    expect(parsePods(IMAGE_PULL)!.problems[0].meaning).toMatch(/mcr\.microsoft\.com/);
    const crash = parsePods(CRASH)!.problems.find((p) => p.pod.name.startsWith('clusteridentityoperator'))!;
    expect(crash.kind).toBe('crash-loop');
    expect(crash.meaning).toMatch(/identity/);
    expect(crash.nextStep).toBe('kubectl -n azure-arc logs clusteridentityoperator-5b9f7b8c9d-zt7wm --all-containers');
  });

  test('still parses when chat flattened the line breaks', () => {
    const flat = CRASH.replace(/\s+/g, ' ');
    const a = parsePods(flat)!;
    expect(a.pods.map((p) => p.name)).toEqual(['clusteridentityoperator-5b9f7b8c9d-zt7wm', 'config-agent-7f6d8b9c5-kx2lq', 'metrics-agent-7b8c9d6f5-g5h6i']);
    expect(a.verdict).toBe('crash-loop');
  });

  test('Cluster Connect reading: missing agents and kube-aad-proxy stuck creating', () => {
    expect(clusterConnectAnswer(parsePods(HEALTHY)!)).toBe('running');
    expect(clusterConnectAnswer(parsePods(PENDING)!)).toBe('cc-missing');
    expect(clusterConnectAnswer(parsePods(KAP_CREATING)!)).toBe('kap-creating');
    expect(parsePods(KAP_CREATING)!.problems[0].meaning).toMatch(/kube-aad-proxy-certificate/);
  });

  test('other text is not pods output', () => {
    expect(parsePods('status store-0421')).toBeUndefined();
  });
});

describe('[AZK8Snnnn] errors', () => {
  test.each([
    ['(X) [AZK8S0513] HelmTimeoutImagePullFailed: Timed out waiting for agent images to be pulled.', 'AZK8S0513', 'HelmTimeoutImagePullFailed', /mcr\.microsoft\.com/],
    ['ERROR: [AZK8S0301] DnsNxDomain: nslookup kubernetes.default.svc.cluster.local returned NXDOMAIN', 'AZK8S0301', 'DnsNxDomain', /CoreDNS/],
    ['[AZK8S0408] ConnectedClusterProviderNotRegistered: Microsoft.Kubernetes is not registered', 'AZK8S0408', 'ConnectedClusterProviderNotRegistered', /az provider register/],
    ['[AZK8S0512] HelmTimeoutPendingOrUnschedulable: pods pending', 'AZK8S0512', 'HelmTimeoutPendingOrUnschedulable', /850 MB/],
    ['[AZK8S0309] CertificatePulldownFailed: identity sync did not finish', 'AZK8S0309', 'CertificatePulldownFailed', /his\.arc\.azure\.com/],
  ])('%s', (text, code, name, fix) => {
    const [e] = parseCliErrors(text);
    expect(e.code).toBe(code);
    expect(e.name).toBe(name);
    expect(e.fix).toMatch(fix);
  });

  test('several codes in one paste, each once, with the message kept', () => {
    const errors = parseCliErrors('[AZK8S0306] OnboardingOutboundConnectivityFailed: https://mcr.microsoft.com 000\n[AZK8S0306] again\n[AZK8S0502] HelmChartPullFailed: i/o timeout');
    expect(errors.map((e) => e.code)).toEqual(['AZK8S0306', 'AZK8S0502']);
    expect(errors[0].message).toBe('https://mcr.microsoft.com 000');
  });

  test('an unknown code falls back to its range', () => {
    const [e] = parseCliErrors('[AZK8S0399] SomethingNew: x');
    expect(e.name).toBe('SomethingNew');
    expect(e.meaning).toMatch(/Network range/);
  });

  test('onboarding errors without an AZK8S code are recognised', () => {
    expect(looksLikeCliError('Error: secrets is forbidden: User "x" cannot list resource "secrets" in API group ""')).toBe(true);
    expect(parseCliErrors('Failed to download and install kubectl')[0].fix).toMatch(/az aks install-cli/);
    expect(parseCliErrors('hello')).toEqual([]);
  });
});

describe('probe output', () => {
  const OUTPUT = [
    'ARCPROBE management.azure.com 443 dns=ok tcp=ok tls=ok http=200 rc=0 ip=20.50.2.1',
    'ARCPROBE westeurope.dp.kubernetesconfiguration.azure.com 443 dns=fail tcp=- tls=- http=000 rc=6 ip=-',
    'ARCPROBE gbl.his.arc.azure.com 443 dns=ok tcp=fail tls=- http=000 rc=7 ip=20.1.2.3',
    'ARCPROBE login.microsoftonline.com 443 dns=ok tcp=ok tls=fail http=000 rc=60 ip=40.126.1.1',
    'ARCPROBE mcr.microsoft.com 443 dns=ok tcp=ok tls=fail http=000 rc=35 ip=13.1.1.1',
    'ARCPROBE westeurope.obo.arc.azure.com 8084 dns=ok tcp=ok tls=ok http=000 rc=28 ip=20.9.9.9',
    'pod "arcprobe" deleted',
  ].join('\n');

  test('names each failing endpoint and the stage: DNS, TCP, TLS (inspection vs handshake), HTTP', () => {
    const a = parseProbeOutput(OUTPUT)!;
    expect(a.lines).toHaveLength(6);
    const by = (host: string) => a.lines.find((l) => l.fqdn === host)!;
    expect(by('management.azure.com').ok).toBe(true);
    expect(by('westeurope.dp.kubernetesconfiguration.azure.com').failedAt).toBe('dns');
    expect(by('gbl.his.arc.azure.com').failedAt).toBe('tcp');
    expect(by('gbl.his.arc.azure.com').fix).toMatch(/^Open outbound TCP 443 to it on the firewall/);
    expect(by('login.microsoftonline.com').failedAt).toBe('tls');
    expect(by('login.microsoftonline.com').reason).toMatch(/TLS inspection/);
    expect(by('mcr.microsoft.com').reason).toMatch(/handshake/);
    expect(by('westeurope.obo.arc.azure.com').failedAt).toBe('http');
    expect(a.failing).toHaveLength(5);
  });

  test('works on flattened text and on the B5 curl loop output', () => {
    expect(parseProbeOutput(OUTPUT.replace(/\n/g, ' '))!.lines).toHaveLength(6);
    const loop = parseProbeOutput('https://management.azure.com 401\nhttps://westeurope.dp.kubernetesconfiguration.azure.com 000')!;
    expect(loop.lines.map((l) => l.ok)).toEqual([true, false]);
    expect(loop.failing[0].reason).toMatch(/probe <cluster>/);
  });

  test('non-probe text is not probe output', () => {
    expect(parseProbeOutput('diagnose store-0421')).toBeUndefined();
  });
});

describe('pasted text readability', () => {
  test('100 KB or more is refused', () => {
    expect(checkReadable('a'.repeat(100 * 1024))).toEqual({ readable: false, reason: 'too-large' });
    expect(checkReadable('a'.repeat(100 * 1024 - 1)).readable).toBe(true);
  });
  test('binary garbage is refused', () => {
    expect(checkReadable('PK\u0003\u0004\u0000\u0000binary')).toEqual({ readable: false, reason: 'binary' });
    expect(checkReadable('\u0001\u0002\u0003\u0004\u0005abc')).toEqual({ readable: false, reason: 'binary' });
  });
  test('HTML from Teams is turned back into lines', () => {
    expect(normalisePaste('<p>NAME&nbsp;READY</p><p>a 1/1</p>')).toBe('NAME READY\na 1/1');
  });
  test('the refusal lists the understood formats', () => {
    const msg = couldNotReadMessage('too-large');
    expect(msg).toMatch(/^I could not read that \(it is 100 KB or more\)/);
    expect(msg).toMatch(/kubectl get pods -n azure-arc/);
    expect(msg).toMatch(/AZK8S/);
    expect(msg).toMatch(/ARCPROBE/);
  });
});
