import { ChaosView } from '../chaos/ChaosView';
import { HaDashboard } from '../dashboard/HaDashboard';
import { GrafanaView } from '../grafana/GrafanaView';
import { LogsView } from '../logs/LogsView';
import { PreflightView } from '../preflight/PreflightView';
import { AudienceView } from '../slides/AudienceView';
import { PresenterView } from '../slides/PresenterView';
import { StackPanel } from '../stack/StackPanel';
import { navigate, routes, usePathname, type RoutePath } from './router';

const views: { path: RoutePath; label: string }[] = [
  { path: routes.haDashboard, label: 'HA-Dashboard' },
  { path: routes.grafana, label: 'Grafana' },
  { path: routes.logs, label: 'Logs' },
  { path: routes.chaos, label: 'Chaos' },
  { path: routes.stack, label: 'Stack' },
  { path: routes.presenter, label: 'Vortrag' },
  { path: routes.preflight, label: 'Pre-flight' },
];

export function App() {
  const pathname = usePathname();
  if (pathname === routes.audience) return <AudienceView renderAppView={(path) => <main className="audience-main"><MainViews pathname={path} /></main>} />;
  return (
    <div className="app">
      <nav className="topbar" aria-label="Ansichten">
        <span className="brand">HA-Demo Presenter</span>
        {views.map((view) => (
          <a
            key={view.path}
            href={view.path}
            aria-current={pathname === view.path ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(view.path);
            }}
          >
            {view.label}
          </a>
        ))}
      </nav>
      <main>
        <MainViews pathname={pathname} />
        {pathname === routes.presenter && <PresenterView />}
      </main>
    </div>
  );
}

/** The app's views by path; the audience screen shows them too when a slide puts one on stage. */
function MainViews({ pathname }: { pathname: string }) {
  return (
    <>
      {pathname === routes.haDashboard && <HaDashboard />}
      {pathname === routes.grafana && <GrafanaView />}
      {pathname === routes.logs && <LogsView />}
      {pathname === routes.chaos && <ChaosView />}
      {pathname === routes.preflight && <PreflightView />}
      {(pathname === routes.stack || pathname === routes.haDashboard) && <StackPanel />}
    </>
  );
}
