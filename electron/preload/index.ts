import { contextBridge, ipcRenderer } from 'electron';

// The only thing the page gets from the preload: a way to hand the main process one end of a MessageChannel.
// No ipcRenderer, no Node. The page posts the port to itself; the isolated preload forwards it.
const CONNECT_CHANNEL = 'ha-demo:api-connect';
const CONNECT_MESSAGE = 'ha-demo:api-connect';

window.addEventListener('message', (event) => {
  if (event.data !== CONNECT_MESSAGE) return;
  const [port] = event.ports;
  if (port) ipcRenderer.postMessage(CONNECT_CHANNEL, null, [port]);
});

contextBridge.exposeInMainWorld('haDemoDesktop', { connectMessage: CONNECT_MESSAGE });
