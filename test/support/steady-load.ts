/**
 * Waits until the demo's load runs as promised over the load generator's last 10 s window. Right after a start
 * the JVMs still compile and p95 sits in the seconds: a fault injected then is measured against a system that
 * was never healthy, and its recovery never confirmed.
 */
export async function waitForSteadyLoad(timeoutMs = 180_000, maxP95Ms = 200): Promise<void> {
  const url = `http://127.0.0.1:${process.env.LOADGEN_PORT ?? 8089}/api/v1/loadgen/status`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const status = (await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).json()) as {
        running: boolean;
        window: { requests: number; errorRatio: number; latencyMs: { p95: number } };
      };
      last = `running ${status.running}, ${status.window.requests} requests, p95 ${status.window.latencyMs.p95} ms, errors ${(status.window.errorRatio * 100).toFixed(2)} %`;
      if (status.running && status.window.requests > 0 && status.window.latencyMs.p95 < maxP95Ms && status.window.errorRatio < 0.01) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`the load never ran steadily within ${timeoutMs / 1000} s (last window: ${last})`);
}
