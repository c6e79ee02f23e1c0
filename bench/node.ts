/**
 * The benchmark in Node: the Trainer in-process, on the CPU backend (and WASM when asked: Node can
 * load its .wasm from node_modules), or on the fast path ('wasm-fused': TensorFlow.js on WASM, the
 * Trainer made by createFused, as a figure's worker makes it).
 */
import { initBackend } from '../src/engine/backend';
import { fastPathAccepts } from '../src/engine/fast/driver';
import { Trainer } from '../src/engine/kinds/gan/trainer';
import { achievedGflops, countKernelsPerIteration, measureMatmulPeak, measureThroughput, type BenchRow, type Timing } from './measure';
import type { BackendName } from '../src/engine/types';
import { iterationWork, workloads, type WorkloadId } from './workloads';

/** In Node nothing else waits for the thread, so chunks can be long. */
const nodeChunkMs = 250;

export interface NodeBench {
  rows: BenchRow[];
  /** Workloads the fast path refuses ('wasm-fused' only), with the reason. */
  refused: { workload: WorkloadId; reason: string }[];
}

export async function benchNode(backend: 'cpu' | 'wasm' | 'wasm-fused', workloadIds: readonly WorkloadId[], timing: Timing): Promise<NodeBench> {
  const fused = backend === 'wasm-fused';
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
      const { stepsPerSecond } = await measureThroughput(async (count) => void trainer.train(count), timing, nodeChunkMs);
      const kernelsPerIteration = await countKernelsPerIteration((count) => trainer.train(count));
      measured.push({ workload: id, stepsPerSecond, kernelsPerIteration });
    } finally {
      trainer.dispose();
    }
  }
  const peakGflops = await measureMatmulPeak(timing);
  const rows = measured.map(({ workload, stepsPerSecond, kernelsPerIteration }) => ({
    workload,
    backend: backend satisfies BackendName,
    context: 'node' as const,
    stepsPerSecond,
    gflops: achievedGflops(iterationWork(workloads[workload].experiment).flops, stepsPerSecond),
    peakGflops,
    kernelsPerIteration,
    longestTaskMs: null,
  }));
  return { rows, refused };
}
