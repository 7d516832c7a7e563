import type { CheckStatus, FixId } from '../contract/preflight';

/** The words the view, the command line and the saved report share. */
export const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: 'OK',
  fail: 'FEHLER',
  unchecked: 'NICHT PRÜFBAR',
  manual: 'MANUELL',
};

export const FIX_LABEL: Record<FixId, string> = {
  'build-images': 'Images bauen',
  'pull-images': 'Images laden',
  'start-stack': 'Stack starten',
  'start-load': 'Last starten',
  'stop-old-stack': 'Alten Stack beenden',
};

/** What to type when there is no button (the command line). */
export const FIX_COMMAND: Record<FixId, string> = {
  'build-images': 'npm run stack:images',
  'pull-images': 'docker compose -f stack/compose.yaml pull --ignore-buildable && docker compose -f stack/compose.yaml build',
  'start-stack': 'npm run stack:up',
  'start-load': 'curl -X POST http://127.0.0.1:8089/api/v1/loadgen/start',
  'stop-old-stack': 'docker compose -p <Projekt> down',
};
