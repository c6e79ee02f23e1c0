/**
 * The in-browser half of the benchmark. `runBench` measures each requested (backend, context) pair:
 *
 * - 'main': the Trainer runs on the page's own thread, in chunks of about one animation frame with a
 *   yield to the page between chunks (what a figure without a worker would do);
 * - 'worker': the figures' real path, a TrainingClient driving the training worker with 'step'
 *   messages and an empty SnapshotRequest (so no snapshot work is timed).
 *
 * The same function backs the page's "Run benchmark" button and `window.saddleBench.run`, which
 * `npm run bench` calls through Playwright.
 */
import {
  achievedGflops,
  countKernelsPerIteration,
  measureMatmulPeak,
  measureThroughput,
  timingFor,
  type BenchRow,
  type Timing,
} from '../../../bench/measure';
import { iterationWork, workloadIds, workloads, type WorkloadId } from '../../../bench/workloads';
import { initBackend } from '../../engine/backend';
import { fastPathAccepts } from '../../engine/fast/driver';
import { Trainer } from '../../engine/kinds/gan/trainer';
import { TrainingClient, type ClientEvent } from '../../engine/worker/client';
import type { BackendName } from '../../engine/worker/protocol';
import { availableBackends, type BackendAvailability } from './backends';
import type { PeakReply, PeakRequest } from './peak.worker';

export type PageContext = 'worker' | 'main';

export const allBackends: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];
export const allContexts: readonly PageContext[] = ['worker', 'main'];

export interface BenchOptions {
  /** TensorFlow.js backends, and 'wasm-fused' (the engine's fast path; worker only). */
  backends?: BackendName[];
  contexts?: PageContext[];
  workloads?: WorkloadId[];
  /** Short windows (CI smoke runs). */
  quick?: boolean;
}

export interface Skipped {
  backend: BackendName;
  context: PageContext;
  /** Set when one workload was skipped (the fast path refuses it), not the whole backend. */
  workload?: WorkloadId;
  reason: string;
}

export interface BenchResult {
  rows: BenchRow[];
  skipped: Skipped[];
}

export type ProgressListener = (text: string) => void;

/** Chunk length on the main thread: about one animation frame, so the page stays responsive. */
const mainChunkMs = 16;
/** Chunk length in the worker: long enough that message round trips are a small share. */
const workerChunkMs = 250;

// ── Long tasks ──────────────────────────────────────────────────────────────────────────────────

interface TaskSpan {
  start: number;
  duration: number;
}

const longTasks: TaskSpan[] = [];
const longTasksSupported = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('longtask');
const longTaskObserver = longTasksSupported
  ? new PerformanceObserver((list) => recordTasks(list.getEntries()))
  : null;
longTaskObserver?.observe({ type: 'longtask', buffered: true });

function recordTasks(entries: PerformanceEntryList): void {
  for (const entry of entries) longTasks.push({ start: entry.startTime, duration: entry.duration });
}

/**
 * The longest main-thread task that overlapped [from, to]: a task that started before `from` but
 * ended after it counts (with its whole duration). 0 if no task over 50 ms (the Long Tasks API's
 * threshold) overlapped; null where the browser has no Long Tasks API.
 */
async function longestTaskBetween(from: number, to: number): Promise<number | null> {
  if (!longTaskObserver) return null;
  // Entries arrive after their task ends; give the observer a turn, then collect what is queued.
  await new Promise((resolve) => setTimeout(resolve, 100));
  recordTasks(longTaskObserver.takeRecords());
  let longest = 0;
  for (const task of longTasks) {
    if (task.start < to && task.start + task.duration > from) longest = Math.max(longest, task.duration);
  }
  return longest;
}

// ── Backends ────────────────────────────────────────────────────────────────────────────────────

/** The engine declined the backend (initBackend chose another): a skip with its reason, not a crash. */
class BackendDeclined extends Error {}

// ── One context ─────────────────────────────────────────────────────────────────────────────────

interface Measured {
  workload: WorkloadId;
  stepsPerSecond: number;
  longestTaskMs: number | null;
}

/** What one context measured: per workload, and for the backend as a whole. */
interface ContextResult {
  measured: Measured[];
  peakGflops: number;
  kernelsPerIteration: Partial<Record<WorkloadId, number>>;
}

/** Give the page a turn: a MessageChannel task runs without setTimeout's 4 ms clamp. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

async function benchMain(backend: BackendName, ids: readonly WorkloadId[], timing: Timing, progress: ProgressListener): Promise<ContextResult> {
  const report = await initBackend(backend);
  // 'wasm-fused' starts TensorFlow.js on WASM; the trainers then train on the fast path.
  if (report.name !== (backend === 'wasm-fused' ? 'wasm' : backend)) throw new BackendDeclined(`the engine declined it on the main thread: ${report.reason}`);
  const measured: Measured[] = [];
  const kernelsPerIteration: ContextResult['kernelsPerIteration'] = {};
  for (const id of ids) {
    progress(`${id}: ${backend} on the main thread…`);
    const from = performance.now();
    const trainer = backend === 'wasm-fused' ? await Trainer.createFused(workloads[id].experiment) : Trainer.create(workloads[id].experiment);
    try {
      const { stepsPerSecond } = await measureThroughput(
        async (count) => {
          trainer.train(count);
          await yieldToPage();
        },
        timing,
        mainChunkMs,
      );
      const to = performance.now();
      measured.push({ workload: id, stepsPerSecond, longestTaskMs: await longestTaskBetween(from, to) });
      kernelsPerIteration[id] = await countKernelsPerIteration((count) => trainer.train(count));
    } finally {
      trainer.dispose();
    }
  }
  progress(`matmul peak: ${backend} on the main thread…`);
  return { measured, peakGflops: await measureMatmulPeak(timing), kernelsPerIteration };
}

/** Resolve on the first 'progress' from the worker that reports step ≥ `target`; reject on an 'error'. */
function progressAt(client: TrainingClient, target: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = client.onMessage((message: ClientEvent) => {
      if (message.type === 'progress' && message.step >= target) {
        stop();
        resolve();
      } else if (message.type === 'error' || message.type === 'replaced') {
        stop();
        reject(new Error(message.type === 'error' ? message.message : `the worker was replaced: ${message.detail}`));
      }
    });
  });
}

