import { expect, test } from '@playwright/test';
import { startWebMode, type RunningWebMode } from '../support/web-mode';

test.describe('web mode security', () => {
  let web: RunningWebMode;
  test.beforeAll(async () => {
    web = await startWebMode({ HA_DEMO_PROJECT: 'e2e-security-none' });
  });
  test.afterAll(async () => web?.stop());

  test('refuses a request for a foreign host (DNS rebinding) with a problem document', async () => {
    const port = new URL(web.url).port;
    // A raw request: fetch() silently replaces a Host header it is given.
    const raw = await rawGet(port, 'evil.example');
    expect(raw.status).toBe(403);
    expect(raw.headers.get('content-type')).toBe('application/problem+json');
  });

  test('refuses API calls from another origin and sends no CORS headers', async () => {
    const response = await fetch(`${web.url}/rpc/stack/snapshot`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('serves the UI with a strict Content-Security-Policy', async ({ page }) => {
    const response = await page.goto(web.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  });
});

async function rawGet(port: string, host: string): Promise<Response> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/ha-dashboard', headers: { host } }, (res) => {
      res.resume();
      resolve(new Response(null, { status: res.statusCode, headers: res.headers as Record<string, string> }));
    });
    req.on('error', reject);
    req.end();
  });
}
