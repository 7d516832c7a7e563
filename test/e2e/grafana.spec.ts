import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startWebMode } from '../support/web-mode';

test.describe('Grafana tab', () => {
  test('says Grafana is unreachable and offers the built-in dashboard', async ({ page }) => {
    // Port 9 (discard) is closed on the build machines, exactly like a stack that runs without Grafana.
    const web = await startWebMode({ HA_DEMO_PROJECT: 'e2e-grafana-none', HA_DEMO_GRAFANA_URL: 'http://localhost:9' });
    try {
      await page.goto(`${web.url}/grafana`);
      await expect(page.getByRole('heading', { name: 'Grafana nicht erreichbar' })).toBeVisible();
      await expect(page.getByRole('status')).toContainText('http://localhost:9');
      await page.getByRole('button', { name: 'Zum HA-Dashboard' }).click();
      await expect(page).toHaveURL(/\/ha-dashboard$/);
      await expect(page.getByRole('heading', { name: 'HA-Dashboard' })).toBeVisible();
    } finally {
      await web.stop();
    }
  });

  // Grafana cannot run on the build machines: a stand-in HTTP server answers its health API and dashboard URL.
  test('embeds the overview in a sandboxed kiosk frame when Grafana answers (Grafana stand-in)', async ({ page }) => {
    const requests: string[] = [];
    const standIn: Server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/api/health') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ database: 'ok', version: '11.3.0' }));
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Grafana stand-in</title><h1>HA Architecture Overview</h1>');
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    const port = (standIn.address() as AddressInfo).port;
    const web = await startWebMode({ HA_DEMO_PROJECT: 'e2e-grafana-up', HA_DEMO_GRAFANA_URL: `http://localhost:${port}` });
    try {
      await page.goto(`${web.url}/grafana`);
      const frame = page.locator('iframe[title^="Grafana"]');
      await expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-same-origin');
      await expect(frame).toHaveAttribute('src', /\/d\/ha-overview\/.*kiosk.*theme=dark/);
      await expect(page.frameLocator('iframe[title^="Grafana"]').getByRole('heading', { name: 'HA Architecture Overview' })).toBeVisible();
      expect(requests.some((url) => url.startsWith('/d/ha-overview'))).toBe(true);
    } finally {
      await web.stop();
      standIn.close();
    }
  });
});
