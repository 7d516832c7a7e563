import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { formatClock } from './format';

export function EventTimeline() {
  const { data: entries = [] } = useQuery(api.dashboard.timeline.experimental_liveOptions({ retry: true, retryDelay: 1000 }));
  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <header className="panel-header">
        <h2 id="timeline-title">Ereignisse</h2>
      </header>
      {entries.length === 0 ? (
        <p className="muted">Noch keine Ereignisse seit dem Start der App.</p>
      ) : (
        <ol aria-label="Ereignisse">
          {entries.slice(0, 30).map((entry) => (
            <li key={entry.id} data-tone={entry.tone}>
              <time dateTime={entry.at}>{formatClock(entry.at)}</time> {entry.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
