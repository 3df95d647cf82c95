import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * No Docker engine runs on CI machines, so scripts/production-smoke.cjs (run by .ci/run) performs
 * the Dockerfile's steps instead. This keeps the two in step: the same install line, the same
 * entry point, the same environment; and the image stays slim, non-root and health-checked.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const smoke = readFileSync(path.join(ROOT, 'scripts', 'production-smoke.cjs'), 'utf8');
const dockerignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/);
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

describe('Dockerfile and the production smoke test run the same steps', () => {
  test('the runtime image is Node 24 slim, runs as a non-root user, and has a /healthz HEALTHCHECK', () => {
    expect(runtimeStage).toMatch(/^\nFROM node:24-slim\s*$/m);
    expect(runtimeStage).toMatch(/^USER node\s*$/m);
    expect(runtimeStage).toMatch(/^HEALTHCHECK .*\/healthz/ms);
  });

  test('production dependencies only, with the same npm ci line in both', () => {
    const install = 'npm ci --omit=dev --ignore-scripts --no-audit --no-fund';
    expect(runtimeStage).toContain(`RUN ${install}`);
    expect(smoke).toContain(`run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']`);
  });

  test('both start dist/src/index.js with node directly (no npm scripts), with PLAYGROUND=off', () => {
    expect(runtimeStage).toMatch(/^CMD \["node", "dist\/src\/index.js"\]\s*$/m);
    expect(smoke).toContain("spawn(NODE_24, ['dist/src/index.js']");
    expect(runtimeStage).toMatch(/PLAYGROUND=off/);
    expect(smoke).toMatch(/PLAYGROUND: 'off'/);
    expect(runtimeStage).toMatch(/NODE_ENV=production/);
    expect(smoke).toMatch(/NODE_ENV: 'production'/);
  });

  test('both ship dist/ and data/ with the package files, and the image build context leaves secrets and build output out', () => {
    expect(runtimeStage).toMatch(/^COPY package\.json package-lock\.json \.\/\s*$/m);
    expect(runtimeStage).toMatch(/^COPY --from=build \/src\/dist \.\/dist\s*$/m);
    expect(runtimeStage).toMatch(/^COPY data \.\/data\s*$/m);
    expect(smoke).toContain("for (const entry of ['dist', 'data'])");
    expect(smoke).toContain("for (const file of ['package.json', 'package-lock.json'])");
    for (const excluded of ['.env', 'node_modules', 'dist', 'data/*.db*', '.git']) expect(dockerignore).toContain(excluded);
  });

  test('the smoke test checks /healthz and a status answer, and a clean SIGTERM exit', () => {
    expect(smoke).toContain('/healthz');
    expect(smoke).toContain('/api/messages');
    expect(smoke).toMatch(/teamsMessage\(`status \$\{CLUSTER\}`/);
    expect(smoke).toContain("child.kill('SIGTERM')");
  });
});