async function benchWorker(backend: BackendName, ids: readonly WorkloadId[], timing: Timing, progress: ProgressListener): Promise<ContextResult> {
  const measured: Measured[] = [];
  for (const id of ids) {
    progress(`${id}: ${backend} in a worker…`);
    const from = performance.now();
    const client = new TrainingClient({ backend });
    try {
      const ready = await client.init(workloads[id].experiment, {});
      if (ready.backend.name !== backend) throw new BackendDeclined(`the engine declined it in a worker: ${ready.backend.reason}`);
      let step = ready.snapshot.step;
      const { stepsPerSecond } = await measureThroughput(
        (count) => {
          step += count;
          const done = progressAt(client, step);
          client.step(count);
          return done;
        },
        timing,
        workerChunkMs,
      );
      const to = performance.now();
      measured.push({ workload: id, stepsPerSecond, longestTaskMs: await longestTaskBetween(from, to) });
    } finally {
      client.dispose();
    }
  }
  progress(`matmul peak and kernel counts: ${backend} in a worker…`);
  return { measured, ...(await workerProbe(backend, ids, timing)) };
}

/**
 * The matmul peak and the kernels per iteration, measured in a dedicated worker on the same backend
 * (the training worker's protocol has no profiling message; the count depends only on the backend).
 */
function workerProbe(backend: BackendName, workloadIds: readonly WorkloadId[], timing: Timing): Promise<Omit<ContextResult, 'measured'>> {
  const worker = new Worker(new URL('./peak.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Omit<ContextResult, 'measured'>>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<PeakReply>) => {
      if (event.data.ok) resolve({ peakGflops: event.data.peakGflops, kernelsPerIteration: event.data.kernelsPerIteration });
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`the peak worker failed${event.message ? `: ${event.message}` : ''}`));
    };
    const request: PeakRequest = { backend, timing, workloads: [...workloadIds] };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

// ── Everything requested ────────────────────────────────────────────────────────────────────────

export async function runBench(options: BenchOptions = {}, progress: ProgressListener = () => {}): Promise<BenchResult> {
  const timing = timingFor(options.quick ?? false);
  const ids = options.workloads ?? workloadIds;
  const contexts = options.contexts ?? [...allContexts];
  const availability = await availableBackends();
  const rows: BenchRow[] = [];
  const skipped: Skipped[] = [];
  for (const backend of options.backends ?? allBackends) {
    // The fast path trains only what it accepts (wgan-gp is not): the other workloads are skipped with the reason.
    const accepted = backend === 'wasm-fused' ? ids.filter((id) => fastPathAccepts(workloads[id].experiment) === true) : ids;
    const info = availability.find((entry) => entry.backend === (backend === 'wasm-fused' ? 'wasm' : backend))!;
    for (const context of contexts) {
      if (!info.available) {
        skipped.push({ backend, context, reason: info.note ?? 'not available' });
        continue;
      }
      if (backend === 'wasm-fused') {
        for (const id of ids.filter((id) => !accepted.includes(id))) {
          skipped.push({ backend, context, workload: id, reason: fastPathAccepts(workloads[id].experiment) as string });
        }
        if (accepted.length === 0) continue;
      }
      let result: ContextResult;
      try {
        result = context === 'main' ? await benchMain(backend, accepted, timing, progress) : await benchWorker(backend, accepted, timing, progress);
      } catch (error) {
        if (!(error instanceof BackendDeclined)) throw error;
        skipped.push({ backend, context, reason: error.message });
        continue;
      }
      const { measured, peakGflops, kernelsPerIteration } = result;
      for (const { workload, stepsPerSecond, longestTaskMs } of measured) {
        rows.push({
          workload,
          backend,
          context,
          stepsPerSecond,
          gflops: achievedGflops(iterationWork(workloads[workload].experiment).flops, stepsPerSecond),
          peakGflops,
          kernelsPerIteration: kernelsPerIteration[workload] ?? Number.NaN,
          longestTaskMs,
          ...(info.note ? { note: info.note } : {}),
        });
      }
    }
  }
  return { rows, skipped };
}

export interface SaddleBench {
  run(options?: BenchOptions): Promise<BenchResult>;
  availableBackends(): Promise<BackendAvailability[]>;
}

declare global {
  interface Window {
    saddleBench?: SaddleBench;
  }
}
