import { describeFetchError, fetchJson } from '../../dashboard/http-json';
import { fail, pass, unchecked, type CheckDefinition } from '../check';
import { withTimeout } from '../timeout';

/** More than this between the host and the stack's clock makes "the last 5 minutes" charts lie. */
const MAX_SKEW_MS = 2_000;

export const slidesCheck: CheckDefinition = {
  id: 'slides',
  group: 'readiness',
  title: 'Folien des gewählten Tracks kompilieren',
  async run({ slides }) {
    if (!slides) return unchecked('kein Foliensatz', 'Hier ist kein Foliensatz geladen, also ist kein Track gewählt, dessen Folien sich prüfen ließen.');
    const { deck, trackId } = await withTimeout(slides.load(), 60_000, 'Die Folien wurden nicht innerhalb von 60 s kompiliert');
    const track = deck.tracks.find((candidate) => candidate.id === trackId);
    if (!track) {
      return fail(`Track „${trackId}“ fehlt`, `Der gewählte Track „${trackId}“ steht nicht in slides/tracks.yaml: einen vorhandenen Track wählen.`, undefined, {
        tracks: deck.tracks.map((candidate) => candidate.id).join(', '),
      });
    }
    const inTrack = new Set(track.slides.map((entry) => entry.slideId));
    const broken = deck.slides.filter((slide) => inTrack.has(slide.id) && slide.error);
    const figures = { track: track.id, title: track.title, slides: inTrack.size, broken: broken.length, deckProblems: deck.problems.length };
    if (broken.length > 0) {
      const first = broken[0]!.error!;
      const where = `${first.file}${first.line ? `:${first.line}` : ''}`;
      return fail(
        `${broken.length} von ${inTrack.size} Folien fehlerhaft`,
        `${broken.length === 1 ? 'Eine Folie' : `${broken.length} Folien`} des Tracks „${track.title}“ ${broken.length === 1 ? 'kompiliert' : 'kompilieren'} nicht, zuerst ${where}: ${first.message}`,
        undefined,
        figures,
      );
    }
    if (inTrack.size === 0) return fail('keine Folien', `Der Track „${track.title}“ enthält keine Folien.`, undefined, figures);
    return pass(`Track ${track.id} „${track.title}“: ${inTrack.size} Folien kompiliert`, figures);
  },
};

export const displaysCheck: CheckDefinition = {
  id: 'displays',
  group: 'readiness',
  title: 'Bildschirme: Beamer erkannt',
  async run({ displays, surface }) {
    if (!displays) {
      const where = surface === 'cli' ? 'auf der Kommandozeile' : 'im Web-Modus';
      return unchecked(`nicht prüfbar ${where}`, `Angeschlossene Bildschirme sieht nur die Desktop-App, ${where} ist das nicht prüfbar.`);
    }
    const all = displays();
    // The audience window goes to the first display that is not the presenter's primary one.
    const audience = all.find((display) => !display.primary);
    const list = all.map((display) => `${display.label} ${display.width}×${display.height}${display.primary ? ' (primär)' : ''}`).join(', ');
    const figures = { count: all.length, displays: list, audience: audience?.label ?? '' };
    if (!audience) {
      return fail(`${all.length} Bildschirm: ${list}`, 'Nur ein Bildschirm erkannt: den Beamer anschließen und die Anzeige auf „Erweitern“ stellen.', undefined, figures);
    }
    return pass(`${all.length} Bildschirme; Publikum auf ${audience.label} (${audience.width}×${audience.height})`, figures);
  },
};

export const clockCheck: CheckDefinition = {
  id: 'clock',
  group: 'readiness',
  title: 'Uhr: Host und Stack gleich',
  async run({ endpoints, now }) {
    const hostTime = new Date(now());
    const shown = hostTime.toLocaleString('de-DE', { dateStyle: 'short', timeStyle: 'medium' });
    try {
      // Prometheus stamps samples with the clock of the engine's (VM's) kernel; after a laptop's sleep Docker
      // Desktop's VM clock can lag, and every "last 5 minutes" chart is then shifted or empty.
      const sent = now();
      const stackSeconds = await prometheusTime(endpoints.prometheusUrl);
      const received = now();
      const stackMs = stackSeconds * 1000;
      const skewMs = Math.round(stackMs - (sent + received) / 2);
      const figures = { host: hostTime.toISOString(), skewMs, roundTripMs: received - sent };
      if (!Number.isFinite(skewMs)) throw new Error('Prometheus lieferte keine Zeit');
      if (Math.abs(skewMs) > MAX_SKEW_MS) {
        return fail(`Host ${shown}, Stack weicht ${formatSkew(skewMs)} ab`, `Die Uhr des Stacks weicht ${formatSkew(skewMs)} von der des Rechners ab, die Diagramme zeigen dann falsche Zeiträume: Docker neu starten.`, undefined, figures);
      }
      return pass(`Host ${shown}, Stack weicht ${formatSkew(skewMs)} ab`, figures);
    } catch (error) {
      return unchecked(`Host ${shown}`, `Ohne erreichbares Prometheus lässt sich die Uhr des Stacks nicht mit der des Rechners vergleichen (${describeFetchError(error)}).`, {
        host: hostTime.toISOString(),
      });
    }
  },
};

/** Prometheus's own clock: `time()` evaluated now (a scalar, which PrometheusClient's vector parsing does not cover). */
async function prometheusTime(prometheusUrl: string): Promise<number> {
  const body = await fetchJson<{ data?: { result?: [number, string] } }>(`${prometheusUrl}/api/v1/query?query=time()`);
  return Number(body.data?.result?.[1]);
}

function formatSkew(ms: number): string {
  return Math.abs(ms) < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
}
