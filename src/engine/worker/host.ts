/**
 * The training host: receives ClientMessages, trains, and posts HostMessages. It knows nothing of
 * Workers — it is given a `post` function — so the same class runs in the worker
 * (training.worker.ts) and in Node tests with a fake `post`.
 *
 * One host serves several runs (figures share a worker): it keeps one RunSession per run id, all on
 * one backend. Each session runs as a loop of chunks, each chunk followed by a yield (a posted
 * message in a browser, `setTimeout(0)` in Node), so
 * that messages sent while training ('pause', 'snapshot', 'dispose', another run's commands) are
 * handled between chunks and running sessions take turns. The number of iterations per chunk adapts
 * to the measured speed so that one 'progress' message goes out about every `frameMs` (sessions
 * that take turns train for equal slices of it instead); a run
 * starts with chunks of one iteration (its cost is unknown), and a chunk at most doubles the last,
 * so a slow setting never disappears into one long chunk. 'ping' is answered at once, outside the
 * queues: the page's watchdog replaces a worker that does not answer (one step that takes minutes).
 */
import { initBackend } from '../backend';
import { parseExperiment } from '../experiments/schema';
import { createSessionOn, TrainingDivergedError, type Session } from '../kinds';
import type { BackendName, BackendReport, ClientMessage, HostMessage, RunCommand, RunMessage, Snapshot, SnapshotRequest, StepMetrics } from './protocol';

/**
 * In a browser (a worker, or the page's main thread), yield between chunks through a MessageChannel;
 * in Node (tests, the command line) through setTimeout(0), which Node does not clamp.
 */
const yieldChannel = (() => {
  const inBrowser = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined' || typeof (globalThis as { window?: unknown }).window !== 'undefined';
  if (!inBrowser || typeof MessageChannel === 'undefined') return null;
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return {
    post(callback: () => void): void {
      queue.push(callback);
      channel.port2.postMessage(null);
    },
  };
})();

export type PostMessage = (message: HostMessage, transfer: Transferable[]) => void;

export interface TrainingHostOptions {
  /** Milliseconds clock; default performance.now. */
  now?: () => number;
}

/** Default time between progress messages while running: about three animation frames. */
export const defaultFrameMs = 50;
/**
 * The share of a worker's training time that snapshots may take (issue 14 asks for at most 10 %;
 * the measured share also counts the gaps between chunks, hence 8 %)…
 */
const snapshotShare = 0.08;
/** …as long as a figure still redraws at least this often (ms). */
const slowestFrameMs = 250;

/**
 * Time between progress messages while running: frameMs, stretched when snapshots are costly so
 * that they take at most snapshotShare of the time left to train (a big heat map, or a fast
 * training path, would otherwise spend much of the worker on drawing), unless that would redraw
 * less often than every slowestFrameMs; then snapshots may take up to half of the interval.
 * A run taking turns with others (`sharing` runs in all) trains for only its share of each
 * interval, so the whole rule applies to that share: every interval is `sharing` times longer.
 */
export function progressInterval(frameMs: number, msPerSnapshot: number, sharing = 1): number {
  const forShare = msPerSnapshot * (1 + 1 / snapshotShare);
  return Math.max(frameMs, sharing * Math.min(forShare, Math.max(slowestFrameMs, 2 * msPerSnapshot)));
}
/** Bounds on iterations per chunk: at least one; at most enough to keep the host responsive. */
const maxIterationsPerChunk = 1000;
/** A chunk predicted to take longer than this is announced with 'busy' before it starts. */
const busyAnnounceMs = 250;

export class TrainingHost {
  private readonly post: PostMessage;
  private readonly now: () => number;
  private backend: Promise<BackendReport> | null = null;
  private readonly sessions = new Map<string, RunSession>();

  constructor(post: PostMessage, options: TrainingHostOptions = {}) {
    this.post = post;
    this.now = options.now ?? (() => performance.now());
  }

