import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RPCHandler } from '@orpc/server/node';
import { router, type ApiContext } from '../core/api/router';
import type { AppCore } from '../core/app-core';
import { contentSecurityPolicy, grafanaFrameOrigins } from '../core/security/content-security-policy';
import { sendProblem } from './problem';
import { allowedHostsFor, checkRequest } from './request-guard';
import { serveStatic } from './static-files';

export const RPC_PREFIX = '/rpc';

export interface WebServerOptions {
  core: AppCore;
  rendererDir: string;
  port: number;
}

function securityHeaders(core: AppCore): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy({ grafanaOrigins: grafanaFrameOrigins(core.endpoints.grafanaUrl) }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
}

/** Web mode: the built UI and the same API as the desktop app, on loopback only. */
export async function startWebServer(options: WebServerOptions): Promise<Server> {
  const rpc = new RPCHandler(router);
  const headers = securityHeaders(options.core);
  let allowedHosts = allowedHostsFor(options.port);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const verdict = checkRequest({ host: req.headers.host, origin: req.headers.origin }, allowedHosts);
    if (!verdict.allowed) return sendProblem(res, 403, 'Forbidden', verdict.detail ?? 'Request refused.', url.pathname);

    if (url.pathname === RPC_PREFIX || url.pathname.startsWith(`${RPC_PREFIX}/`)) {
      const context: ApiContext = { core: options.core, transport: 'http' };
      const { matched } = await rpc.handle(req, res, { prefix: RPC_PREFIX, context });
      if (!matched) sendProblem(res, 404, 'Not Found', `No API procedure at ${url.pathname}.`, url.pathname);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendProblem(res, 405, 'Method Not Allowed', `${req.method} is not supported here.`, url.pathname);
    }
    if (!(await serveStatic(options.rendererDir, url.pathname, res, headers))) {
      sendProblem(res, 404, 'Not Found', `Nothing at ${url.pathname}.`, url.pathname);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // With port 0 (tests) the real port is only known now.
  allowedHosts = allowedHostsFor((server.address() as AddressInfo).port);
  return server;
}
