/**
 * A worker that measures the matmul peak of one backend, so that a worker row's peak comes from the
 * same kind of context as its training (a dedicated worker; for 'wasm-fused', WASM's peak), and counts
 * the kernels one training iteration of each workload dispatches on that backend (tf.profile; the training worker itself has
 * no profiling message). Timed training goes through the figures' own TrainingClient, not here.
 */
import { countKernelsPerIteration, measureMatmulPeak, type Timing } from '../../../bench/measure';
import { workloads, type WorkloadId } from '../../../bench/workloads';
import { initBackend } from '../../engine/backend';
import { Trainer } from '../../engine/kinds/gan/trainer';
import type { BackendName } from '../../engine/worker/protocol';

export interface PeakRequest {
  backend: BackendName;
  timing: Timing;
  /** Workloads whose kernels per iteration to count. */
  workloads: WorkloadId[];
}
export type PeakReply =
  | { ok: true; backend: BackendName; peakGflops: number; kernelsPerIteration: Partial<Record<WorkloadId, number>> }
  | { ok: false; message: string };

/** Kernels per iteration, after a few iterations so that the optimisers' slots exist. */
async function kernelCounts(ids: readonly WorkloadId[], fused: boolean): Promise<Partial<Record<WorkloadId, number>>> {
  const counts: Partial<Record<WorkloadId, number>> = {};
  for (const id of ids) {
    const trainer = fused ? await Trainer.createFused(workloads[id].experiment) : Trainer.create(workloads[id].experiment);
    try {
      trainer.train(2);
      counts[id] = await countKernelsPerIteration((count) => trainer.train(count));
    } finally {
      trainer.dispose();
    }
  }
  return counts;
}

interface WorkerScope {
  postMessage(message: PeakReply): void;
  onmessage: ((event: MessageEvent<PeakRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = async (event) => {
  const { backend, timing, workloads: ids } = event.data;
  try {
    const report = await initBackend(backend);
    // 'wasm-fused' starts TensorFlow.js on WASM (its peak is WASM's); its trainers train on the fast path.
    if (report.name !== (backend === 'wasm-fused' ? 'wasm' : backend)) throw new Error(`${backend} could not start in a worker: ${report.reason}`);
    const peakGflops = await measureMatmulPeak(timing);
    const kernelsPerIteration = await kernelCounts(ids, backend === 'wasm-fused');
    scope.postMessage({ ok: true, backend, peakGflops, kernelsPerIteration });
  } catch (error) {
    scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
