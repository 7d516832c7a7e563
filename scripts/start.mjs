#!/usr/bin/env node
// `npm start`: builds the app, then opens the desktop window — or, where the Electron binary cannot be had
// (its download needs GitHub), says so in one line and starts web mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

/** Looks for the binary the way electron's index.js does, without its side effect of downloading on require. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8');
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(electronDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

/** npm 11 does not run install scripts unasked, so the binary may simply not be fetched yet: try once. */
function tryFetchElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return null;
  const installer = join(electronDir, 'install.js');
  if (!existsSync(installer)) return null;
  spawnSync(process.execPath, [installer], { cwd: electronDir, stdio: 'ignore', timeout: 120_000 });
  return electronBinary();
}

function build() {
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error('Build fehlgeschlagen (siehe oben).');
    process.exit(result.status ?? 1);
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary() ?? tryFetchElectron();
build();
if (binary) {
  run(binary, ['.']);
} else {
  console.log('Electron ist hier nicht verfügbar (sein Download braucht GitHub) – starte stattdessen den Web-Modus im Browser.');
  run(process.execPath, [join(root, 'out', 'main', 'web-server.js')]);
}
