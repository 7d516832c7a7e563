import { useState } from 'react';
import './slides.css';
import type { Deck, Session } from '../../../electron/core/contract/slides';
import { elapsedMs, formatDuration, pace, skipSuggestions, type PaceState } from '../../../electron/core/slides/pacing';
import { SlideContent } from './SlideContent';
import { SlideFrame } from './SlideFrame';
import { KEY_HELP, toggleFullscreen, useSlideKeys } from './use-slide-keys';
import { resolveTrack, sendCommand, useDeck, useNow, useSession, type TrackView } from './use-slides';
import { useNotesFontSize } from './use-notes-font-size';

const PACE_LABEL: Record<PaceState, string> = { ahead: 'Vor dem Plan', 'on-time': 'Im Plan', behind: 'Hinter dem Plan' };
const STAGE_LABEL: Record<string, string> = { '/ha-dashboard': 'HA-Dashboard', '/grafana': 'Grafana', '/chaos': 'Chaos Engineering' };

/** The speaker's screen: current and next slide, notes, time and pace, checklist — all driven by the shared session. */
export function PresenterView() {
  const { data: deck } = useDeck();
  const { data: session } = useSession();
  const [overlay, setOverlay] = useState<'overview' | 'goto' | 'help' | null>(null);
  const toggle = (which: 'overview' | 'goto' | 'help') => setOverlay((open) => (open === which ? null : which));
  useSlideKeys({
    command: sendCommand,
    toggleFullscreen,
    toggleOverview: () => toggle('overview'),
    openGoto: () => setOverlay('goto'),
    toggleHelp: () => toggle('help'),
    guardReload: true,
  });

  if (!deck || !session || deck.revision === 0) return <div className="presenter presenter-loading">Folien werden geladen …</div>;
  const view = resolveTrack(deck, session);
  if (!view) return <div className="presenter presenter-loading">Keine Tracks in slides/tracks.yaml.</div>;
  const current = view.slides[session.position];
  const next = view.slides[session.position + 1];

  return (
    <div className="presenter">
      <header className="presenter-bar">
        <TrackPicker deck={deck} session={session} />
        <span className="presenter-position" aria-label="Folie">
          {session.position + 1} / {view.slides.length}
        </span>
        <span className="presenter-title">{current?.slide.title}</span>
        {session.blackout && <span className="badge badge-warn">Publikum: schwarz</span>}
        {!window.haDemoDesktop && (
          <button type="button" className="ghost" onClick={() => window.open('/audience', 'ha-demo-audience', 'popup,width=1280,height=720')}>
            Publikumsansicht öffnen
          </button>
        )}
        <Clock />
      </header>
      {deck.problems.length > 0 && (
        <div className="presenter-problems" role="alert">
          {deck.problems.map((problem) => (
            <div key={problem}>{problem}</div>
          ))}
        </div>
      )}
      {session.stage && (
        <div className="stage-banner" role="status">
          Publikum sieht: <strong>{STAGE_LABEL[session.stage] ?? session.stage}</strong>
          <button type="button" className="action-button" onClick={() => sendCommand({ type: 'stage', view: null })}>
            ■ Zurück zu den Folien
          </button>
        </div>
      )}
      <div className="presenter-main">
        <section className="presenter-current" aria-label="Aktuelle Folie">
          <SlideFrame slide={current?.slide} context="presenter" label="Aktuelle Folie (Vortragsansicht)" />
        </section>
        <aside className="presenter-side">
          <section className="presenter-next" aria-label="Nächste Folie">
            <h2>Als Nächstes</h2>
            {next ? <SlideFrame slide={next.slide} context="preview" label="Vorschau nächste Folie" /> : <p className="muted">Ende des Vortrags</p>}
          </section>
          <TimerPanel session={session} view={view} />
          <Checklist deck={deck} session={session} />
        </aside>
      </div>
      <NotesPanel notes={current?.slide.notes ?? []} />
      {overlay === 'overview' && <Overview view={view} session={session} close={() => setOverlay(null)} />}
      {overlay === 'goto' && <GotoDialog view={view} close={() => setOverlay(null)} />}
      {overlay === 'help' && <HelpOverlay close={() => setOverlay(null)} />}
    </div>
  );
}

