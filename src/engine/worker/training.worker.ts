/**
 * The Web Worker entry: wires the worker's message port to a TrainingHost. All the logic lives in
 * host.ts so that it can be tested in Node without a Worker.
 */
import type { ClientMessage, HostMessage } from './protocol';
import { TrainingHost } from './host';

/** The parts of DedicatedWorkerGlobalScope used here (the project compiles against the DOM lib). */
interface WorkerScope {
  postMessage(message: HostMessage, options: { transfer: Transferable[] }): void;
  onmessage: ((event: MessageEvent<ClientMessage>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const host = new TrainingHost((message, transfer) => scope.postMessage(message, { transfer }));

scope.onmessage = (event) => void host.receive(event.data);
