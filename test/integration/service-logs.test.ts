import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine } from '../../electron/core/contract';
import { followServiceLogs } from '../../electron/core/stack/log-follower';
import { docker, ensureTestImage, removeProjectContainers, startComposeLikeContainer, uniqueProject } from '../support/docker-fixtures';

async function collect(project: string, service: string, until: (lines: LogLine[]) => boolean): Promise<LogLine[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  const lines: LogLine[] = [];
  try {
    for await (const batch of followServiceLogs(docker, project, service, abort.signal)) {
      lines.push(...batch);
      if (until(lines)) break;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return lines;
}

describe('service logs from the real engine', () => {
  const project = uniqueProject('it-logs');
  beforeAll(async () => {
    await ensureTestImage();
    await startComposeLikeContainer(project, 'checkout-service', 1, 'echo \'{"level":"info","msg":"listening on :8084"}\'; echo "ERROR breaker open" >&2; echo plain stdout line;');
    await startComposeLikeContainer(project, 'checkout-service', 2, 'echo from replica two;');
  });
  afterAll(() => removeProjectContainers(project));

  it('follows every replica, demultiplexed, with errors marked', async () => {
    const lines = await collect(project, 'checkout-service', (all) => all.length >= 4);
    const byText = new Map(lines.map((line) => [line.text, line]));
    expect(byText.get('{"level":"info","msg":"listening on :8084"}')).toMatchObject({ container: 'checkout-service-1', stream: 'stdout', level: 'info' });
    expect(byText.get('ERROR breaker open')).toMatchObject({ stream: 'stderr', level: 'error' });
    expect(byText.get('from replica two')).toMatchObject({ container: 'checkout-service-2' });
    // No frame headers leak into the text.
    for (const line of lines) expect([...line.text].every((char) => char.charCodeAt(0) >= 0x20 || char === '\t')).toBe(true);
  });

  it('opens nothing outside the project, whatever service name is asked for', async () => {
    const other = uniqueProject('it-logs-foreign');
    await startComposeLikeContainer(other, 'intruder', 1, 'echo secret;');
    try {
      const lines = await collect(project, 'intruder', () => true);
      expect(lines).toEqual([]);
    } finally {
      await removeProjectContainers(other);
    }
  });
});
