import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built UI. Paths without a file extension are app routes (`/ha-dashboard`, `/audience`) and get
 * index.html, so a deep link or a reload works.
 */
export async function serveStatic(rendererDir: string, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  const isRoute = extname(pathname) === '';
  const relative = isRoute ? 'index.html' : normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = join(rendererDir, relative);
  if (!file.startsWith(rendererDir + sep)) return false;
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    res.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(info.size),
      // Hashed assets never change; the HTML must always be fresh so a rebuild shows up on reload.
      'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
    return true;
  } catch {
    return false;
  }
}
