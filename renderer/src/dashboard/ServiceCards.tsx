import type { ServiceCard, ServiceKey, ServiceStatus } from '../../../electron/core/contract';
import { formatMs, formatPercent, formatRps } from './format';

const serviceName: Record<ServiceKey, { title: string; tech: string }> = {
  'product-service': { title: 'Produkt', tech: 'Kotlin · Spring Boot' },
  'user-service': { title: 'Benutzer', tech: 'Java 21 · Spring Boot' },
  'checkout-service': { title: 'Checkout', tech: 'Go · Gin' },
  'analytics-service': { title: 'Analytics', tech: 'Python · Flask' },
};

export const statusLabel: Record<ServiceStatus, string> = {
  healthy: 'Gesund',
  degraded: 'Eingeschränkt',
  down: 'Ausgefallen',
  unknown: 'Unbekannt',
};

const breakerLabel = { closed: 'geschlossen', 'half-open': 'halb offen', open: 'offen' } as const;

export function ServiceCards({ services }: { services: ServiceCard[] }) {
  return (
    <div className="service-cards">
      {services.map((service) => (
        <article key={service.key} className={`service-card status-${service.status}`} aria-label={`${serviceName[service.key].title}-Service`}>
          <header>
            <h3>{serviceName[service.key].title}</h3>
            <span className="muted">{serviceName[service.key].tech}</span>
          </header>
          <p className="service-status" data-status={service.status}>
            {statusLabel[service.status]}
          </p>
          <p className="muted service-reason">{service.reason}</p>
          <dl className="figures">
            <div>
              <dt>Replikate</dt>
              <dd>
                {service.replicasHealthy}/{service.replicasTotal}
              </dd>
            </div>
            <div>
              <dt>Anfragen/s</dt>
              <dd>{formatRps(service.rps)}</dd>
            </div>
            <div>
              <dt>p95</dt>
              <dd>{formatMs(service.p95Ms)}</dd>
            </div>
            <div>
              <dt>Fehler</dt>
              <dd>{formatPercent(service.errorRatio)}</dd>
            </div>
          </dl>
          {service.breakers.length > 0 && (
            <ul className="breakers">
              {service.breakers.map((breaker) => (
                <li key={breaker.dependency} data-state={breaker.state}>
                  Circuit Breaker → {breaker.dependency.replace('-service', '')}: <strong>{breakerLabel[breaker.state]}</strong>
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </div>
  );
}
