/**
 * Re-runs for the teacher's checker, in Web Workers on the CPU backend, through the same training
 * worker the figures use (engine/worker): `init` with the claim's experiment, then `step` in chunks
 * (so a long re-run reports progress), then the snapshot of the measures at the claimed step. A few
 * workers run side by side; identical claims (same settings, seed and step) are re-run once.
 */
import { TrainingClient, type ClientEvent } from '../../engine/worker/client';
import { WorkerPool } from '../../engine/worker/pool';
import type { Rerun } from '../../teaching/claim-check';
import type { StepMetrics } from '../../engine/types';

const chunk = 200;

export function workerRerunPool(size: number, onProgress?: (done: number, total: number) => void): { rerun: Rerun; dispose(): void } {
  // The checker's own pool: as many workers as re-runs side by side, apart from the page's figures.
  const pool = new WorkerPool({ maxWorkers: size });
  const idle: TrainingClient[] = Array.from({ length: size }, () => new TrainingClient({ backend: 'cpu', pool }));
  const all = [...idle];
  const waiting: Array<(client: TrainingClient) => void> = [];
  const cache = new Map<string, ReturnType<Rerun>>();

  const acquire = () => new Promise<TrainingClient>((resolve) => {
    const client = idle.pop();
    if (client) resolve(client);
    else waiting.push(resolve);
  });
  const release = (client: TrainingClient) => {
    const next = waiting.shift();
    if (next) next(client);
    else idle.push(client);
  };

  const runOn = (client: TrainingClient, ...[experiment, steps, request]: Parameters<Rerun>): ReturnType<Rerun> =>
    new Promise((resolve, reject) => {
      let lastMetrics: StepMetrics | null = null;
      const stop = client.onMessage((message: ClientEvent) => {
        if (message.type === 'error' || message.type === 'replaced') {
          stop();
          reject(new Error(message.type === 'error' ? message.message : message.detail));
        } else if (message.type === 'progress') {
          lastMetrics = message.metrics.at(-1) ?? lastMetrics;
          onProgress?.(message.step, steps);
          if (message.step >= steps) {
            stop();
            resolve({ snapshot: message.snapshot, lastMetrics });
          } else client.step(Math.min(chunk, steps - message.step));
        }
      });
      client
        .init(experiment, request)
        .then((ready) => {
          if (steps === 0) {
            stop();
            resolve({ snapshot: ready.snapshot, lastMetrics: null });
          } else client.step(Math.min(chunk, steps));
        })
        .catch((error: unknown) => {
          stop();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });

  const rerun: Rerun = (experiment, steps, request) => {
    const key = JSON.stringify([experiment, steps, request]);
    let result = cache.get(key);
    if (!result) {
      result = acquire().then(async (client) => {
        try {
          return await runOn(client, experiment, steps, request);
        } finally {
          release(client);
        }
      });
      cache.set(key, result);
    }
    return result;
  };
  return { rerun, dispose: () => all.forEach((client) => client.dispose()) };
}
