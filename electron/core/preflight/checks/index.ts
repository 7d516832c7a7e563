import type { CheckDefinition } from '../check';
import { composeCheck, dockerEngineCheck, imagesCheck } from './engine';
import { grafanaDataCheck } from './grafana';
import { portsCheck } from './ports';
import { resourcesCheck } from './resources';
import { dashboardSourcesCheck, loadRateCheck, servicesHealthyCheck } from './script';
import { clockCheck, displaysCheck, slidesCheck } from './stage';

/** The script's checklist first (in its order), then what else must hold before going on stage. */
export const AUTOMATED_CHECKS: readonly CheckDefinition[] = [
  dashboardSourcesCheck,
  servicesHealthyCheck,
  loadRateCheck,
  grafanaDataCheck,
  dockerEngineCheck,
  composeCheck,
  imagesCheck,
  portsCheck,
  resourcesCheck,
  slidesCheck,
  displaysCheck,
  clockCheck,
];