  /** Handle one message; resolves when it has been dealt with (tests await it). */
  receive(message: ClientMessage): Promise<void> {
    if (message.type === 'ping') {
      this.post({ type: 'pong', id: message.id }, []);
      return Promise.resolve();
    }
    if (message.type === 'warm') {
      // Failures are reported to the run that needs the backend, when it asks.
      return this.loadBackend(message.backend).then(
        () => undefined,
        () => undefined,
      );
    }
    const { runId } = message;
    let session = this.sessions.get(runId);
    if (!session) {
      if (message.type === 'dispose') return Promise.resolve();
      session = new RunSession(
        (reply, transfer) => this.post({ ...reply, runId } as HostMessage, transfer),
        (preferred) => this.loadBackend(preferred),
        this.now,
        () => this.runningCount,
      );
      this.sessions.set(runId, session);
    }
    const done = session.receive(message);
    if (message.type === 'dispose') this.sessions.delete(runId);
    return done;
  }

  /** Run ids with a live session (tests). */
  get runIds(): string[] {
    return [...this.sessions.keys()];
  }

  /** True while any run's loop is active. */
  get isRunning(): boolean {
    return this.runningCount > 0;
  }

  /** Runs whose loop is active (they take turns on this host). */
  private get runningCount(): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.isRunning) count++;
    return count;
  }

  /** One backend per host: choosing again would re-register kernels for nothing. */
  private loadBackend(preferred?: BackendName): Promise<BackendReport> {
    if (!this.backend) {
      const loading = initBackend(preferred);
      this.backend = loading;
      loading.catch(() => {
        if (this.backend === loading) this.backend = null;
      });
    }
    return this.backend;
  }
}

type PostRunMessage = (message: RunMessage, transfer: Transferable[]) => void;

/** One run's session in a host: what a worker did for its one figure before workers were shared. */
class RunSession {
  private readonly post: PostRunMessage;
  private readonly loadBackend: (preferred?: BackendName) => Promise<BackendReport>;
  private readonly now: () => number;
  private trainer: Session | null = null;
  /** Set when the current trainer diverged: it cannot train further until the next 'init'. */
  private diverged: TrainingDivergedError | null = null;
  private request: SnapshotRequest = {};
  /** Messages are handled one at a time, in order, even though 'init' awaits the backend. */
  private queue: Promise<void> = Promise.resolve();

  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frameMs = defaultFrameMs;
  /** Measured cost of one iteration in ms (moving average); null until the first iteration is timed. */
  private msPerIteration: number | null = null;
  /** Iterations in the last chunk (a chunk at most doubles it). */
  private lastChunk = 0;
  /** Measured cost of one snapshot in ms (moving average). */
  private msPerSnapshot = 0;
  /** Metrics and time since the last progress message. */
  private pendingMetrics: StepMetrics[] = [];
  private lastProgressAt = 0;
  private lastStepsPerSecond = 0;
  /** Ms spent in train() since the last progress message (reported with it). */
  private trainMsSinceProgress = 0;

  /** Runs taking turns on this host, this one included when it runs. */
  private readonly runningOnHost: () => number;

  constructor(post: PostRunMessage, loadBackend: (preferred?: BackendName) => Promise<BackendReport>, now: () => number, runningOnHost: () => number) {
    this.post = post;
    this.loadBackend = loadBackend;
    this.now = now;
    this.runningOnHost = runningOnHost;
  }

