/**
 * The page's side of the training worker: one TrainingClient per live figure. It starts the worker
 * lazily (a figure that is never run costs nothing), sends typed messages and hands every reply to
 * its listeners. A crash of the worker itself arrives as an ordinary 'error' message.
 */
import type { AnyExperiment } from '../experiments/schema';
import type { BackendName, ClientMessage, HostMessage, SnapshotRequest } from './protocol';

export type ReadyMessage = Extract<HostMessage, { type: 'ready' }>;
export type ErrorMessage = Extract<HostMessage, { type: 'error' }>;

/** Rejection of init(): carries the host's error kind and its reader-facing sentence. */
export class TrainingClientError extends Error {
  readonly kind: ErrorMessage['kind'];
  constructor(message: ErrorMessage) {
    super(message.message);
    this.name = 'TrainingClientError';
    this.kind = message.kind;
  }
}

interface PendingInit {
  resolve: (message: ReadyMessage) => void;
  reject: (error: TrainingClientError) => void;
}

export class TrainingClient {
  private readonly backend?: BackendName;
  private worker: Worker | null = null;
  private readonly listeners = new Set<(message: HostMessage) => void>();
  /** Inits awaiting their reply, oldest first (the host answers them in order). */
  private pendingInits: PendingInit[] = [];

  constructor(options: { backend?: BackendName } = {}) {
    this.backend = options.backend;
  }

  /** (Re)build the trainer in the worker; resolves with 'ready' or rejects with the host's error. */
  init(experiment: AnyExperiment, snapshot: SnapshotRequest): Promise<ReadyMessage> {
    return new Promise((resolve, reject) => {
      this.pendingInits.push({ resolve, reject });
      this.send({ type: 'init', experiment, snapshot, ...(this.backend ? { backend: this.backend } : {}) });
    });
  }

  run(frameMs?: number): void {
    this.send(frameMs === undefined ? { type: 'run' } : { type: 'run', frameMs });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  step(count: number): void {
    this.send({ type: 'step', count });
  }

  setSnapshot(request: SnapshotRequest): void {
    this.send({ type: 'snapshot', snapshot: request });
  }

  /** Listen to every message from the worker; returns the function that stops listening. */
  onMessage(listener: (message: HostMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stop the worker and free everything it held. The client can be initialised again afterwards. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    const pending = this.pendingInits;
    this.pendingInits = [];
    for (const init of pending) {
      init.reject(new TrainingClientError({ type: 'error', kind: 'internal', message: 'The figure was closed before training could start.' }));
    }
  }

  private send(message: ClientMessage): void {
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<HostMessage>) => this.deliver(event.data));
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      const detail = event.message ? ` (${event.message})` : '';
      this.deliver({
        type: 'error',
        kind: 'internal',
        message: `The training worker stopped with an error${detail}. Reloading the page may help.`,
      });
    });
    worker.addEventListener('messageerror', () => {
      this.deliver({
        type: 'error',
        kind: 'internal',
        message: 'A message from the training worker could not be read. Reloading the page may help.',
      });
    });
    this.worker = worker;
    return worker;
  }

  private deliver(message: HostMessage): void {
    if (message.type === 'ready') this.pendingInits.shift()?.resolve(message);
    // A divergence is never an answer to init; any other error while an init waits is its answer.
    else if (message.type === 'error' && message.kind !== 'diverged') this.pendingInits.shift()?.reject(new TrainingClientError(message));
    for (const listener of [...this.listeners]) listener(message);
  }
}
