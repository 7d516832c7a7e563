import { spawn } from 'node:child_process';
import type { ActionCommandId } from '../contract/slides';

/**
 * One step of a command: a pipeline of programs (stdout of each feeds the next), run from argument arrays,
 * never through a shell. A step may capture its trimmed output under a name that later steps use as `{{NAME}}`
 * inside an argument — enough for "log in, then use the token" without handing anything to a shell.
 */
export interface CommandStep {
  pipeline: string[][];
  captureAs?: string;
  /** Captured steps are not shown; their output is a secret-ish value like a token. */
  quiet?: boolean;
}

export interface CommandDefinition {
  display: string;
  steps: CommandStep[];
}

const JSON_HEADER = ['-H', 'content-type: application/json'];
const DEMO_LOGIN = ['-d', '{"email":"demo@shop.example","password":"demo1234"}'];
const curl = (...args: string[]) => ['curl', '-s', '--max-time', '5', ...args];
const jq = (...args: string[]) => ['jq', ...args];

/**
 * The only commands a slide can run, by id. Addresses are the ones the demo script uses (published on the
 * host by the Compose stack); the `display` text is what the audience sees typed.
 */
export const ACTION_COMMANDS: Record<ActionCommandId, CommandDefinition> = {
  'load-test': {
    display: 'curl -s http://localhost:8083/api/v1/analytics/metrics/load-test | jq',
    steps: [{ pipeline: [curl('http://localhost:8083/api/v1/analytics/metrics/load-test'), jq('.')] }],
  },
  products: {
    display: "curl -s 'http://localhost:8080/api/v1/products?limit=3' | jq",
    steps: [{ pipeline: [curl('http://localhost:8080/api/v1/products?limit=3'), jq('.')] }],
  },
  categories: {
    display: 'curl -s http://localhost:8080/api/v1/products/categories | jq',
    steps: [{ pipeline: [curl('http://localhost:8080/api/v1/products/categories'), jq('.')] }],
  },
  login: {
    display: `curl -s -X POST http://localhost:8080/api/v1/users/login \\\n  -H 'content-type: application/json' \\\n  -d '{"email":"demo@shop.example","password":"demo1234"}' | jq '{tokenType, expiresIn, user}'`,
    steps: [{ pipeline: [curl('-X', 'POST', 'http://localhost:8080/api/v1/users/login', ...JSON_HEADER, ...DEMO_LOGIN), jq('{tokenType, expiresIn, user}')] }],
  },
  order: {
    display: [
      'TOKEN=$(curl -s -X POST http://localhost:8080/api/v1/users/login … | jq -r .accessToken)',
      'curl -s -X PUT http://localhost:8080/api/v1/checkout/cart/items/p-0001 -H "Authorization: Bearer $TOKEN" -d \'{"quantity":1}\'',
      'curl -s -X POST http://localhost:8080/api/v1/checkout/orders -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: $(uuidgen)" | jq',
    ].join('\n'),
    steps: [
      {
        pipeline: [curl('-X', 'POST', 'http://localhost:8080/api/v1/users/login', ...JSON_HEADER, ...DEMO_LOGIN), jq('-r', '.accessToken')],
        captureAs: 'TOKEN',
        quiet: true,
      },
      {
        pipeline: [
          curl('-X', 'PUT', 'http://localhost:8080/api/v1/checkout/cart/items/p-0001', '-H', 'Authorization: Bearer {{TOKEN}}', ...JSON_HEADER, '-d', '{"quantity":1}'),
          jq('{items: [.items[]? | {productId, quantity}]}'),
        ],
      },
      {
        pipeline: [
          curl('-X', 'POST', 'http://localhost:8080/api/v1/checkout/orders', '-H', 'Authorization: Bearer {{TOKEN}}', '-H', 'Idempotency-Key: {{UUID}}'),
          jq('.'),
        ],
      },
    ],
  },
  business: {
    display: 'curl -s http://localhost:8083/api/v1/analytics/business | jq',
    steps: [{ pipeline: [curl('http://localhost:8083/api/v1/analytics/business'), jq('.')] }],
  },
  'downtime-cost': {
    display: "curl -s 'http://localhost:8083/api/v1/analytics/downtime-cost?revenuePerMinuteEur=50000&availabilityBefore=99&availabilityAfter=99.9' | jq",
    steps: [
      {
        pipeline: [curl('http://localhost:8083/api/v1/analytics/downtime-cost?revenuePerMinuteEur=50000&availabilityBefore=99&availabilityAfter=99.9'), jq('.')],
      },
    ],
  },
  health: {
    display: 'curl -s http://localhost:8081/health/ready | jq',
    steps: [{ pipeline: [curl('http://localhost:8081/health/ready'), jq('.')] }],
  },
  problem: {
    display: "curl -s 'http://localhost:8080/api/v1/products?limit=abc' | jq",
    steps: [{ pipeline: [curl('http://localhost:8080/api/v1/products?limit=abc'), jq('.')] }],
  },
  resilience: {
    display: 'curl -s http://localhost:8084/api/v1/checkout/resilience | jq',
    steps: [{ pipeline: [curl('http://localhost:8084/api/v1/checkout/resilience'), jq('.')] }],
  },
  'prometheus-rps': {
    display: "curl -s http://localhost:9090/api/v1/query --data-urlencode 'query=sum by (job) (rate(http_server_requests_seconds_count[1m]))' | jq '.data.result'",
    steps: [
      {
        pipeline: [
          curl('http://localhost:9090/api/v1/query', '--data-urlencode', 'query=sum by (job) (rate(http_server_requests_seconds_count[1m]))'),
          jq('.data.result'),
        ],
      },
    ],
  },
};

