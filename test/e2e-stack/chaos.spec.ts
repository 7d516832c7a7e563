import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { compose } from '../support/compose';
import { waitForSteadyLoad } from '../support/steady-load';
import { startWebMode, type RunningWebMode } from '../support/web-mode';

const health = (container: string) => execFileSync('docker', ['inspect', '-f', '{{.State.Health.Status}}', container]).toString().trim();
const state = (container: string) => execFileSync('docker', ['inspect', '-f', '{{.State.Status}}', container]).toString().trim();
const seconds = (text: string | null) => Number((text ?? '').replace(/[^\d,]/g, '').replace(',', '.'));

async function until(what: string, predicate: () => boolean, timeoutMs: number, everyMs = 250): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// The chaos tab on the real stack: what it shows is what happened.
test.describe.serial('chaos tab on the real stack', () => {
  let web: RunningWebMode;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(400_000);
    await compose('up', '-d', '--wait', '--wait-timeout', '300');
    await waitForSteadyLoad();
    web = await startWebMode({ HA_DEMO_CHAOS_JOURNAL: join(mkdtempSync(join(tmpdir(), 'chaos-e2e-')), 'journal.jsonl') });
    page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
  });
  test.afterAll(async () => {
    await page?.close();
    await web?.stop();
  });

  test('Absturz of a product replica: the MTTR shown is the one measured from outside, recovered by self-healing', async () => {
    await page.goto(`${web.url}/chaos`);
    const product = page.getByRole('article', { name: 'Chaos Produkt' });
    await product.getByRole('combobox', { name: 'Replikat von Produkt' }).selectOption('1');
    const clickedAt = Date.now();
    await product.getByRole('button', { name: 'Absturz' }).click();
    await expect(page.getByRole('list', { name: 'Aktive Fehler' })).toContainText('Absturz product-service-1');

    await until('product-service-1 down', () => health('ha-demo-product-service-1') !== 'healthy', 10_000, 100);
    const healthyAt = await until('product-service-1 healthy again', () => health('ha-demo-product-service-1') === 'healthy', 180_000);
    const measured = (healthyAt - clickedAt) / 1000;

    const row = page.getByRole('table', { name: 'Gemessene Erholung' }).locator('tbody tr').first();
    await expect(row).toHaveAttribute('data-recovered-by', 'self-healing', { timeout: 120_000 });
    const shown = seconds(await row.getByTestId('mttr').textContent());
    test.info().annotations.push({ type: 'MTTR product replica crash', description: `shown ${shown} s, measured ${measured.toFixed(1)} s` });
    expect(Math.abs(shown - measured)).toBeLessThan(2);
    await expect(page.getByRole('list', { name: 'Ereignisse' })).toContainText('Erholt durch Selbstheilung');
  });

  test('"Alles zurücksetzen" after a pause and a cut connection restores the baseline', async () => {
    await page.getByRole('article', { name: 'Chaos Analytics' }).getByRole('button', { name: 'Pausieren' }).click();
    await page.getByRole('article', { name: 'Chaos Redis' }).getByRole('button', { name: 'Unterbrechung' }).click();
    await expect(page.getByRole('list', { name: 'Aktive Fehler' }).locator('li')).toHaveCount(2);
    expect(state('ha-demo-analytics-service-1')).toBe('paused');

    await page.getByRole('button', { name: 'Alles zurücksetzen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Zurückgesetzt' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Keine — das System läuft im Normalzustand.')).toBeVisible();
    expect(state('ha-demo-analytics-service-1')).toBe('running');
    const proxies = (await (await fetch('http://127.0.0.1:8474/proxies')).json()) as Record<string, { enabled: boolean }>;
    expect(Object.values(proxies).every((proxy) => proxy.enabled)).toBe(true);
    await page.screenshot({ path: test.info().outputPath('chaos-tab.png'), fullPage: true });
  });
});