function TrackPicker({ deck, session }: { deck: Deck; session: Session }) {
  return (
    <div className="track-picker" role="group" aria-label="Track">
      {deck.tracks.map((track) => (
        <button
          key={track.id}
          type="button"
          aria-pressed={track.id === session.trackId}
          title={`${track.title} – ${track.audience}`}
          onClick={() => track.id !== session.trackId && window.confirm(`Zum ${track.id}-Minuten-Track „${track.title}“ wechseln? Die Uhr startet neu.`) && sendCommand({ type: 'track', trackId: track.id })}
        >
          {track.id} min
        </button>
      ))}
    </div>
  );
}

function Clock() {
  const now = useNow(1000);
  return (
    <time className="clock" aria-label="Uhrzeit">
      {new Date(now).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', hour12: false })}
    </time>
  );
}

function TimerPanel({ session, view }: { session: Session; view: TrackView }) {
  const now = useNow();
  const { timer } = session;
  const elapsed = elapsedMs(timer, now) / 1000;
  const budgets = view.track.slides.map((entry) => entry.budget);
  const status = pace(budgets, session.position, elapsed);
  const started = timer.startedAt !== null;
  const paused = timer.pausedAt !== null;
  const skips = status.state === 'behind'
    ? skipSuggestions(
        view.slides.map(({ slide, budget, position }) => ({ position, slideId: slide.id, title: slide.title, budget, skippable: slide.skippable })),
        session.position,
        -status.slideTimeLeft,
      )
    : [];
  const progress = Math.min(1, elapsed / view.track.seconds);
  return (
    <section className="timer-panel" aria-label="Zeit">
      <div className="timer-figures">
        <div>
          <span className="timer-label">Vergangen</span>
          <span className="timer-value" data-testid="elapsed">{formatDuration(elapsed)}</span>
        </div>
        <div>
          <span className="timer-label">Verbleibend</span>
          <span className="timer-value">{formatDuration(status.remaining)}</span>
        </div>
      </div>
      <div className={`pace pace-${started ? status.state : 'idle'}`} data-testid="pace">
        {!started ? 'Bereit – die Uhr startet mit der nächsten Folie' : paused ? (timer.pauseReason === 'question' ? 'Fragerunde – Uhr angehalten' : 'Pausiert') : `${PACE_LABEL[status.state]} · ${formatDuration(status.slideTimeLeft)} für diese Folie`}
      </div>
      <div className="timer-progress" style={{ ['--progress' as string]: `${progress * 100}%` }} data-over={elapsed > view.track.seconds ? 'true' : 'false'} />
      {skips.length > 0 && (
        <div className="skip-hint">
          <strong>Überspringen möglich:</strong> {skips.map((skip) => `${skip.position + 1}. ${skip.title} (${formatDuration(skip.budget)})`).join(' · ')}
        </div>
      )}
      <div className="timer-controls">
        {!started && <button type="button" onClick={() => sendCommand({ type: 'timer', action: 'start' })}>Start</button>}
        {started && !paused && <button type="button" onClick={() => sendCommand({ type: 'timer', action: 'pause' })}>Pause</button>}
        {started && paused && timer.pauseReason === 'pause' && <button type="button" onClick={() => sendCommand({ type: 'timer', action: 'resume' })}>Weiter</button>}
        {started && timer.pauseReason !== 'question' && (
          <button type="button" onClick={() => sendCommand({ type: 'question', action: 'start' })}>Fragepause</button>
        )}
        {timer.pauseReason === 'question' && <button type="button" className="primary" onClick={() => sendCommand({ type: 'question', action: 'end' })}>Fragen beendet</button>}
        {started && <button type="button" title="Uhr auf den Planstart dieser Folie setzen" onClick={() => sendCommand({ type: 'timer', action: 'realign' })}>An Plan ausrichten</button>}
        <button type="button" onClick={() => sendCommand({ type: 'blackout' })} aria-pressed={session.blackout}>Schwarz (B)</button>
        {started && <button type="button" className="ghost" onClick={() => window.confirm('Uhr wirklich auf 0:00 zurücksetzen?') && sendCommand({ type: 'timer', action: 'reset' })}>Zurücksetzen</button>}
      </div>
      {timer.questionMs > 0 && <p className="muted">Fragen bisher: {formatDuration(timer.questionMs / 1000)}</p>}
    </section>
  );
}

function Checklist({ deck, session }: { deck: Deck; session: Session }) {
  if (deck.checklist.length === 0) return null;
  return (
    <section className="checklist" aria-label="Checkliste">
      <h2>Demo-Checkliste</h2>
      {deck.checklist.map((item) => (
        <label key={item.id}>
          <input type="checkbox" checked={session.checklist[item.id] ?? false} onChange={(event) => sendCommand({ type: 'checklist', itemId: item.id, done: event.target.checked })} />
          {item.text}
        </label>
      ))}
    </section>
  );
}

function NotesPanel({ notes }: { notes: Deck['slides'][number]['notes'] }) {
  const [fontSize, setFontSize] = useNotesFontSize();
  return (
    <section className="notes" aria-label="Sprechernotizen">
      <div className="notes-tools">
        <span>Notizen</span>
        <button type="button" aria-label="Schrift kleiner" onClick={() => setFontSize(fontSize - 2)}>A−</button>
        <span className="notes-size">{fontSize} px</span>
        <button type="button" aria-label="Schrift größer" onClick={() => setFontSize(fontSize + 2)}>A+</button>
      </div>
      <div className="notes-body" style={{ fontSize }}>
        {notes.length ? <SlideContent nodes={notes} /> : <p className="muted">Keine Notizen zu dieser Folie.</p>}
      </div>
    </section>
  );
}

function Overview({ view, session, close }: { view: TrackView; session: Session; close: () => void }) {
  return (
    <div className="overlay overview" role="dialog" aria-label="Übersicht">
      <div className="overview-grid">
        {view.slides.map(({ slide, budget, position }) => (
          <button
            key={`${slide.id}-${position}`}
            type="button"
            className="overview-item"
            aria-current={position === session.position ? 'true' : undefined}
            onClick={() => {
              sendCommand({ type: 'go', position });
              close();
            }}
          >
            <SlideFrame slide={slide} context="overview" />
            <span>
              {position + 1}. {slide.title} · {formatDuration(budget)}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}

function GotoDialog({ view, close }: { view: TrackView; close: () => void }) {
  const [query, setQuery] = useState('');
  const number = Number(query);
  const matches = view.slides.filter(({ slide, position }) => (Number.isInteger(number) && number > 0 ? position + 1 === number : slide.title.toLowerCase().includes(query.toLowerCase())));
  const go = (position: number) => {
    sendCommand({ type: 'go', position });
    close();
  };
  return (
    <div className="overlay" role="dialog" aria-label="Gehe zu Folie">
      <form
        className="goto"
        onSubmit={(event) => {
          event.preventDefault();
          if (matches[0]) go(matches[0].position);
        }}
      >
        <input autoFocus placeholder="Nummer oder Titel" value={query} onChange={(event) => setQuery(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && close()} />
        <ul>
          {matches.slice(0, 8).map(({ slide, position }) => (
            <li key={position}>
              <button type="button" onClick={() => go(position)}>
                {position + 1}. {slide.title}
              </button>
            </li>
          ))}
        </ul>
      </form>
    </div>
  );
}

function HelpOverlay({ close }: { close: () => void }) {
  return (
    <div className="overlay" role="dialog" aria-label="Tastenkürzel" onClick={close}>
      <table className="help">
        <tbody>
          {KEY_HELP.map(([keys, meaning]) => (
            <tr key={keys}>
              <th>{keys}</th>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