export interface RunCallbacks {
  output(chunk: string): void;
}

const STEP_TIMEOUT_MS = 15_000;

/** Runs a command's steps in order; resolves with the exit code of the last program of the failing or final step. */
export async function runCommand(definition: CommandDefinition, callbacks: RunCallbacks, signal?: AbortSignal): Promise<number> {
  const captured: Record<string, string> = { UUID: crypto.randomUUID() };
  for (const step of definition.steps) {
    const pipeline = step.pipeline.map((argv) => argv.map((arg) => arg.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => captured[name] ?? '')));
    let text = '';
    const code = await runPipeline(pipeline, (chunk) => {
      if (step.captureAs) text += chunk;
      else callbacks.output(chunk);
    }, (chunk) => callbacks.output(chunk), signal);
    if (step.captureAs) captured[step.captureAs] = text.trim();
    if (code !== 0) return code;
  }
  return 0;
}

function runPipeline(pipeline: string[][], onStdout: (chunk: string) => void, onStderr: (chunk: string) => void, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const children = pipeline.map(([program, ...args]) =>
      spawn(program!, args, { shell: false, stdio: ['pipe', 'pipe', 'pipe'], timeout: STEP_TIMEOUT_MS, signal }),
    );
    const codes = new Array<number | null>(children.length).fill(null);
    let finished = 0;
    children.forEach((child, index) => {
      const next = children[index + 1];
      if (index === 0) child.stdin.end();
      if (next) child.stdout.pipe(next.stdin);
      else child.stdout.on('data', (chunk: Buffer) => onStdout(chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => onStderr(chunk.toString('utf8')));
      child.on('error', (error) => {
        onStderr(`${pipeline[index]![0]}: ${error.message}\n`);
      });
      child.on('close', (code) => {
        codes[index] = code ?? 1;
        finished += 1;
        // A pipeline fails if any program failed (like `set -o pipefail`): curl's error must not hide behind jq's 0.
        if (finished === children.length) resolve(codes.find((value) => value !== 0) ?? 0);
      });
    });
  });
}
