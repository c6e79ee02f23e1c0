/**
 * The page's side of training: one TrainingClient per run (a figure, or one variant of a figure).
 * Clients share the page's worker pool (pool.ts): a client joins a worker lazily (a figure that is
 * never run costs nothing), sends typed messages tagged with its run id and hands every reply to its
 * listeners. A crash of the worker arrives as an ordinary 'error' message; the pool replacing a
 * stuck worker arrives as a 'replaced' event.
 */
import type { AnyExperiment } from '../experiments/schema';
import { sharedPool, type PoolMember, type WorkerPool } from './pool';
import type { BackendName, RunCommand, RunMessage, SnapshotRequest } from './protocol';

export type ReadyMessage = Extract<RunMessage, { type: 'ready' }>;
export type ErrorMessage = Extract<RunMessage, { type: 'error' }>;
/**
 * What a client's listeners receive: its session's messages, and `replaced` when the pool had to
 * replace the worker (`stuck`: this run held it in a long step; `moved`: another run did;
 * `crashed`: the worker died). After `replaced` the session is gone: init again to go on.
 */
export type ClientEvent = RunMessage | { type: 'replaced'; cause: 'stuck' | 'moved' | 'crashed'; detail: string };

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

let nextRunId = 1;

export class TrainingClient implements PoolMember {
  readonly runId = `run-${nextRunId++}`;
  readonly backend?: BackendName;
  private readonly pool: WorkerPool;
  private readonly listeners = new Set<(message: ClientEvent) => void>();
  /** Inits awaiting their reply, oldest first (the host answers them in order). */
  private pendingInits: PendingInit[] = [];

  constructor(options: { backend?: BackendName; pool?: WorkerPool } = {}) {
    this.backend = options.backend;
    this.pool = options.pool ?? sharedPool();
  }

  /** (Re)build the run's session; resolves with 'ready' or rejects with the host's error. */
  init(experiment: AnyExperiment, snapshot: SnapshotRequest): Promise<ReadyMessage> {
    return new Promise((resolve, reject) => {
      this.pendingInits.push({ resolve, reject });
      this.send({ type: 'init', experiment, snapshot, ...(this.backend ? { backend: this.backend } : {}) });
    });
  }

  /** Start the worker and its backend now (the figure is about to be seen). */
  warm(): void {
    this.pool.warm(this);
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

  /** Listen to every event of this run; returns the function that stops listening. */
  onMessage(listener: (message: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Free the run's session (its worker stays for the other figures). The client can be initialised again. */
  dispose(): void {
    this.pool.leave(this);
    this.rejectPending('The figure was closed before training could start.');
  }

  // ── PoolMember ──────────────────────────────────────────────────────────────────────────────────

  deliver(message: RunMessage): void {
    if (message.type === 'ready') this.pendingInits.shift()?.resolve(message);
    // A divergence is never an answer to init; any other error while an init waits is its answer.
    else if (message.type === 'error' && message.kind !== 'diverged') this.pendingInits.shift()?.reject(new TrainingClientError(message));
    this.emit(message);
  }

  replaced(cause: 'stuck' | 'moved' | 'crashed', detail: string): void {
    this.rejectPending('The training worker was replaced before training could start.');
    this.emit({ type: 'replaced', cause, detail });
  }

  private emit(message: ClientEvent): void {
    for (const listener of [...this.listeners]) listener(message);
  }

  private rejectPending(text: string): void {
    const pending = this.pendingInits;
    this.pendingInits = [];
    for (const init of pending) init.reject(new TrainingClientError({ type: 'error', kind: 'internal', message: text }));
  }

  private send(message: RunCommand): void {
    this.pool.send(this, message);
  }
}
