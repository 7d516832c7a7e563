import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createAppCore } from '../core/app-core';
import { startWebServer } from './web-server';
import pkg from '../../package.json';

const DEFAULT_PORT = 3001;
const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const port = Number(process.env.HA_DEMO_PORT ?? DEFAULT_PORT);
  const appRoot = join(here, '..', '..');
  const core = createAppCore({ version: pkg.version, stackDir: join(appRoot, 'stack'), slidesDir: join(appRoot, 'slides') });
  void core.start();
  const server = await startWebServer({ core, port, rendererDir: join(here, '..', 'renderer') }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      console.error(`Port ${port} ist belegt. Beenden Sie das andere Programm oder starten Sie mit HA_DEMO_PORT=<frei>.`);
      process.exit(1);
    }
    throw error;
  });
  const { port: actual } = server.address() as AddressInfo;
  console.log(`HA-Demo Presenter (Web-Modus) läuft: http://127.0.0.1:${actual}/  ·  HA-Dashboard: http://127.0.0.1:${actual}/ha-dashboard`);

  const shutdown = () => {
    core.stop();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
