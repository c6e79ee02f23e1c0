/**
 * The page's training workers. Figures share a small pool (for the figures that take the default
 * backend, at most two workers, one on a two-core machine: `trainingWorkersFor`): each TrainingClient
 * is one run on one worker, and its messages carry its run id. The pool also keeps every figure
 * stoppable:
 *
 * - **Watchdog.** Whenever a run sends a command that should take effect at once (pause, init,
 *   dispose, a new snapshot request) while some run on that worker has announced a piece of training
 *   of unknown or long duration ('busy', not yet followed by a report), the pool pings the worker. A
 *   worker whose event loop is free answers within milliseconds; one that does not answer within
 *   `pingTimeoutMs` is stuck in a long step (a huge network, batch or k) and is terminated and
 *   replaced. Without an announced long piece the worker is only ever busy for a chunk of about a
 *   frame, or building a session (a big network's first snapshot may take seconds, and must not be
 *   mistaken for a stuck step: the figure would rebuild it forever), so it is not pinged. The run that held it (the last
 *   to announce 'busy') is told `replaced` with `cause: 'stuck'`; every other run on that worker is
 *   told `cause: 'moved'` and restarts on the new worker — never silently.
 * - **Warming.** `warm()` starts a worker and its backend before a figure needs it (the figure calls
 *   it when it approaches the screen).
 * - **Release.** A worker with no runs is terminated after `idleReleaseMs`.
 */
import type { BackendName, ClientMessage, HostMessage, RunCommand, RunMessage } from './protocol';

/** What the pool needs of a worker (a Web Worker, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: ClientMessage): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: HostMessage }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string; preventDefault(): void }) => void): void;
  addEventListener(type: 'messageerror', listener: () => void): void;
}

/** A run's view of the pool: where its host's replies and the pool's own notices arrive. */
export interface PoolMember {
  readonly runId: string;
  readonly backend?: BackendName;
  /** A message of this run's session. */
  deliver(message: RunMessage): void;
  /** The worker was replaced: `stuck` when this run held it, `moved` when another run did; `crashed` when it died. */
  replaced(cause: 'stuck' | 'moved' | 'crashed', detail: string): void;
}

export interface WorkerPoolOptions {
  /** Workers for runs on the default backend (runs that ask for a given backend get their own). */
  maxWorkers?: number;
  pingTimeoutMs?: number;
  idleReleaseMs?: number;
  createWorker?: () => WorkerLike;
}

interface Slot {
  worker: WorkerLike;
  backend: BackendName | undefined;
  members: Map<string, PoolMember>;
  /** The run that last announced a long piece of training, until it reports again. */
  busyRun: string | null;
  /** The ping awaiting its pong, and its deadline timer. */
  ping: { id: number; timer: ReturnType<typeof setTimeout> } | null;
  /** A command went out after the outstanding ping: its pong proves nothing about it, so ping again. */
  recheck: boolean;
  idleTimer: ReturnType<typeof setTimeout> | null;
  warmed: boolean;
}

let nextPingId = 1;

export class WorkerPool {
  readonly maxWorkers: number;
  readonly pingTimeoutMs: number;
  readonly idleReleaseMs: number;
  private readonly createWorker: () => WorkerLike;
  private slots: Slot[] = [];
  /** Workers started so far (tests and the report count them). */
  started = 0;

  constructor(options: WorkerPoolOptions = {}) {
    this.maxWorkers = options.maxWorkers ?? 2;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 1000;
    this.idleReleaseMs = options.idleReleaseMs ?? 60_000;
    this.createWorker =
      options.createWorker ?? (() => new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike);
  }

  /** Workers alive now. */
  get size(): number {
    return this.slots.length;
  }

  /** Send a run's command to its worker (joining one first), with a ping for commands that must take effect now. */
  send(member: PoolMember, command: RunCommand): void {
    const slot = this.slotOf(member) ?? this.join(member);
    slot.worker.postMessage({ ...command, runId: member.runId } as ClientMessage);
    if (command.type !== 'run' && command.type !== 'step' && slot.busyRun !== null) this.checkAlive(slot);
  }

  /** Start the worker (and its backend) that this run will use, ahead of its first command. */
  warm(member: PoolMember): void {
    const slot = this.slotOf(member) ?? this.join(member);
    if (slot.warmed) return;
    slot.warmed = true;
    slot.worker.postMessage(member.backend ? { type: 'warm', backend: member.backend } : { type: 'warm' });
  }

  /**
   * Get a worker ready for the next figure on the default backend: warm an idle worker, or start one
   * if under the limit (the next run to join prefers a worker without runs). Released like any idle worker.
   */
  warmAhead(): void {
    const idle = this.slots.find((slot) => slot.backend === undefined && slot.members.size === 0);
    const defaults = this.slots.filter((slot) => slot.backend === undefined).length;
    const slot = idle ?? (defaults < this.maxWorkers ? this.startSlot(undefined) : null);
    if (!slot || slot.warmed) return;
    slot.warmed = true;
    slot.worker.postMessage({ type: 'warm' });
    this.scheduleRelease(slot);
  }

