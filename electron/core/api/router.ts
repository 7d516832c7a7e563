import { implement, ORPCError } from '@orpc/server';
import { contract, type AppInfo } from '../contract';
import type { AppCore } from '../app-core';
import { probeGrafana } from '../dashboard/grafana-probe';
import { chaosProblems } from '../chaos/chaos-errors';
import { LoadTestUnavailableError } from '../dashboard/load-test-control';

export interface ApiContext {
  core: AppCore;
  transport: AppInfo['transport'];
}

const api = implement(contract).$context<ApiContext>();

/** The implementation of the contract; each transport mounts this same router. */
export const router = api.router({
  app: {
    info: api.app.info.handler(({ context }) => ({ ...context.core.info, transport: context.transport })),
  },
  stack: {
    snapshot: api.stack.snapshot.handler(({ context }) => context.core.stack.snapshot),
    watch: api.stack.watch.handler(async function* ({ context, signal }) {
      yield* context.core.stack.watch(signal);
    }),
    start: api.stack.start.handler(({ context }) => context.core.control.start()),
    stop: api.stack.stop.handler(({ context }) => context.core.control.stop()),
    operation: api.stack.operation.handler(async function* ({ context, signal }) {
      yield* context.core.control.watch(signal);
    }),
    logs: api.stack.logs.handler(async function* ({ context, input, signal }) {
      yield* context.core.logs(input.service, signal ?? new AbortController().signal, input.tail);
    }),
  },
  dashboard: {
    watch: api.dashboard.watch.handler(async function* ({ context, signal }) {
      yield* context.core.dashboard.watch(signal);
    }),
    timeline: api.dashboard.timeline.handler(async function* ({ context, signal }) {
      yield* context.core.timeline.watch(signal);
    }),
    grafana: api.dashboard.grafana.handler(({ context }) => probeGrafana(context.core.endpoints.grafanaUrl)),
  },
  slides: {
    deck: api.slides.deck.handler(async function* ({ context, signal }) {
      yield* context.core.slides.deck.watch(signal);
    }),
    session: api.slides.session.handler(async function* ({ context, signal }) {
      yield* context.core.slides.session.watch(signal);
    }),
    command: api.slides.command.handler(({ context, input }) => context.core.slides.command(input)),
    run: api.slides.run.handler(({ context, input }) => context.core.slides.runAction(input.commandId)),
    actions: api.slides.actions.handler(async function* ({ context, signal }) {
      yield* context.core.slides.actions.watch(signal);
    }),
    loadTest: api.slides.loadTest.handler(({ context }) => context.core.slides.loadTest()),
  },
  preflight: {
    watch: api.preflight.watch.handler(async function* ({ context, signal }) {
      yield* context.core.preflight.watch(signal);
    }),
    run: api.preflight.run.handler(({ context }) => context.core.preflight.run()),
    fix: api.preflight.fix.handler(({ context, input }) => context.core.preflight.fix(input.fix)),
    tick: api.preflight.tick.handler(({ context, input }) => context.core.preflight.tickBusinessValue(input.checked)),
    save: api.preflight.save.handler(({ context }) => context.core.preflight.save()),
  },
  chaos: {
    watch: api.chaos.watch.handler(async function* ({ context, signal }) {
      yield* context.core.chaos.watch(signal);
    }),
    inject: api.chaos.inject.handler(({ context, input }) => chaosProblems(() => context.core.chaos.inject(input))),
    revert: api.chaos.revert.handler(({ context, input }) => chaosProblems(async () => (await context.core.chaos.revert(input.faultId), context.core.chaos.state))),
    resetAll: api.chaos.resetAll.handler(({ context }) => chaosProblems(() => context.core.chaos.resetAll())),
    blackFriday: api.chaos.blackFriday.handler(({ context, input }) => chaosProblems(() => context.core.chaos.startBlackFriday(input.factor, input.seconds))),
    autoscaler: api.chaos.autoscaler.handler(({ context, input }) => context.core.chaos.configureAutoscaler(input)),
    watchdog: api.chaos.watchdog.handler(({ context, input }) => context.core.chaos.setWatchdog(input.enabled)),
  },
  loadTest: {
    configure: api.loadTest.configure.handler(({ context, input }) => unavailableAs503(() => context.core.loadTest.configure(input.targetRps))),
    start: api.loadTest.start.handler(({ context }) => unavailableAs503(() => context.core.loadTest.start())),
    stop: api.loadTest.stop.handler(({ context }) => unavailableAs503(() => context.core.loadTest.stop())),
  },
});
export type Router = typeof router;

/** A dependency that is down is the stack's state, not a bug: say so with a status the UI can show. */
async function unavailableAs503<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LoadTestUnavailableError) throw new ORPCError('SERVICE_UNAVAILABLE', { message: error.message });
    throw error;
  }
}
