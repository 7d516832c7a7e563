import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ComposeProject {
  /** The folder holding compose.yaml (and, on machines without a registry, .env.local). */
  stackDir: string;
  project: string;
}

/**
 * The same invocation as stack/scripts/stack.sh, so the app and the command line see one project: the
 * project's env files when present (`.env.local` selects the locally built images), then compose.yaml.
 */
export function composeBaseArgs({ stackDir, project }: ComposeProject): string[] {
  const args = ['compose', '-p', project];
  for (const file of ['.env', '.env.local']) {
    const path = join(stackDir, file);
    if (existsSync(path)) args.push('--env-file', path);
  }
  args.push('-f', join(stackDir, 'compose.yaml'));
  return args;
}

export interface ComposeRun {
  code: number;
  output: string[];
}

/** Runs `docker compose …` with an argument array (never a shell string), streaming its lines. */
export function runCompose(project: ComposeProject, args: string[], onLine: (line: string) => void = () => {}): Promise<ComposeRun> {
  return new Promise((resolve) => {
    const child = spawn('docker', [...composeBaseArgs(project), ...args], {
      env: { ...process.env, COMPOSE_PROGRESS: 'plain', COMPOSE_ANSI: 'never' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    let partial = '';
    const collect = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 400) output.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => resolve({ code: 127, output: [...output, error.message] }));
    child.on('close', (code) => {
      if (partial.trim()) output.push(partial);
      resolve({ code: code ?? 1, output });
    });
  });
}
