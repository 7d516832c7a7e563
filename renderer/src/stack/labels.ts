import type { ContainerHealth, ContainerState } from '../../../electron/core/contract';

export const stateLabel: Record<ContainerState, string> = {
  created: 'Erstellt',
  running: 'Läuft',
  paused: 'Pausiert',
  restarting: 'Startet neu',
  removing: 'Wird entfernt',
  exited: 'Beendet',
  dead: 'Abgestürzt',
};

export const healthLabel: Record<ContainerHealth, string> = {
  starting: 'Startet …',
  healthy: 'Gesund',
  unhealthy: 'Ungesund',
  none: 'ohne Prüfung',
};

/** One tone per combination, so the colour alone already tells good from bad on a projector. */
export function tone(state: ContainerState, health: ContainerHealth): 'ok' | 'warn' | 'bad' | 'idle' {
  if (state === 'running') return health === 'unhealthy' ? 'bad' : health === 'starting' ? 'warn' : 'ok';
  if (state === 'paused' || state === 'restarting' || state === 'created') return 'warn';
  if (state === 'exited' || state === 'dead') return 'bad';
  return 'idle';
}
