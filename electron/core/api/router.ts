import { implement } from '@orpc/server';
import { contract, type AppInfo } from '../contract';
import type { AppCore } from '../app-core';

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
  },
});
export type Router = typeof router;
