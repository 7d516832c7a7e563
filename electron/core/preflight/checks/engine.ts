import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeFetchError } from '../../dashboard/http-json';
import { fail, pass, unchecked, type CheckDefinition } from '../check';
import { withTimeout } from '../timeout';

const run = promisify(execFile);

export const dockerEngineCheck: CheckDefinition = {
  id: 'docker-engine',
  group: 'readiness',
  title: 'Docker Engine erreichbar',
  async run({ docker, engineUrl }) {
    try {
      const version = await withTimeout(docker.version(), 5_000, 'Docker Engine antwortet nicht');
      return pass(`Docker ${version.Version} (API ${version.ApiVersion})`, { version: version.Version, apiVersion: version.ApiVersion, target: engineUrl });
    } catch (error) {
      return fail('nicht erreichbar', `Die Docker Engine unter ${engineUrl} antwortet nicht (${describeFetchError(error)}): Docker Desktop bzw. den Docker-Dienst starten.`, undefined, {
        target: engineUrl,
      });
    }
  },
};

export const composeCheck: CheckDefinition = {
  id: 'compose',
  group: 'readiness',
  title: 'Docker Compose v2 verfügbar',
  async run() {
    try {
      const { stdout } = await run('docker', ['compose', 'version', '--short'], { timeout: 10_000 });
      const version = stdout.trim().replace(/^v/, '');
      const major = Number(version.split('.')[0]);
      if (major >= 2) return pass(`Compose ${version}`, { version });
      return fail(`Compose ${version}`, `Compose ${version} ist zu alt: der Stack braucht Compose v2 (\`docker compose\`).`, undefined, { version });
    } catch (error) {
      return fail('fehlt', `\`docker compose\` läuft nicht (${(error as Error).message.split('\n')[0]}): das Compose-v2-Plugin installieren.`);
    }
  },
};

export const imagesCheck: CheckDefinition = {
  id: 'images',
  group: 'readiness',
  title: 'Alle Images lokal vorhanden (offline)',
  async run({ docker, composeConfig, compose }) {
    let images: string[];
    try {
      images = (await composeConfig()).images;
    } catch (error) {
      return fail('Compose-Konfiguration unlesbar', `\`docker compose config\` ist fehlgeschlagen: ${firstLine(error)}`);
    }
    const missing: string[] = [];
    try {
      for (const image of images) {
        const present = await withTimeout(
          docker.getImage(image).inspect().then(() => true, (error: { statusCode?: number }) => {
            if (error.statusCode === 404) return false;
            throw error;
          }),
          5_000,
          'Docker Engine antwortet nicht',
        );
        if (!present) missing.push(image);
      }
    } catch (error) {
      return unchecked(`${images.length} Images benötigt`, `Ohne erreichbare Docker Engine lässt sich nicht prüfen, welche Images vorhanden sind (${describeFetchError(error)}).`);
    }
    const figures = { required: images.length, missing: missing.join(', ') };
    if (missing.length === 0) return pass(`${images.length} von ${images.length} vorhanden`, figures);
    // A machine set up by build-images.sh rebuilds them offline; elsewhere they come from registries and sources.
    const localBuild = existsSync(join(compose.stackDir, '.env.local'));
    return fail(
      `${missing.length} von ${images.length} fehlen: ${missing.join(', ')}`,
      `${missing.length === 1 ? 'Ein Image fehlt' : `${missing.length} Images fehlen`} lokal, und am Veranstaltungsort gibt es womöglich kein Netz, um ${missing.length === 1 ? 'es' : 'sie'} zu laden.`,
      localBuild ? 'build-images' : 'pull-images',
      figures,
    );
  },
};

function firstLine(error: unknown): string {
  const text = (error as { stderr?: string }).stderr || (error as Error).message;
  return text.trim().split('\n').at(-1) ?? String(error);
}
