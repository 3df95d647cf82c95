import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { buildProbePlan, probeShellScript, ProbeRequestError } from '../../../../src/fix/knowledge/probe-script';
import { parseProbeOutput } from '../../../../src/fix/knowledge/parsers/probe-output';

const TLS_DIR = resolve(__dirname, '../../../fixtures/tls');
const CURL = ['/usr/bin/curl', '/bin/curl', '/usr/local/bin/curl'].some((p) => existsSync(p));

function runSh(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    execFile('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 25_000 }, (error, stdout) => {
      if (error && !stdout) fail(error);
      else done(stdout);
    });
  });
}

async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('probe command', () => {
  test('one copy-pastable kubectl line covering the probe-able endpoints; wildcards and placeholders listed, not probed', () => {
    const plan = buildProbePlan({ cloud: 'public', region: 'westeurope', features: ['cluster-connect'] });
    expect(plan.command).not.toMatch(/\n/);
    expect(plan.command).toMatch(/^kubectl run arcprobe --rm -i --quiet --restart=Never -n azure-arc --image=curlimages\/curl:\S+ --command -- sh -c '/);
    expect(plan.command).toMatch(/westeurope\.obo\.arc\.azure\.com:8084/);
    expect(plan.command).toMatch(/westeurope\.dp\.kubernetesconfiguration\.azure\.com:443/);
    // only the outer single quotes: the script itself has none
    expect(plan.command.split("'")).toHaveLength(3);
    expect(plan.notProbed.map((n) => n.endpoint.fqdn)).toEqual(expect.arrayContaining(['*.servicebus.windows.net', '*.his.arc.azure.com']));
    expect(plan.probed.every((e) => !e.wildcard && !e.placeholder)).toBe(true);
  });

  test('proxy is passed as HTTPS_PROXY; a suspicious proxy value is refused', () => {
    expect(buildProbePlan({ cloud: 'public', region: 'eastus', proxy: 'http://10.0.0.5:3128' }).command).toMatch(/--env=HTTPS_PROXY=http:\/\/10\.0\.0\.5:3128 /);
    expect(() => buildProbePlan({ cloud: 'public', region: 'eastus', proxy: "http://x'; rm -rf /" })).toThrow(ProbeRequestError);
  });

  (CURL ? describe : describe.skip)('the script, run by real sh and curl against loopback', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createHttpsServer({ cert: readFileSync(resolve(TLS_DIR, 'server.pem')), key: readFileSync(resolve(TLS_DIR, 'server-key.pem')) }, (_req, res) => {
        res.statusCode = 404;
        res.end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    test('reachable, TCP refused and untrusted TLS each produce the right ARCPROBE line, which the parser reads back', async () => {
      const closed = await closedPort();
      const trusted = await runSh(probeShellScript([`localhost:${port}`, `localhost:${closed}`]), { CURL_CA_BUNDLE: resolve(TLS_DIR, 'ca.pem') });
      const untrusted = await runSh(probeShellScript([`localhost:${port}`]), { CURL_CA_BUNDLE: '/dev/null' });
      const a = parseProbeOutput(`${trusted}\n${untrusted}`)!;
      expect(a.lines).toHaveLength(3);
      expect(a.lines[0]).toMatchObject({ fqdn: 'localhost', port, ok: true, httpCode: '404' });
      expect(a.lines[1]).toMatchObject({ port: closed, ok: false, failedAt: 'tcp', curlExit: 7 });
      expect(a.lines[2]).toMatchObject({ port, ok: false, failedAt: 'tls' });
      expect(trusted.split('\n')[0]).toMatch(new RegExp(`^ARCPROBE localhost ${port} dns=ok tcp=ok tls=ok http=404 rc=0 ip=(127\\.0\\.0\\.1|::1)$`));
    });

    test('a name that does not resolve is a DNS failure', async () => {
      const out = await runSh(probeShellScript(['arcprobe-test.invalid:443']), {});
      expect(parseProbeOutput(out)!.lines[0]).toMatchObject({ fqdn: 'arcprobe-test.invalid', failedAt: 'dns' });
    });
  });
});
