/**
 * `npx tsx bench/fused-adam-ab.ts`: WASM in Node, TensorFlow.js's Adam (one update per weight tensor,
 * A) against FusedAdam (one update per network, B; src/engine/fused-adam.ts), two trainers of the same
 * workload alternating segments in one process, so that both see the same machine load. Workloads
 * with Adam only (GAN Lab's default uses SGD).
 *
 * Prints per workload: kernels per iteration of each, steps/s of each segment, the ratio of the
 * medians and the fastest single iteration of each.
 *
 *   ROUNDS=6 SEGMENT_MS=2000 npx tsx bench/fused-adam-ab.ts
 */
import { loadavg } from 'node:os';
import { initBackend } from '../src/engine/backend';
import { optimizerOptions, Trainer } from '../src/engine/kinds/gan/trainer';
import { countKernelsPerIteration, trainSegment } from './measure';
import { workloads, type WorkloadId } from './workloads';

const rounds = Number(process.env.ROUNDS ?? 6);
const segmentMs = Number(process.env.SEGMENT_MS ?? 2000);
const ids: WorkloadId[] = ['widget', 'wgan-gp'];

async function main(): Promise<void> {
  const report = await initBackend('wasm');
  if (report.name !== 'wasm') throw new Error(report.reason);
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  for (const id of ids) {
    optimizerOptions.fusedAdam = false;
    const a = Trainer.create(workloads[id].experiment);
    optimizerOptions.fusedAdam = true;
    const b = Trainer.create(workloads[id].experiment);
    const trainers = { A: a, B: b };
    const rates = { A: [] as number[], B: [] as number[] };
    const fastestMs = { A: Infinity, B: Infinity };
    try {
      a.train(5);
      b.train(5);
      const kernels = { A: await countKernelsPerIteration((n) => a.train(n)), B: await countKernelsPerIteration((n) => b.train(n)) };
      for (let round = 0; round < rounds; round++) {
        for (const mode of ['A', 'B'] as const) {
          const trainer = trainers[mode];
          trainer.train(2);
          const segment = trainSegment(() => trainer.train(1), segmentMs);
          fastestMs[mode] = Math.min(fastestMs[mode], segment.fastestMs);
          rates[mode].push(segment.stepsPerSecond);
        }
      }
      const fixed = (value: number) => Number(value.toFixed(2));
      console.log(
        JSON.stringify({
          workload: id,
          load1: fixed(loadavg()[0]),
          kernelsPerIteration: { tfAdam: kernels.A, fusedAdam: kernels.B },
          stepsPerSecond: { tfAdam: rates.A.map(fixed), fusedAdam: rates.B.map(fixed) },
          medianRatio: fixed(median(rates.B) / median(rates.A)),
          fastestIterationMs: { tfAdam: fixed(fastestMs.A), fusedAdam: fixed(fastestMs.B) },
          fastestRatio: fixed(fastestMs.A / fastestMs.B),
        }),
      );
    } finally {
      a.dispose();
      b.dispose();
      optimizerOptions.fusedAdam = true;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
