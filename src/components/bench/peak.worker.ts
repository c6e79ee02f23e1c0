/**
 * A worker that measures the matmul peak of one backend, so that a worker row's peak comes from the
 * same kind of context as its training (a dedicated worker). Training itself goes through the
 * figures' own TrainingClient; this worker only multiplies matrices.
 */
import { measureMatmulPeak, type Timing } from '../../../bench/measure';
import { initBackend } from '../../engine/backend';
import type { BackendName } from '../../engine/worker/protocol';

export interface PeakRequest {
  backend: BackendName;
  timing: Timing;
}
export type PeakReply = { ok: true; backend: BackendName; peakGflops: number } | { ok: false; message: string };

interface WorkerScope {
  postMessage(message: PeakReply): void;
  onmessage: ((event: MessageEvent<PeakRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = async (event) => {
  const { backend, timing } = event.data;
  try {
    const report = await initBackend(backend);
    if (report.name !== backend) throw new Error(`${backend} could not start in a worker: ${report.reason}`);
    const peakGflops = await measureMatmulPeak(timing);
    scope.postMessage({ ok: true, backend, peakGflops });
  } catch (error) {
    scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
