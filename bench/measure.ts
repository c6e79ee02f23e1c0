/**
 * How the benchmark measures, shared by every context (Node, the page's main thread, a worker):
 * training throughput over a fixed time window after a warm-up, and a matmul peak on the same
 * backend. Nothing here knows where it runs; callers pass a `runSteps` function and a clock.
 */
import { createRng } from '../src/engine/rng';
import { tf } from '../src/engine/tf';
import type { BackendName } from '../src/engine/types';
import { squareMatmulFlops, type WorkloadId } from './workloads';

export type BenchContext = 'worker' | 'main' | 'node';

/** One line of the benchmark's output (`--json` prints an array of these). */
export interface BenchRow {
  workload: WorkloadId;
  backend: BackendName;
  context: BenchContext;
  /** Training iterations per second over the measurement window. */
  stepsPerSecond: number;
  /** Analytic matmul FLOPs per iteration × stepsPerSecond, in GFLOP/s. */
  gflops: number;
  /** Square-matmul throughput on the same backend in the same context, in GFLOP/s. */
  peakGflops: number;
  /**
   * Kernels the engine dispatches per training iteration (tf.profile over a few iterations after
   * the window). A worker row's count comes from a dedicated worker on the same backend.
   */
  kernelsPerIteration: number;
  /**
   * Longest main-thread task (Long Tasks API, so only tasks over 50 ms are seen; 0 = none) from the
   * moment the trainer is created until the window ends, warm-up included. null in Node.
   */
  longestTaskMs: number | null;
  /** Present when the backend needs a caveat, e.g. WebGPU on a software (fallback) adapter. */
  note?: string;
}

export interface Timing {
  /** Warm up for at least this long and at least `minWarmupSteps` iterations (shader compilation, Adam's slots, JIT). */
  warmupMs: number;
  minWarmupSteps: number;
  /** Then count iterations over a window of at least this long. */
  windowMs: number;
  /** Square-matmul sizes tried for the peak (the best one counts), and how long to measure each. */
  matmulSizes: number[];
  peakWindowMsPerSize: number;
}

export const fullTiming: Timing = {
  warmupMs: 1500,
  minWarmupSteps: 5,
  windowMs: 5000,
  matmulSizes: [128, 256, 512],
  peakWindowMsPerSize: 1000,
};
/** For CI smoke runs: numbers are rougher, the run is a few times shorter. */
export const quickTiming: Timing = {
  warmupMs: 300,
  minWarmupSteps: 2,
  windowMs: 1000,
  matmulSizes: [128, 256],
  peakWindowMsPerSize: 300,
};

export function timingFor(quick: boolean): Timing {
  return quick ? quickTiming : fullTiming;
}

/** Train `count` iterations; resolves when they are done (and their numbers read back). */
export type RunSteps = (count: number) => Promise<void>;

export interface Throughput {
  warmupSteps: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
}

/**
 * Warm up, then run chunks of iterations until the window has passed; steps/s = iterations done in
 * the window ÷ the window's wall time. Chunks are sized from the measured speed to last about
 * `chunkTargetMs`: short on the main thread (so the page gets a turn between chunks, as a figure
 * would), longer in a worker or in Node (fewer round trips).
 */
export async function measureThroughput(
  runSteps: RunSteps,
  timing: Timing,
  chunkTargetMs: number,
  now: () => number = () => performance.now(),
): Promise<Throughput> {
  // Warm-up: 1, 2, 4, … iterations, so a slow first step (compilation) does not stretch it.
  const warmupStart = now();
  let warmupSteps = 0;
  let chunk = 1;
  let msPerStep = Infinity;
  while (warmupSteps < timing.minWarmupSteps || now() - warmupStart < timing.warmupMs) {
    const started = now();
    await runSteps(chunk);
    msPerStep = Math.max((now() - started) / chunk, 1e-3);
    warmupSteps += chunk;
    chunk = Math.min(chunk * 2, Math.max(1, Math.round(chunkTargetMs / msPerStep)));
  }

  const start = now();
  let steps = 0;
  while (now() - start < timing.windowMs) {
    const size = Math.max(1, Math.round(chunkTargetMs / msPerStep));
    const started = now();
    await runSteps(size);
    // A moving estimate, so that one slow chunk (garbage collection) does not swing the next size.
    msPerStep = 0.5 * msPerStep + 0.5 * Math.max((now() - started) / size, 1e-3);
    steps += size;
  }
  const seconds = (now() - start) / 1000;
  return { warmupSteps, steps, seconds, stepsPerSecond: steps / seconds };
}

