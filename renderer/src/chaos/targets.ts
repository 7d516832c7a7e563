import type { FaultKind } from '../../../electron/core/contract';

export interface ChaosTarget {
  service: string;
  title: string;
  kinds: FaultKind[];
  /** Why a kind is missing, for the presenter. */
  note?: string;
}

/**
 * What may be broken, and how. moto keeps its tables in memory only: a crash or stop would lose the demo data,
 * so DynamoDB is paused or cut instead. Latency and cuts act on the Toxiproxy routes into a dependency.
 */
export const CHAOS_TARGETS: ChaosTarget[] = [
  { service: 'product-service', title: 'Produkt', kinds: ['crash', 'stop', 'pause', 'latency', 'cut', 'cpu'] },
  { service: 'user-service', title: 'Benutzer', kinds: ['crash', 'stop', 'pause', 'latency', 'cut', 'cpu'] },
  { service: 'checkout-service', title: 'Checkout', kinds: ['crash', 'stop', 'pause', 'cpu'] },
  { service: 'analytics-service', title: 'Analytics', kinds: ['crash', 'stop', 'pause', 'cpu'] },
  { service: 'redis', title: 'Redis', kinds: ['crash', 'stop', 'pause', 'latency', 'cut'] },
  { service: 'dynamodb', title: 'DynamoDB', kinds: ['pause', 'latency', 'cut'], note: 'nur im Speicher: pausieren statt abstürzen' },
  { service: 'loadbalancer', title: 'Load Balancer', kinds: ['crash', 'pause'] },
];


/** Faults that hit one container; the others hit every replica or the routes into the service. */
export const PER_REPLICA: FaultKind[] = ['crash', 'pause', 'cpu'];

export const JOURNEY_LABELS: Record<string, string> = { browse: 'Katalog', account: 'Konto', checkout: 'Bestellung' };
