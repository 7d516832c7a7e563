import type { ServerResponse } from 'node:http';

/** Sends an RFC 9457 problem document. */
export function sendProblem(res: ServerResponse, status: number, title: string, detail: string, instance?: string): void {
  const body = JSON.stringify({
    type: `https://ha-demo.dev/problems/${title.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    title,
    status,
    detail,
    ...(instance ? { instance } : {}),
  });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
