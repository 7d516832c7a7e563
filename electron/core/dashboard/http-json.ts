/** GET or POST JSON with a hard timeout: a hung dependency must never freeze the dashboard's poll loop. */
export async function fetchJson<T>(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<T> {
  const { timeoutMs = 2_000, ...rest } = init;
  const response = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  if (!response.ok) {
    let detail = text.slice(0, 200);
    try {
      const body = JSON.parse(text) as { detail?: string; error?: string };
      detail = body.detail ?? body.error ?? detail;
    } catch {
      // not JSON: keep the text
    }
    throw new Error(`${response.status} von ${new URL(url).host}: ${detail}`);
  }
  return JSON.parse(text) as T;
}

export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (error.name === 'TimeoutError') return 'keine Antwort (Zeitüberschreitung)';
    if (cause?.code === 'ECONNREFUSED') return 'Verbindung abgelehnt (läuft der Dienst?)';
    return cause?.message ?? error.message;
  }
  return String(error);
}
