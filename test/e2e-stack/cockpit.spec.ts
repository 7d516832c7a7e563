import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { compose, containerIds, stackDown } from '../support/compose';
import { startWebMode, type RunningWebMode } from '../support/web-mode';

const SERVICES = ['Produkt', 'Benutzer', 'Checkout', 'Analytics'];

const card = (page: Page, title: string) => page.getByRole('article', { name: `${title}-Service` });
/** Clicks a stack button and waits for that operation's own result (not an earlier one with the same text). */
async function runOperation(page: Page, button: 'Demo starten' | 'Demo beenden', timeout: number): Promise<string> {
  const operation = page.locator('.operation');
  const before = await operation.getAttribute('data-finished-at');
  await page.getByRole('button', { name: button }).click();
  await expect(operation).not.toHaveAttribute('data-finished-at', before ?? '', { timeout });
  return (await operation.textContent()) ?? '';
}
const figure = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())?.replace(/\./g, '').replace(',', '.').replace(/[^\d.]/g, '') || 'NaN');

// One story, in order, on the real stack: start from nothing, break a service, change the load, stop.
test.describe.serial('cockpit on the real stack', () => {
  let web: RunningWebMode;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    await stackDown();
    web = await startWebMode();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  });
  test.afterAll(async () => {
    await page?.close();
    await web?.stop();
  });

  test('"Demo starten" on a stopped stack: four services Gesund within 120 s, more than 50 req/s within 30 s after', async () => {
    await page.goto(`${web.url}/ha-dashboard`);
    for (const title of SERVICES) await expect(card(page, title)).toContainText('Ausgefallen');

    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Demo starten' }).click();
    await expect(page.getByRole('button', { name: 'Demo starten' })).toBeDisabled();
    for (const title of SERVICES) await expect(card(page, title).locator('.service-status')).toHaveText('Gesund', { timeout: 120_000 - (Date.now() - clickedAt) });
    const healthyAfter = (Date.now() - clickedAt) / 1000;
    test.info().annotations.push({ type: 'seconds to all healthy', description: healthyAfter.toFixed(1) });

    await expect.poll(() => figure(page, 'current-rps'), { timeout: 30_000, intervals: [1_000] }).toBeGreaterThan(50);
  });

  test('pressing "Demo starten" again is harmless', async () => {
    const before = await compose('ps', '-q');
    expect(await runOperation(page, 'Demo starten', 120_000)).toContain('Alle Dienste laufen');
    // No container was recreated or removed (the autoscaler may have added one meanwhile).
    const after = new Set((await compose('ps', '-q')).split('\n').filter(Boolean));
    for (const id of before.split('\n').filter(Boolean)) expect(after.has(id)).toBe(true);
    // Still serving: "Gesund", or "Eingeschränkt" while a replica the autoscaler added starts or p95 is over 100 ms.
    for (const title of SERVICES) await expect(card(page, title).locator('.service-status')).not.toHaveText('Ausgefallen');
  });

  test('keeps a screenshot of the dashboard under load', async () => {
    await expect(page.getByTestId('current-p95')).not.toHaveText('—');
    await page.screenshot({ path: test.info().outputPath('ha-dashboard-under-load.png'), fullPage: true });
  });

  test('a stopped product service shows Ausgefallen within 5 s and serves again after start, both in the timeline', async () => {
    const ids = await containerIds('product-service');
    // The first start already put "product-service-1 gesund" into the timeline: the restart must add another.
    const healthyEntries = () => page.getByRole('list', { name: 'Ereignisse' }).getByText('product-service-1 gesund').count();
    const healthyBefore = await healthyEntries();
    execFileSync('docker', ['stop', '-t', '5', ...ids]);
    await expect(card(page, 'Produkt').locator('.service-status')).toHaveText('Ausgefallen', { timeout: 5_000 });
    await expect(page.getByRole('list', { name: 'Ereignisse' })).toContainText('product-service-1 ausgefallen');

    execFileSync('docker', ['start', ...ids]);
    await expect(card(page, 'Produkt').locator('.service-status')).not.toHaveText('Ausgefallen', { timeout: 120_000 });
    await expect.poll(healthyEntries, { timeout: 10_000 }).toBeGreaterThan(healthyBefore);
  });

  test('changing the load rate changes the achieved rate in the chart', async () => {
    await page.getByRole('spinbutton', { name: 'Ziel-Rate in Anfragen pro Sekunde' }).fill('60');
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await expect(page.getByTestId('target-rps')).toHaveText('60 req/s', { timeout: 5_000 });
    await expect.poll(() => figure(page, 'current-rps'), { timeout: 30_000, intervals: [1_000] }).toBeLessThan(75);

    await page.getByRole('button', { name: '100/s' }).click();
    await expect.poll(() => figure(page, 'current-rps'), { timeout: 30_000, intervals: [1_000] }).toBeGreaterThan(85);
  });

  test('"Demo beenden" stops everything, and pressing it on a stopped stack is harmless', async () => {
    expect(await runOperation(page, 'Demo beenden', 120_000)).toContain('Der Stack ist beendet');
    expect((await compose('ps', '-a', '-q')).trim()).toBe('');
    for (const title of SERVICES) await expect(card(page, title).locator('.service-status')).toHaveText('Ausgefallen');

    expect(await runOperation(page, 'Demo beenden', 60_000)).toContain('Der Stack ist beendet');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
