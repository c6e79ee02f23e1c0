/**
 * `npx tsx bench/wasm-matmul-ab.ts`: WASM in Node with its original product kernels (A) against
 * the transposing wrappers of src/engine/wasm-matmul.ts (B), in one process, alternating A and B
 * segments on the same trainer, so that both see the same machine load.
 *
 * Prints per workload: steps/s of each segment, the ratio of the medians, and the fastest single
 * iteration of each (on a shared, busy machine the fastest iteration is the steadiest figure).
 *
 *   ROUNDS=6 SEGMENT_MS=2000 npx tsx bench/wasm-matmul-ab.ts
 */
import { loadavg } from 'node:os';
import { initBackend } from '../src/engine/backend';
import { tf } from '../src/engine/tf';
import { Trainer } from '../src/engine/kinds/gan/trainer';
import { trainSegment } from './measure';
import { workloadIds, workloads } from './workloads';

const rounds = Number(process.env.ROUNDS ?? 6);
const segmentMs = Number(process.env.SEGMENT_MS ?? 2000);

async function main(): Promise<void> {
  // Registering the wasm kernels (importing the package) happens before initBackend wraps them.
  await import('@tensorflow/tfjs-backend-wasm');
  const names = [tf.BatchMatMul, tf._FusedMatMul];
  const original = names.map((name) => tf.getKernel(name, 'wasm'));
  const report = await initBackend('wasm');
  if (report.name !== 'wasm') throw new Error(report.reason);
  const wrapped = names.map((name) => tf.getKernel(name, 'wasm'));
  if (wrapped[0].kernelFunc === original[0].kernelFunc) throw new Error('the wasm product kernels were not wrapped');
  const use = (configs: typeof original) => {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, 'wasm');
      tf.registerKernel(config);
    }
  };
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

  try {
    for (const id of workloadIds) {
      const trainer = Trainer.create(workloads[id].experiment);
      const rates = { A: [] as number[], B: [] as number[] };
      const fastestMs = { A: Infinity, B: Infinity };
      try {
        trainer.train(5); // optimiser slots, JIT
        for (let round = 0; round < rounds; round++) {
          for (const mode of ['A', 'B'] as const) {
            use(mode === 'A' ? original : wrapped);
            trainer.train(2);
            const segment = trainSegment(() => trainer.train(1), segmentMs);
            fastestMs[mode] = Math.min(fastestMs[mode], segment.fastestMs);
            rates[mode].push(segment.stepsPerSecond);
          }
        }
      } finally {
        trainer.dispose();
      }
      const fixed = (value: number) => Number(value.toFixed(2));
      console.log(
        JSON.stringify({
          workload: id,
          load1: fixed(loadavg()[0]),
          stepsPerSecond: { original: rates.A.map(fixed), wrapped: rates.B.map(fixed) },
          medianRatio: fixed(median(rates.B) / median(rates.A)),
          fastestIterationMs: { original: fixed(fastestMs.A), wrapped: fixed(fastestMs.B) },
          fastestRatio: fixed(fastestMs.A / fastestMs.B),
        }),
      );
    }
  } finally {
    use(wrapped);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
