/**
 * The benchmark in Node: the Trainer in-process, on the CPU backend (and WASM when asked: Node can
 * load its .wasm from node_modules), or on the fast path ('wasm-fused': TensorFlow.js on WASM, the
 * Trainer made by createFused, as a figure's worker makes it), or on WebGPU where Dawn's Node
 * bindings are installed (`npm install --no-save webgpu@0.6`, not a dependency: a GPU machine's
 * measurement, 51 MB to download). Node has no synchronous GPU readback, so on WebGPU the Trainer
 * reads its numbers back asynchronously (trainAsync); a figure's worker in Chromium reads synchronously.
 */
import { initBackend } from '../src/engine/backend';
import { fastPathAccepts } from '../src/engine/fast/driver';
import { Trainer } from '../src/engine/kinds/gan/trainer';
import { achievedGflops, countKernelsPerIteration, measureMatmulPeak, measureThroughput, type BenchRow, type Timing } from './measure';
import type { BackendName } from '../src/engine/types';
import { iterationWork, workloads, type WorkloadId } from './workloads';

/** In Node nothing else waits for the thread, so chunks can be long. */
const nodeChunkMs = 250;

/** A data-centre GPU is far from full at the CPU's sizes (512 at most): its peak needs larger products. */
export const gpuMatmulScale = 4;

/** WebGPU cannot run in this Node (no bindings, no adapter): a skip, unless the backend was asked for. */
export class WebGpuUnavailable extends Error {}

/**
 * Dawn's bindings, when installed, as `navigator.gpu` (with the WebGPU constants tf.js reads).
 * Resolves with what the adapter says it is, for the table's note.
 */
async function provideWebGpu({ allowFallback }: { allowFallback: boolean }): Promise<string> {
  const moduleName = 'webgpu'; // a variable: not a dependency, so neither the type check nor a bundler resolves it
  let dawn: { create: (options: string[]) => unknown; globals: Record<string, unknown> };
  try {
    dawn = await import(moduleName);
  } catch {
    throw new WebGpuUnavailable('WebGPU in Node needs Dawn\'s bindings: run "npm install --no-save webgpu@0.6" on a machine with a GPU, then again.');
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]) as { requestAdapter(): Promise<{ info: Record<string, string | boolean> } | null> };
  Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  const info = (await gpu.requestAdapter())?.info;
  if (!info) throw new WebGpuUnavailable('Dawn found no WebGPU adapter on this machine (is a Vulkan driver installed?).');
  if (info.isFallbackAdapter && !allowFallback) {
    throw new WebGpuUnavailable(`the WebGPU adapter is a software fallback (${info.description}): name webgpu in --backends to measure it anyway.`);
  }
  const name = [info.vendor, info.device || info.architecture].filter(Boolean).join(' ');
  return `${name}${info.description ? ` (${info.description})` : ''}${info.isFallbackAdapter ? ', a software fallback adapter' : ''}, through Dawn in Node`;
}

export interface NodeBench {
  rows: BenchRow[];
  /** Workloads the fast path refuses ('wasm-fused' only), with the reason. */
  refused: { workload: WorkloadId; reason: string }[];
}

export type NodeBackend = 'cpu' | 'wasm' | 'wasm-fused' | 'webgpu';
export const nodeBackends: readonly NodeBackend[] = ['cpu', 'wasm', 'wasm-fused', 'webgpu'];

/** `allowFallback`: measure WebGPU on a software adapter too (when the reader named the backend). */
export async function benchNode(backend: NodeBackend, workloadIds: readonly WorkloadId[], timing: Timing, { allowFallback = true } = {}): Promise<NodeBench> {
  const fused = backend === 'wasm-fused';
  const gpu = backend === 'webgpu';
  const adapterNote = gpu ? await provideWebGpu({ allowFallback }) : undefined;
  const report = await initBackend(backend);
  if (report.name !== (fused ? 'wasm' : backend)) throw new Error(`${backend} could not start in Node: ${report.reason}`);
  const measured: { workload: WorkloadId; stepsPerSecond: number; kernelsPerIteration: number }[] = [];
  const refused: NodeBench['refused'] = [];
  for (const id of workloadIds) {
    const accepted = fused ? fastPathAccepts(workloads[id].experiment) : true;
    if (accepted !== true) {
      refused.push({ workload: id, reason: accepted });
      continue;
    }
    const trainer = fused ? await Trainer.createFused(workloads[id].experiment) : Trainer.create(workloads[id].experiment);
    try {
      const train = gpu ? (count: number) => trainer.trainAsync(count) : async (count: number) => trainer.train(count);
      const { stepsPerSecond } = await measureThroughput(async (count) => void (await train(count)), timing, nodeChunkMs);
      const kernelsPerIteration = await countKernelsPerIteration(train);
      measured.push({ workload: id, stepsPerSecond, kernelsPerIteration });
    } finally {
      trainer.dispose();
    }
  }
  const peakGflops = await measureMatmulPeak(gpu ? { ...timing, matmulSizes: timing.matmulSizes.map((n) => n * gpuMatmulScale) } : timing);
  const rows = measured.map(({ workload, stepsPerSecond, kernelsPerIteration }) => ({
    workload,
    backend: backend satisfies BackendName,
    context: 'node' as const,
    stepsPerSecond,
    gflops: achievedGflops(iterationWork(workloads[workload].experiment).flops, stepsPerSecond),
    peakGflops,
    kernelsPerIteration,
    longestTaskMs: null,
    ...(adapterNote ? { note: adapterNote } : {}),
  }));
  return { rows, refused };
}