  receive(message: RunCommand): Promise<void> {
    this.queue = this.queue.then(() => this.handle(message));
    return this.queue;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async handle(message: RunCommand): Promise<void> {
    try {
      switch (message.type) {
        case 'init':
          return await this.init(message.experiment, message.snapshot, message.backend);
        case 'run':
          return this.run(message.frameMs);
        case 'pause':
          return this.pause();
        case 'step':
          return this.stepBy(message.count);
        case 'snapshot':
          this.request = message.snapshot;
          this.msPerSnapshot = 0; // a new request has a new cost
          if (this.trainer) this.sendProgress();
          return;
        case 'dispose':
          return this.dispose();
        default: {
          const unknown: never = message;
          throw new Error(`unknown message ${JSON.stringify(unknown)}`);
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async init(input: unknown, request: SnapshotRequest, preferred?: BackendName): Promise<void> {
    this.dispose();
    // Validate here too: the page may send an experiment decoded from a link or edited by hand.
    const parsed = parseExperiment(input);
    if (!parsed.ok) {
      this.send({ type: 'error', kind: 'invalid', message: `The experiment's settings are invalid: ${parsed.errors.join('; ')}.` });
      return;
    }
    let backend: BackendReport;
    try {
      backend = await this.loadBackend(preferred);
    } catch (error) {
      this.send({
        type: 'error',
        kind: 'backend',
        message: `No TensorFlow.js backend could start in this browser (${errorText(error)}), so the figure cannot train here.`,
      });
      return;
    }
    // On WASM, a small dense GAN trains on the fused fast path ('wasm-fused') unless plain WASM was asked for.
    ({ session: this.trainer, backend } = await createSessionOn(parsed.experiment, backend, preferred));
    this.request = request;
    this.msPerSnapshot = 0;
    this.pendingMetrics = [];
    this.lastStepsPerSecond = 0;
    this.msPerIteration = null;
    this.lastChunk = 0;
    const snapshot = this.trainer.snapshot(request);
    this.send({ type: 'ready', backend, snapshot });
  }

  private run(frameMs?: number): void {
    if (!this.trainer || this.running) return;
    if (this.diverged) return this.reportDivergence(this.diverged);
    if (frameMs !== undefined && Number.isFinite(frameMs) && frameMs > 0) this.frameMs = frameMs;
    if (this.remaining() === 0) {
      this.send({ type: 'finished', step: this.trainer.step });
      return;
    }
    this.running = true;
    this.pendingMetrics = [];
    this.lastProgressAt = this.now();
    this.schedule();
  }

  private pause(): void {
    const wasRunning = this.running;
    this.stopLoop();
    // Confirm with running: false, and deliver the metrics of the last partial frame so that the
    // page's charts miss no iteration.
    if (wasRunning && this.trainer) this.sendProgress();
  }

  private stepBy(count: number): void {
    if (!this.trainer) return;
    this.pause();
    const iterations = Math.min(Math.max(0, Math.floor(count)), this.remaining());
    this.announce(iterations);
    const startedAt = this.now();
    if (iterations > 0 && !this.train(iterations)) return;
    const elapsed = this.now() - startedAt;
    if (iterations > 0 && elapsed > 0) this.lastStepsPerSecond = (1000 * iterations) / elapsed;
    this.sendProgress();
    if (this.remaining() === 0) this.send({ type: 'finished', step: this.trainer.step });
  }

  private dispose(): void {
    this.stopLoop();
    this.pendingMetrics = [];
    this.trainer?.dispose();
    this.trainer = null;
    this.diverged = null;
  }

  private stopLoop(): void {
    this.running = false;
    if (this.timer !== null && !yieldChannel) clearTimeout(this.timer);
    this.timer = null;
  }

  // ── The run loop ──────────────────────────────────────────────────────────────────────────────

  private schedule(): void {
    const run = () => {
      this.timer = null;
      // A chunk runs outside the message queue; keep its failures on the same path.
      try {
        this.chunk();
      } catch (error) {
        this.fail(error);
      }
    };
    if (yieldChannel) {
      // A browser clamps nested setTimeout(0) to ≥ 4 ms; a posted message yields without waiting,
      // and still after the messages (pause, snapshot, other runs' commands) already queued.
      const token = {};
      this.timer = token as ReturnType<typeof setTimeout>;
      yieldChannel.post(() => {
        if (this.timer === token) run();
      });
      return;
    }
    this.timer = setTimeout(run, 0);
  }

  private frameInterval(): number {
    // Spaced by the run's own training, not the wall clock: otherwise a run taking turns with others
    // spends that many times the share on snapshots (three figures on one worker: 12.8 % of training).
    return progressInterval(this.frameMs, this.msPerSnapshot, Math.max(1, this.runningOnHost()));
  }

  private chunk(): void {
    if (!this.running || !this.trainer) return;
    const sinceProgress = this.now() - this.lastProgressAt;
    // Alone, a run trains until its next progress is due. Sharing the host, every run trains for the
    // same slice per turn: with the time left to its progress instead, a run whose progress comes
    // rarely (costly snapshots stretch its interval) trained for a long chunk, and the others, whose
    // progress was overdue by then, for one iteration per turn (three figures on one worker: the
    // ring figure took 64 % of the worker, the other two 7 % each).
    const sharing = this.runningOnHost();
    const budget = sharing > 1 ? this.frameMs / sharing : Math.max(0, this.frameInterval() - sinceProgress);
    const iterations =
      this.msPerIteration === null
        ? 1
        : Math.min(this.remaining(), maxIterationsPerChunk, 2 * Math.max(1, this.lastChunk), Math.max(1, Math.round(budget / this.msPerIteration)));
    this.announce(iterations);
    const startedAt = this.now();
    if (!this.train(iterations)) return;
    const elapsed = this.now() - startedAt;
    this.trainMsSinceProgress += elapsed;
    this.lastChunk = iterations;
    const measured = Math.max(elapsed / iterations, 0.01);
    // Moving average, so one slow chunk (garbage collection, a tab switch) does not swing the size.
    this.msPerIteration = this.msPerIteration === null ? measured : 0.7 * this.msPerIteration + 0.3 * measured;

    const done = this.remaining() === 0;
    if (done || this.now() - this.lastProgressAt >= this.frameInterval()) {
      const seconds = (this.now() - this.lastProgressAt) / 1000;
      if (seconds > 0) this.lastStepsPerSecond = this.pendingMetrics.length / seconds;
      if (done) this.running = false;
      this.sendProgress();
    }
    if (done) {
      this.send({ type: 'finished', step: this.trainer.step });
      return;
    }
    this.schedule();
  }

  /** Say 'busy' before training whose length is unknown or predicted long (see the protocol). */
  private announce(iterations: number): void {
    if (iterations <= 0) return;
    if (this.msPerIteration === null || iterations * this.msPerIteration > busyAnnounceMs) this.send({ type: 'busy', iterations });
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────────

  private remaining(): number {
    return this.trainer ? Math.max(0, this.trainer.experiment.training.steps - this.trainer.step) : 0;
  }

  /** Train and collect metrics; on divergence, stop, tell the page and return false. */
  private train(iterations: number): boolean {
    if (this.diverged) return this.reportDivergence(this.diverged), false;
    try {
      this.pendingMetrics.push(...this.trainer!.train(iterations));
      return true;
    } catch (error) {
      if (!(error instanceof TrainingDivergedError)) throw error;
      this.diverged = error;
      this.stopLoop();
      this.pendingMetrics = [];
      this.reportDivergence(error);
      return false;
    }
  }

  private reportDivergence(error: TrainingDivergedError): void {
    // The trainer's message already says which number went bad and suggests a lower learning rate.
    this.send({
      type: 'error',
      kind: 'diverged',
      step: error.step,
      message: `${error.message.trim()} Reset the figure to start again.`,
    });
  }

  private sendProgress(): void {
    const trainer = this.trainer!;
    const startedAt = this.now();
    const snapshot = trainer.snapshot(this.request);
    const snapshotMs = this.now() - startedAt;
    this.msPerSnapshot = this.msPerSnapshot === 0 ? snapshotMs : 0.7 * this.msPerSnapshot + 0.3 * snapshotMs;
    const metrics = this.pendingMetrics;
    this.pendingMetrics = [];
    this.lastProgressAt = this.now();
    const trainMs = this.trainMsSinceProgress;
    this.trainMsSinceProgress = 0;
    this.send({
      type: 'progress',
      step: trainer.step,
      running: this.running,
      stepsPerSecond: this.lastStepsPerSecond,
      metrics,
      snapshot,
      trainMs,
      snapshotMs,
    });
  }

  private fail(error: unknown): void {
    this.stopLoop();
    this.send({
      type: 'error',
      kind: 'internal',
      message: `Something went wrong in the training worker: ${errorText(error)}. Reloading the page may help.`,
    });
  }

  /** Post a message, transferring (copies of) its Float32Arrays. */
  private send(message: RunMessage): void {
    const transfer: Transferable[] = [];
    if (message.type === 'ready' || message.type === 'progress') {
      message.snapshot = transferableSnapshot(message.snapshot, transfer);
    }
    this.post(message, transfer);
  }
}

/**
 * A copy of the snapshot in which every Float32Array (at any depth, so fields added to the protocol
 * later are covered too) owns a fresh buffer, listed once in `transfer`.
 * Why copy: an array read from a tensor may be a view of the backend's own storage, or two fields
 * may share one array (the grid's x often is); transferring such a buffer would detach it under
 * TensorFlow.js or throw a DataCloneError. The copies are small (a few thousand numbers).
 */
export function transferableSnapshot(snapshot: Snapshot, transfer: Transferable[]): Snapshot {
  const copy = (value: unknown): unknown => {
    if (value instanceof Float32Array) {
      const owned = new Float32Array(value);
      transfer.push(owned.buffer);
      return owned;
    }
    if (Array.isArray(value)) return value.map(copy);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copy(inner)]));
    }
    return value;
  };
  return copy(snapshot) as Snapshot;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message.replace(/\.$/, '');
  return String(error);
}
