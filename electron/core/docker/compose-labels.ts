/** The labels Compose v2 puts on every container it creates; the app finds its stack by them. */
export const ComposeLabel = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  replica: 'com.docker.compose.container-number',
  oneOff: 'com.docker.compose.oneoff',
} as const;

export function projectFilter(project: string): string {
  return `${ComposeLabel.project}=${project}`;
}
