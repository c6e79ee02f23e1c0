/**
 * The benchmark in Node: the Trainer in-process, on the CPU backend (and WASM when asked: Node can
 * load its .wasm from node_modules).
 */
import { initBackend } from '../src/engine/backend';
import { Trainer } from '../src/engine/kinds/gan/trainer';
import { achievedGflops, countKernelsPerIteration, measureMatmulPeak, measureThroughput, type BenchRow, type Timing } from './measure';
import type { BackendName } from '../src/engine/types';
import { iterationWork, workloads, type WorkloadId } from './workloads';

/** In Node nothing else waits for the thread, so chunks can be long. */
const nodeChunkMs = 250;

export async function benchNode(backend: 'cpu' | 'wasm', workloadIds: readonly WorkloadId[], timing: Timing): Promise<BenchRow[]> {
  const report = await initBackend(backend);
  if (report.name !== backend) throw new Error(`${backend} could not start in Node: ${report.reason}`);
  const measured: { workload: WorkloadId; stepsPerSecond: number; kernelsPerIteration: number }[] = [];
  for (const id of workloadIds) {
    const trainer = Trainer.create(workloads[id].experiment);
    try {
      const { stepsPerSecond } = await measureThroughput(async (count) => void trainer.train(count), timing, nodeChunkMs);
      const kernelsPerIteration = await countKernelsPerIteration((count) => trainer.train(count));
      measured.push({ workload: id, stepsPerSecond, kernelsPerIteration });
    } finally {
      trainer.dispose();
    }
  }
  const peakGflops = await measureMatmulPeak(timing);
  return measured.map(({ workload, stepsPerSecond, kernelsPerIteration }) => ({
    workload,
    backend: backend satisfies BackendName,
    context: 'node',
    stepsPerSecond,
    gflops: achievedGflops(iterationWork(workloads[workload].experiment).flops, stepsPerSecond),
    peakGflops,
    kernelsPerIteration,
    longestTaskMs: null,
  }));
}
