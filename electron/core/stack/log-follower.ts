import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { LogLine } from '../contract';
import { ComposeLabel, projectFilter } from '../docker/compose-labels';

const FLUSH_MS = 100;

/**
 * Follows the logs of every replica of one service of the project, demultiplexed (non-TTY logs are framed;
 * printing them raw shows garbage), as batches of lines. Only containers carrying the project's label are ever
 * opened, whatever service name the caller sends.
 */
export async function* followServiceLogs(docker: Docker, project: string, service: string, signal: AbortSignal, tail = 200): AsyncGenerator<LogLine[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [projectFilter(project), `${ComposeLabel.service}=${service}`] },
  });
  if (containers.length === 0) return;

  let batch: LogLine[] = [];
  let wake: (() => void) | undefined;
  const streams: NodeJS.ReadableStream[] = [];
  const push = (line: LogLine) => {
    batch.push(line);
    if (batch.length === 1) setTimeout(() => wake?.(), FLUSH_MS);
  };

  for (const info of containers) {
    const name = `${service}-${info.Labels[ComposeLabel.replica] ?? '1'}`;
    const raw = (await docker.getContainer(info.Id).logs({ follow: true, stdout: true, stderr: true, tail, timestamps: true })) as NodeJS.ReadableStream;
    streams.push(raw);
    for (const stream of ['stdout', 'stderr'] as const) {
      const out = new PassThrough();
      let partial = '';
      out.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const text of lines) if (text.trim()) push(parseLine(name, stream, text));
      });
      if (stream === 'stdout') docker.modem.demuxStream(raw, out, new PassThrough());
      else docker.modem.demuxStream(raw, new PassThrough(), out);
    }
  }

  const abort = () => wake?.();
  signal.addEventListener('abort', abort);
  try {
    while (!signal.aborted) {
      if (batch.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      if (batch.length === 0) continue;
      const ready = batch;
      batch = [];
      yield ready;
    }
  } finally {
    signal.removeEventListener('abort', abort);
    for (const stream of streams) (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}

/** Docker prefixes each line with an RFC 3339 timestamp when asked to; the services log JSON with a level. */
export function parseLine(container: string, stream: 'stdout' | 'stderr', text: string): LogLine {
  const space = text.indexOf(' ');
  const stamp = space > 0 ? text.slice(0, space) : '';
  const hasStamp = /^\d{4}-\d{2}-\d{2}T/.test(stamp);
  const message = hasStamp ? text.slice(space + 1) : text;
  return { container, stream, time: hasStamp ? stamp : new Date().toISOString(), text: message, level: levelOf(message, stream) };
}

export function levelOf(message: string, stream: 'stdout' | 'stderr'): LogLine['level'] {
  const json = /"level"\s*:\s*"(\w+)"/i.exec(message)?.[1]?.toLowerCase();
  if (json) return json.startsWith('err') || json === 'fatal' || json === 'critical' ? 'error' : json.startsWith('warn') ? 'warn' : 'info';
  if (/\b(ERROR|FATAL|Exception|panic:|Traceback)\b/.test(message)) return 'error';
  if (/\bWARN(ING)?\b/.test(message)) return 'warn';
  return stream === 'stderr' ? 'warn' : 'info';
}
