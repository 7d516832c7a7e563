/**
 * The four services as CONVENTIONS.md fixes them: port, route, owned table and dependencies.
 * Everything else in the app is derived from this list, so a fifth service is one more entry.
 */
export type ServiceName = 'product-service' | 'user-service' | 'analytics-service' | 'checkout-service';
export type TableName = 'products' | 'users' | 'orders' | 'analytics';

export interface ServiceSpec {
  readonly name: ServiceName;
  readonly port: number;
  /** The ALB routes `<pathPrefix>` and `<pathPrefix>/*` here, like HAProxy's path ACLs. */
  readonly pathPrefix: string;
  /** The one table this service owns; its task role may touch no other. */
  readonly table: TableName;
  readonly usesRedis: boolean;
  /** Services this one calls directly (through Cloud Map names, as Compose's DNS names). */
  readonly calls: readonly ServiceName[];
  /** Fargate size: the JVM services need more memory than Go or gunicorn. */
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Seconds before the load balancer's health checks count (JVM start-up). */
  readonly startupGraceSeconds: number;
}

export const HEALTH_CHECK_PATH = '/health/ready';

export const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'product-service', port: 8081, pathPrefix: '/api/v1/products', table: 'products',
    usesRedis: true, calls: [], cpu: 512, memoryMiB: 1024, startupGraceSeconds: 120,
  },
  {
    name: 'user-service', port: 8082, pathPrefix: '/api/v1/users', table: 'users',
    usesRedis: false, calls: [], cpu: 512, memoryMiB: 1024, startupGraceSeconds: 120,
  },
  {
    name: 'analytics-service', port: 8083, pathPrefix: '/api/v1/analytics', table: 'analytics',
    usesRedis: true, calls: [], cpu: 256, memoryMiB: 512, startupGraceSeconds: 60,
  },
  {
    name: 'checkout-service', port: 8084, pathPrefix: '/api/v1/checkout', table: 'orders',
    usesRedis: true, calls: ['product-service', 'user-service'], cpu: 256, memoryMiB: 512,
    startupGraceSeconds: 60,
  },
];
