import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { expect, test } from '@playwright/test';
import { ensureTestImage, removeProjectContainers, startComposeLikeContainer, uniqueProject } from '../support/docker-fixtures';
import { DockerSocketRelay } from '../support/socket-relay';
import { startWebMode, type RunningWebMode } from '../support/web-mode';

test.describe('Stack panel in web mode', () => {
  const project = uniqueProject('e2e-stack');
  let web: RunningWebMode;

  test.beforeAll(async () => {
    await ensureTestImage();
    web = await startWebMode({ HA_DEMO_PROJECT: project });
  });
  test.afterAll(async () => {
    await web?.stop();
    await removeProjectContainers(project);
  });

  test('serves the app at /ha-dashboard, as the demo script opens it', async ({ page }) => {
    await page.goto(`${web.url}/ha-dashboard`);
    await expect(page.getByRole('heading', { name: 'HA-Dashboard' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'HA-Dashboard' })).toHaveAttribute('aria-current', 'page');
  });

  test('shows a real container live and its stop within 2 s, without a reload', async ({ page }) => {
    await page.goto(web.url);
    await expect(page.getByText(`Keine Container im Projekt ${project}`)).toBeVisible();

    const container = await startComposeLikeContainer(project, 'product-service');
    const row = page.getByRole('row', { name: /product-service-1/ });
    await expect(row).toContainText('Läuft');
    await expect(row).toContainText('Gesund', { timeout: 10_000 });

    await container.stop({ t: 1 });
    await expect(row).toContainText('Beendet', { timeout: 2_000 });
  });
});

test.describe('Stack panel when the Docker engine goes away', () => {
  const project = uniqueProject('e2e-engine');
  const relay = new DockerSocketRelay(join(tmpdir(), `ha-demo-e2e-relay-${process.pid}.sock`));
  let web: RunningWebMode;

  test.beforeAll(async () => {
    await ensureTestImage();
    await relay.open();
    web = await startWebMode({ HA_DEMO_PROJECT: project, DOCKER_HOST: relay.dockerHost });
  });
  test.afterAll(async () => {
    await web?.stop();
    await relay.cut();
    await removeProjectContainers(project);
  });

  test('says which socket it tried and how to fix it, then recovers on its own', async ({ page }) => {
    await startComposeLikeContainer(project, 'user-service');
    await page.goto(web.url);
    await expect(page.getByRole('row', { name: /user-service-1/ })).toBeVisible();

    await relay.cut();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Docker-Engine nicht erreichbar', { timeout: 5_000 });
    await expect(alert).toContainText(relay.dockerHost);
    await expect(alert).toContainText('Docker starten');

    await relay.open();
    await expect(page.getByRole('row', { name: /user-service-1/ })).toBeVisible({ timeout: 5_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
