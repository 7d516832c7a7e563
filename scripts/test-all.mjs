#!/usr/bin/env node
// `npm test`: every suite of the project in one run, in an order where cheap checks fail fast.
// Each step is the suite's own native runner; this script only sequences them and sums up.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const services = join(root, 'stack', 'services');
const temurin = '/usr/lib/jvm/temurin-25-jdk-amd64';

const env = {
  ...process.env,
  PATH: [join(root, '.tools', 'venv', 'bin'), '/usr/local/go/bin', process.env.PATH].join(delimiter),
  ...(existsSync(temurin) && !process.env.JAVA_HOME ? { JAVA_HOME: temurin } : {}),
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
};

const npx = (...args) => ['npx', '--no-install', ...args];
const minutes = (n) => n * 60_000;

/** name, working directory, command, extra environment, time limit; `needs` is a path that must exist for the step to apply. */
const steps = [
  { name: 'typecheck', cmd: npx('tsc', '-p', 'tsconfig.json', '--noEmit'), limit: minutes(3) },
  { name: 'lint', cmd: npx('eslint', '.'), limit: minutes(3) },
  { name: 'unit', cmd: npx('vitest', 'run', '--project', 'unit'), limit: minutes(3) },
  { name: 'electron build', cmd: npx('electron-vite', 'build'), limit: minutes(3) },
  { name: 'integration (Docker)', cmd: npx('vitest', 'run', '--project', 'integration'), limit: minutes(5) },
  { name: 'end-to-end (Chromium, web mode)', cmd: npx('playwright', 'test', '--project=web'), limit: minutes(10) },
  {
    name: 'product-service (mvn verify)',
    cwd: join(services, 'product-service'),
    needs: join(services, 'product-service', 'pom.xml'),
    cmd: ['mvn', '-B', '-q', '-T1', 'verify'],
    limit: minutes(15),
  },
  {
    name: 'user-service (mvn verify)',
    cwd: join(services, 'user-service'),
    needs: join(services, 'user-service', 'pom.xml'),
    cmd: ['mvn', '-B', '-q', '-T1', 'verify'],
    limit: minutes(15),
  },
  {
    name: 'checkout-service (go test -race)',
    cwd: join(services, 'checkout-service'),
    needs: join(services, 'checkout-service', 'go.mod'),
    cmd: ['go', 'test', '-race', '-count=1', './...'],
    limit: minutes(10),
  },
  {
    name: 'loadgen (go test -race)',
    cwd: join(root, 'stack', 'loadgen'),
    needs: join(root, 'stack', 'loadgen', 'go.mod'),
    cmd: ['go', 'test', '-race', '-count=1', './...'],
    limit: minutes(10),
  },
  {
    name: 'ratebench (go test)',
    cwd: join(root, 'stack', 'tools', 'ratebench'),
    needs: join(root, 'stack', 'tools', 'ratebench', 'go.mod'),
    cmd: ['go', 'test', '-count=1', './...'],
    limit: minutes(5),
  },
  {
    name: 'prometheus config and rules (promtool)',
    needs: join(root, 'stack', 'prometheus', 'check.sh'),
    cmd: ['bash', join(root, 'stack', 'prometheus', 'check.sh')],
    limit: minutes(3),
  },
  {
    name: 'grafana provisioning and dashboards',
    needs: join(root, 'stack', 'grafana', 'check-dashboards.mjs'),
    cmd: ['bash', '-c', 'node --test stack/grafana/ && node stack/grafana/check-dashboards.mjs'],
    limit: minutes(3),
  },
  {
    name: 'analytics-service (pytest)',
    cwd: join(services, 'analytics-service'),
    needs: join(services, 'analytics-service', 'pyproject.toml'),
    cmd: ['bash', join(root, 'scripts', 'python-tests.sh')],
    limit: minutes(10),
  },
  {
    name: 'AWS CDK app (assertions, cdk-nag, synth)',
    needs: join(root, 'stack', 'aws-cdk', 'test.sh'),
    cmd: ['bash', join(root, 'stack', 'aws-cdk', 'test.sh')],
    limit: minutes(8),
  },
  // The whole stack, from images built without a registry, then the suites that need it running. It stays up
  // from one suite to the next (STACK_KEEP_UP) and the last step takes it down; the cockpit starts from nothing.
  { name: 'stack images', cmd: ['bash', join(root, 'stack', 'scripts', 'build-images.sh')], limit: minutes(30) },
  {
    name: 'stack (shop through the load balancer, replicas, lifecycle, DynamoDB)',
    cmd: npx('vitest', 'run', '--project', 'stack', '--exclude', 'test/stack/chaos-resilience.test.ts'),
    env: { STACK_KEEP_UP: '1' },
    limit: minutes(10),
  },
  {
    name: 'stack: the demo promise, 100 req/s for 60 s, cross-checked against HAProxy (loadgen)',
    cwd: join(root, 'stack', 'loadgen'),
    cmd: ['go', 'test', '-count=1', '-v', '-run', 'Stack', './cmd/findmax'],
    env: { HA_DEMO_STACK_TEST: '1' },
    limit: minutes(5),
  },
  {
    name: 'stack: every Grafana panel has data in the running Prometheus',
    cmd: ['node', join(root, 'stack', 'grafana', 'check-dashboards.mjs'), '--prometheus', 'http://127.0.0.1:9090'],
    limit: minutes(2),
  },
  {
    name: 'stack: a slide\'s <Action> runs the script\'s command against it (Chromium)',
    cmd: npx('playwright', 'test', '--project=web', 'test/e2e/slides-presenter.spec.ts', '-g', '<Action>'),
    env: { HA_DEMO_STACK_REQUIRED: '1' },
    limit: minutes(5),
  },
  {
    // After the promise: a stack that has just been broken on purpose is not the one the promise is about.
    name: 'stack: chaos — crash, stop, latency, Black Friday, reset, each with its measured recovery',
    cmd: npx('vitest', 'run', '--project', 'stack', 'test/stack/chaos-resilience.test.ts'),
    env: { STACK_KEEP_UP: '1' },
    limit: minutes(25),
  },
  { name: 'cockpit and chaos tab on the real stack (Chromium)', cmd: npx('playwright', 'test', '--project=stack'), limit: minutes(25) },
  { name: 'stack down', cmd: ['bash', join(root, 'stack', 'scripts', 'stack.sh'), 'down'], limit: minutes(3) },
];

const only = process.argv.slice(2);
const results = [];
for (const step of steps) {
  if (only.length && !only.some((word) => step.name.includes(word))) continue;
  if (step.needs && !existsSync(step.needs)) {
    console.log(`\n── ${step.name}: not in this checkout, skipped`);
    continue;
  }
  console.log(`\n── ${step.name}`);
  const started = Date.now();
  const [command, ...args] = step.cmd;
  const run = spawnSync(command, args, { cwd: step.cwd ?? root, env: { ...env, ...step.env }, stdio: 'inherit', timeout: step.limit });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const ok = run.status === 0;
  const why = run.error?.code === 'ETIMEDOUT' ? ` (over its ${step.limit / 60_000} min limit)` : '';
  results.push({ name: step.name, ok, seconds, why });
  console.log(`── ${step.name}: ${ok ? 'passed' : 'FAILED' + why} in ${seconds} s`);
}

console.log('\nSummary');
for (const result of results) console.log(`  ${result.ok ? '✓' : '✗'} ${result.name} (${result.seconds} s)${result.why}`);
const failed = results.filter((result) => !result.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
