import { expect, test } from '@playwright/test';
import { uniqueProject } from '../support/docker-fixtures';
import { startWebMode, type RunningWebMode } from '../support/web-mode';

// The view in web mode against a project that is not running and endpoints where nothing answers: what a
// presenter sees before "Stack starten". (The real stack's run is in test/e2e-stack/preflight.spec.ts.)
test.describe('Pre-flight view in web mode', () => {
  // Port 47: nothing listens there, and fetch does not refuse it as a "bad port" (9 is one).
  const closed = 'http://127.0.0.1:47';
  let web: RunningWebMode;

  test.beforeAll(async () => {
    web = await startWebMode({
      HA_DEMO_PROJECT: uniqueProject('e2e-preflight'),
      HA_DEMO_PROMETHEUS_URL: closed,
      HA_DEMO_LOADGEN_URL: closed,
      HA_DEMO_ANALYTICS_URL: closed,
      HA_DEMO_GRAFANA_URL: closed,
      HA_DEMO_PREFLIGHT_DIR: test.info().outputPath('reports'),
      // The services' entries on the load balancer, where nothing listens either: a demo stack that happens to
      // run on this machine must not answer for the project under test.
      HA_DEMO_LB_URL: closed,
      PRODUCT_PORT: '49',
      USER_PORT: '51',
      ANALYTICS_PORT: '55',
      CHECKOUT_PORT: '57',
    });
  });
  test.afterAll(async () => {
    await web?.stop();
  });

  test('checks on opening, shows each result with reason and fix, and keeps the gate shut', async ({ page }) => {
    await page.goto(web.url);
    await page.getByRole('link', { name: 'Pre-flight' }).click();
    await expect(page).toHaveURL(/\/preflight$/);
    const table = page.getByRole('table', { name: 'Pre-flight-Prüfungen' });
    const row = (id: string) => table.locator(`tr[data-check="${id}"]`);

    await expect(row('docker-engine')).toHaveAttribute('data-status', 'pass', { timeout: 30_000 });
    await expect(row('docker-engine')).toContainText(/Docker \d+\.\d+/);
    await expect(row('load-rate')).toHaveAttribute('data-status', 'fail', { timeout: 30_000 });
    await expect(row('load-rate')).toContainText('Lastgenerator nicht erreichbar');
    await expect(row('load-rate').getByRole('button', { name: 'Stack starten' })).toBeVisible();
    await expect(row('services-healthy')).toHaveAttribute('data-status', 'fail');
    await expect(row('displays')).toContainText('nicht prüfbar im Web-Modus');
    await expect(row('displays')).toHaveAttribute('data-status', 'unchecked');
    await expect(row('slides')).toHaveAttribute('data-status', 'pass', { timeout: 60_000 });

    const gate = page.getByRole('status', { name: 'Freigabe' });
    await expect(gate).toContainText('Nicht bereit', { timeout: 60_000 });
    await expect(gate).toHaveAttribute('data-ready', 'false');
    await expect(gate).toContainText('Lasttest zeigt > 50 RPS');

    // The manual item: only the presenter can tick it, and the tick stays with the result.
    const tick = row('business-value').getByRole('checkbox');
    await tick.check();
    await expect(row('business-value')).toContainText('abgehakt');
    await expect(tick).toBeChecked();

    await page.getByRole('button', { name: 'Bericht speichern' }).click();
    await expect(page.getByText('Bericht gespeichert unter')).toContainText('preflight-');
    await page.screenshot({ path: test.info().outputPath('preflight.png'), fullPage: true });
  });
});