  /** The run is gone: free its session; a worker left without runs is released later. */
  leave(member: PoolMember): void {
    const slot = this.slotOf(member);
    if (!slot) return;
    slot.worker.postMessage({ type: 'dispose', runId: member.runId });
    if (slot.busyRun !== null) this.checkAlive(slot);
    slot.members.delete(member.runId);
    if (slot.busyRun === member.runId) slot.busyRun = null;
    this.scheduleRelease(slot);
  }

  /** Terminate every worker (page teardown, tests). */
  close(): void {
    for (const slot of this.slots.splice(0)) this.terminate(slot);
  }

  private slotOf(member: PoolMember): Slot | undefined {
    return this.slots.find((slot) => slot.members.get(member.runId) === member);
  }

  /** The least-loaded worker of the member's backend; a new one while under the limit. */
  private join(member: PoolMember): Slot {
    const candidates = this.slots.filter((slot) => slot.backend === member.backend);
    const limit = member.backend === undefined ? this.maxWorkers : 1;
    const emptiest = candidates.reduce<Slot | null>((best, slot) => (!best || slot.members.size < best.members.size ? slot : best), null);
    const slot = emptiest && (emptiest.members.size === 0 || candidates.length >= limit) ? emptiest : this.startSlot(member.backend);
    slot.members.set(member.runId, member);
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    return slot;
  }

  private startSlot(backend: BackendName | undefined): Slot {
    const worker = this.createWorker();
    this.started += 1;
    const slot: Slot = { worker, backend, members: new Map(), busyRun: null, ping: null, recheck: false, idleTimer: null, warmed: false };
    worker.addEventListener('message', (event) => this.onMessage(slot, event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const detail = event.message ? ` (${event.message})` : '';
      this.replace(slot, null, 'crashed', `The training worker stopped with an error${detail}.`);
    });
    worker.addEventListener('messageerror', () => {
      for (const member of slot.members.values()) {
        member.deliver({ type: 'error', kind: 'internal', message: 'A message from the training worker could not be read. Reloading the page may help.' });
      }
    });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, message: HostMessage): void {
    if (message.type === 'pong') {
      if (slot.ping?.id === message.id) {
        clearTimeout(slot.ping.timer);
        slot.ping = null;
        if (slot.recheck) this.checkAlive(slot);
      }
      return;
    }
    const { runId, ...rest } = message;
    const reply = rest as RunMessage;
    if (reply.type === 'busy') slot.busyRun = runId;
    else if (slot.busyRun === runId) slot.busyRun = null;
    slot.members.get(runId)?.deliver(reply);
  }

  /** Ping the worker; replace it if the pong does not come in time. */
  private checkAlive(slot: Slot): void {
    if (slot.ping) {
      slot.recheck = true;
      return;
    }
    slot.recheck = false;
    const id = nextPingId++;
    const timer = setTimeout(() => {
      if (slot.ping?.id !== id) return;
      slot.ping = null;
      const seconds = Math.round(this.pingTimeoutMs / 100) / 10;
      this.replace(slot, slot.busyRun, 'stuck', `one training step took longer than ${seconds} s`);
    }, this.pingTimeoutMs);
    slot.ping = { id, timer };
    slot.worker.postMessage({ type: 'ping', id });
  }

  /** Terminate the slot's worker and tell each of its runs; they join a fresh worker on their next command. */
  private replace(slot: Slot, culprit: string | null, cause: 'stuck' | 'crashed', detail: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    this.terminate(slot);
    for (const member of slot.members.values()) {
      member.replaced(cause === 'crashed' ? 'crashed' : member.runId === culprit ? 'stuck' : 'moved', detail);
    }
  }

  private terminate(slot: Slot): void {
    if (slot.ping) clearTimeout(slot.ping.timer);
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    slot.ping = null;
    slot.idleTimer = null;
    slot.worker.terminate();
  }

  private scheduleRelease(slot: Slot): void {
    if (slot.members.size > 0 || slot.idleTimer !== null) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (slot.members.size > 0) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      this.terminate(slot);
    }, this.idleReleaseMs);
  }
}

let pagePool: WorkerPool | null = null;

/**
 * Training workers for a machine of `cores` logical cores: one core is left to the page (its drawing,
 * the compositor, the reader's input), and two at most; two where the count is unknown. On two cores
 * with three figures training on screen, two busy workers stretched the page's frames of 10–20 ms of
 * CPU into tasks of 51–115 ms; with one, 32–75 ms, most under 50 (docs/performance-log.md, "One core
 * for the page").
 */
export function trainingWorkersFor(cores: number | undefined): number {
  if (!cores || !Number.isFinite(cores)) return 2;
  return Math.min(2, Math.max(1, Math.floor(cores) - 1));
}

/** The page's shared pool (created on first use). */
export function sharedPool(): WorkerPool {
  pagePool ??= new WorkerPool({ maxWorkers: trainingWorkersFor(globalThis.navigator?.hardwareConcurrency) });
  return pagePool;
}
