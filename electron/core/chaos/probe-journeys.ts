import { randomUUID } from 'node:crypto';

export type JourneyName = 'browse' | 'account' | 'checkout';

export interface ProbeSample {
  /** Send time, ms since epoch. */
  at: number;
  journey: JourneyName;
  ok: boolean;
  latencyMs: number;
  detail?: string;
}

export interface ProbeOptions {
  /** The load balancer on loopback; probe traffic goes nowhere else. */
  baseUrl: string;
  /** Journeys per second, all kinds together. */
  ratePerSecond?: number;
  /** One journey, all its requests together. */
  timeoutMs?: number;
  email?: string;
  password?: string;
}

/** browse twice as often as the others: it is the bulk of real traffic. */
const ROTATION: JourneyName[] = ['browse', 'account', 'browse', 'checkout'];
const KEEP_MS = 15 * 60_000;

/**
 * A few user journeys per second through the load balancer, each bounded by a timeout, while someone needs the
 * figures (a fault being measured). They run only between `runUntil` calls' deadlines and stop by themselves.
 */
export class ProbeJourneys {
  private readonly samples: ProbeSample[] = [];
  private readonly rate: number;
  private readonly timeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private until = 0;
  private turn = 0;
  private token: string | undefined;
  private loginBlockedUntil = 0;
  private productIds: string[] = [];
  private checkoutInFlight = false;
  private readonly listeners = new Set<(sample: ProbeSample) => void>();

  constructor(private readonly options: ProbeOptions) {
    this.rate = options.ratePerSecond ?? 4;
    this.timeoutMs = options.timeoutMs ?? 2_000;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Probes until at least `deadline` (ms since epoch); a later call only ever extends the run. */
  runUntil(deadline: number): void {
    this.until = Math.max(this.until, deadline);
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), 1000 / this.rate);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.until = 0;
  }

  onSample(listener: (sample: ProbeSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Samples sent at or after `from` (ms since epoch), oldest first. */
  since(from: number): ProbeSample[] {
    return this.samples.filter((sample) => sample.at >= from);
  }

  private tick(): void {
    if (Date.now() >= this.until) return this.stop();
    let journey = ROTATION[this.turn++ % ROTATION.length]!;
    // One probe account, one cart: two orders at once would share it (the second finds it empty). While an
    // order journey is still running, this turn browses instead.
    if (journey === 'checkout' && this.checkoutInFlight) journey = 'browse';
    if (journey === 'checkout') this.checkoutInFlight = true;
    const at = Date.now();
    void this.run(journey)
      .then(() => ({ ok: true }) as const)
      .catch((error: Error) => ({ ok: false, detail: error.name === 'TimeoutError' ? 'Zeitüberschreitung' : error.message }) as const)
      .then((result) => {
        if (journey === 'checkout') this.checkoutInFlight = false;
        this.record({ at, journey, latencyMs: Date.now() - at, ...result });
      });
  }

  private record(sample: ProbeSample): void {
    this.samples.push(sample);
    const horizon = Date.now() - KEEP_MS;
    while (this.samples.length > 0 && this.samples[0]!.at < horizon) this.samples.shift();
    for (const listener of this.listeners) listener(sample);
  }

  private async run(journey: JourneyName): Promise<void> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    switch (journey) {
      case 'browse': {
        const body = await this.call<{ items?: { id: string }[] }>('GET', '/api/v1/products?limit=20', signal);
        const ids = body.items?.map((item) => item.id) ?? [];
        if (ids.length > 0) this.productIds = ids;
        return;
      }
      case 'account':
        await this.call('GET', '/api/v1/users/me', signal, await this.login(signal));
        return;
      case 'checkout': {
        const token = await this.login(signal);
        const productId = this.productIds[Math.floor(Math.random() * this.productIds.length)] ?? 'p-0001';
        await this.call('PUT', `/api/v1/checkout/cart/items/${productId}`, signal, token, { quantity: 1 });
        const order = await this.call<{ status?: string }>('POST', '/api/v1/checkout/orders', signal, token, undefined, { 'idempotency-key': randomUUID() });
        if (order.status === 'CANCELLED') throw new Error('Bestellung storniert');
        return;
      }
    }
  }

  private async login(signal: AbortSignal): Promise<string> {
    if (this.token) return this.token;
    if (Date.now() < this.loginBlockedUntil) throw new Error('Anmeldung zuletzt fehlgeschlagen');
    try {
      const body = await this.call<{ accessToken?: string; token?: string }>('POST', '/api/v1/users/login', signal, undefined, {
        email: this.options.email ?? 'demo@shop.example',
        password: this.options.password ?? 'demo1234',
      });
      const token = body.accessToken ?? body.token;
      if (!token) throw new Error('Anmeldung ohne Token');
      this.token = token;
      return token;
    } catch (error) {
      // At most one login attempt per second: a struggling user service is not hammered by probes.
      this.loginBlockedUntil = Date.now() + 1_000;
      throw error;
    }
  }

  private async call<T = unknown>(
    method: string,
    path: string,
    signal: AbortSignal,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(`${this.options.baseUrl}${path}`, {
      method,
      signal,
      headers: {
        ...headers,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (response.status === 401) this.token = undefined;
    if (!response.ok) throw new Error(`${method} ${path.split('?')[0]}: ${response.status}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}
