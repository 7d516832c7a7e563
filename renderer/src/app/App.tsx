import { HaDashboard } from '../dashboard/HaDashboard';
import { GrafanaView } from '../grafana/GrafanaView';
import { StackPanel } from '../stack/StackPanel';
import { navigate, routes, usePathname, type RoutePath } from './router';

const views: { path: RoutePath; label: string }[] = [
  { path: routes.haDashboard, label: 'HA-Dashboard' },
  { path: routes.grafana, label: 'Grafana' },
  { path: routes.stack, label: 'Stack' },
];

export function App() {
  const pathname = usePathname();
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
        {pathname === routes.haDashboard && <HaDashboard />}
        {pathname === routes.grafana && <GrafanaView />}
        {pathname !== routes.grafana && <StackPanel />}
      </main>
    </div>
  );
}
