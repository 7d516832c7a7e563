import { createORPCClient } from '@orpc/client';
import { RPCLink as FetchLink } from '@orpc/client/fetch';
import { RPCLink as PortLink } from '@orpc/client/message-port';
import type { ContractRouterClient } from '@orpc/contract';
import { createTanstackQueryUtils } from '@orpc/tanstack-query';
import type { Contract } from '../../../electron/core/contract';

declare global {
  interface Window {
    /** Present only in the desktop app (set by the preload script). */
    haDemoDesktop?: { connectMessage: string };
  }
}

export type ApiClient = ContractRouterClient<Contract>;

/**
 * The UI's only door to the Node side. In the desktop app it is a MessagePort handed to the main process; in web
 * mode it is HTTP on the same origin. Nothing above this module knows which.
 */
function createLink() {
  const desktop = window.haDemoDesktop;
  if (desktop) {
    const { port1, port2 } = new MessageChannel();
    window.postMessage(desktop.connectMessage, '*', [port2]);
    port1.start();
    return new PortLink({ port: port1 });
  }
  return new FetchLink({ url: `${window.location.origin}/rpc` });
}

export const client: ApiClient = createORPCClient(createLink());
export const api = createTanstackQueryUtils(client);
