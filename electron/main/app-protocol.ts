import { net, protocol } from 'electron';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, grafanaFrameOrigins } from '../core/security/content-security-policy';
import { APP_SCHEME } from './window-options';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built UI on app://renderer/ with the strict CSP; app routes fall back to index.html. */
export function serveRenderer(rendererDir: string, grafanaUrl: string): void {
  const csp = contentSecurityPolicy({ grafanaOrigins: grafanaFrameOrigins(grafanaUrl) });
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const relative = extname(pathname) === '' ? 'index.html' : normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const file = join(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', csp);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