/**
 * Peak matmul throughput of the current backend, in GFLOP/s: the best rate over a few sizes (GPU
 * backends need large products to fill the device; the CPU backend does better on ones that fit
 * its caches), each measured by `matmulRate`.
 */
export async function measureMatmulPeak(timing: Timing, now: () => number = () => performance.now()): Promise<number> {
  let best = 0;
  for (const size of timing.matmulSizes) best = Math.max(best, await matmulRate(size, timing.peakWindowMsPerSize, now));
  return best;
}

/**
 * GFLOP/s of repeated size×size products: one warm-up product (kernel compilation), then batches of
 * about 100 ms, each ended by reading its last result back (so queued GPU work is included), until
 * `windowMs` has passed. The inputs come from a seeded Rng: the same numbers on every backend.
 */
async function matmulRate(size: number, windowMs: number, now: () => number): Promise<number> {
  const rng = createRng(12345);
  const a = tf.tensor2d(rng.fillUniform(new Float32Array(size * size), -1, 1), [size, size]);
  const b = tf.tensor2d(rng.fillUniform(new Float32Array(size * size), -1, 1), [size, size]);
  try {
    const timeBatch = async (count: number): Promise<number> => {
      const started = now();
      const products = [];
      for (let i = 0; i < count; i++) products.push(tf.matMul(a, b));
      await products[products.length - 1].data();
      const elapsed = now() - started;
      for (const product of products) product.dispose();
      return elapsed;
    };
    const firstMs = Math.max(await timeBatch(1), 1e-3);
    let perBatch = Math.max(1, Math.min(64, Math.round(100 / firstMs)));
    let products = 0;
    let elapsedMs = 0;
    while (elapsedMs < windowMs) {
      const ms = await timeBatch(perBatch);
      elapsedMs += ms;
      products += perBatch;
      perBatch = Math.max(1, Math.min(64, Math.round((100 * perBatch) / Math.max(ms, 1e-3))));
    }
    return (squareMatmulFlops(size) * products) / (elapsedMs / 1000) / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Iterations whose kernels `countKernelsPerIteration` counts (beyond one call's fixed cost). */
export const kernelCountIterations = 3;

/**
 * Kernels dispatched per iteration: every kernel the engine runs (tf.profile's list). A call of
 * `runSteps` may also run a few kernels once, whatever its count (reading metrics back), so this is
 * the difference between a call of 1 + `kernelCountIterations` iterations and a call of one, divided
 * by `kernelCountIterations`: what each further iteration costs. Run it after the warm-up (optimiser
 * slots exist), outside any timed window: profiling slows every kernel down. A kernel that runs
 * others without the engine (WASM's transposed products, which run a transpose and a product inside
 * one kernel) counts once.
 */
export async function countKernelsPerIteration(runSteps: (count: number) => unknown): Promise<number> {
  const kernels = async (count: number) =>
    (
      await tf.profile(async () => {
        await runSteps(count);
      })
    ).kernels.length;
  const one = await kernels(1);
  const more = await kernels(1 + kernelCountIterations);
  return (more - one) / kernelCountIterations;
}

/** GFLOP/s achieved by a workload that does `flopsPerIteration` per iteration at this speed. */
export function achievedGflops(flopsPerIteration: number, stepsPerSecond: number): number {
  return (flopsPerIteration * stepsPerSecond) / 1e9;
}

/**
 * Train one iteration at a time for `segmentMs` (the interleaved A/B scripts): steps/s over the
 * segment and the fastest single iteration in ms (on a busy machine the steadiest figure).
 */
export function trainSegment(trainOne: () => void, segmentMs: number): { stepsPerSecond: number; fastestMs: number } {
  const start = performance.now();
  let steps = 0;
  let fastestMs = Infinity;
  while (performance.now() - start < segmentMs) {
    const before = performance.now();
    trainOne();
    fastestMs = Math.min(fastestMs, performance.now() - before);
    steps++;
  }
  return { stepsPerSecond: steps / ((performance.now() - start) / 1000), fastestMs };
}
