import { fetchJson } from './http-json';

interface PrometheusResponse<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
}
type VectorSample = { metric: Record<string, string>; value: [number, string] };
type MatrixSeries = { metric: Record<string, string>; values: [number, string][] };

export interface LabelledValue {
  labels: Record<string, string>;
  value: number;
}
export interface LabelledSeries {
  labels: Record<string, string>;
  points: { t: number; value: number }[];
}

/** The parts of Prometheus's HTTP API the dashboard needs; NaN/Inf samples (no traffic) are dropped. */
export class PrometheusClient {
  constructor(readonly baseUrl: string) {}

  async query(expr: string): Promise<LabelledValue[]> {
    const url = `${this.baseUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`;
    const body = await fetchJson<PrometheusResponse<{ resultType: string; result: VectorSample[] }>>(url);
    return body.data.result
      .map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }))
      .filter((sample) => Number.isFinite(sample.value));
  }

  async queryRange(expr: string, startSeconds: number, endSeconds: number, stepSeconds: number): Promise<LabelledSeries[]> {
    const params = new URLSearchParams({ query: expr, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) });
    const body = await fetchJson<PrometheusResponse<{ resultType: string; result: MatrixSeries[] }>>(`${this.baseUrl}/api/v1/query_range?${params}`);
    return body.data.result.map((series) => ({
      labels: series.metric,
      points: series.values.map(([t, v]) => ({ t, value: Number(v) })).filter((point) => Number.isFinite(point.value)),
    }));
  }
}
