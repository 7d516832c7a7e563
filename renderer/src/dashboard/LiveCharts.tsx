import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from '../../../electron/core/contract';

const time = (t: number) => new Date(t * 1000).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const axis = { stroke: '#9aa6c7', fontSize: 14 };

function Chart({ title, children, label }: { title: string; label: string; children: React.ReactNode }) {
  return (
    <figure className="chart" aria-label={label}>
      <figcaption>{title}</figcaption>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height="100%">
          {children as React.ReactElement}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Last five minutes; no animation, so the lines don't wobble on every second's update. */
export function LiveCharts({ points }: { points: ChartPoint[] }) {
  return (
    <div className="charts">
      <Chart title="Anfragen pro Sekunde (Lasttest)" label="Anfragen pro Sekunde">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#26304d" />
          <XAxis dataKey="t" tickFormatter={time} {...axis} minTickGap={60} />
          <YAxis {...axis} width={56} />
          <Tooltip labelFormatter={(t) => time(Number(t))} contentStyle={{ background: '#131a2e' }} />
          <Legend />
          <Line name="erreicht" dataKey="rps" stroke="#60a5fa" strokeWidth={3} dot={false} isAnimationActive={false} />
          <Line name="Ziel" dataKey="targetRps" stroke="#9aa6c7" strokeDasharray="6 4" dot={false} isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart title="Antwortzeit (ms)" label="Antwortzeit">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#26304d" />
          <XAxis dataKey="t" tickFormatter={time} {...axis} minTickGap={60} />
          <YAxis {...axis} width={56} />
          <Tooltip labelFormatter={(t) => time(Number(t))} contentStyle={{ background: '#131a2e' }} />
          <Legend />
          <Line name="p50" dataKey="p50Ms" stroke="#22c55e" dot={false} isAnimationActive={false} />
          <Line name="p95" dataKey="p95Ms" stroke="#f59e0b" strokeWidth={3} dot={false} isAnimationActive={false} />
          <Line name="p99" dataKey="p99Ms" stroke="#ef4444" dot={false} isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart title="Fehlerquote (%)" label="Fehlerquote">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#26304d" />
          <XAxis dataKey="t" tickFormatter={time} {...axis} minTickGap={60} />
          <YAxis {...axis} width={56} domain={[0, (max: number) => Math.max(1, Math.ceil(max))]} />
          <Tooltip labelFormatter={(t) => time(Number(t))} contentStyle={{ background: '#131a2e' }} />
          <Line name="Fehler %" dataKey="errorPercent" stroke="#ef4444" strokeWidth={3} dot={false} isAnimationActive={false} />
        </LineChart>
      </Chart>
    </div>
  );
}
