/**
 * How far do CPU and WASM runs of the same seed drift apart? Runs a few figures' experiments on
 * both backends in one Node process and compares every step's discriminator loss, plus one number
 * the figure's text relies on at the last step. Prints a JSON array in the shape of
 * src/render/backend-drift.ts (paste it there).
 *
 *   npx tsx bench/backend-drift.ts [figure-id …]
 */
import { getFigure } from '../src/engine/experiments/figures';
import { initBackend } from '../src/engine/backend';
import { createSession } from '../src/engine/kinds';
import type { StepMetrics } from '../src/engine/types';
import type { DriftRow } from '../src/render/backend-drift';

const defaults = ['gan-1d', 'saturation', 'fgan-gaussian-fit'];
const ids = process.argv.slice(2).length ? process.argv.slice(2) : defaults;

/** The number a figure's text relies on, read from its final state. */
function outcomeOf(id: string, session: ReturnType<typeof createSession>): { name: string; value: number } {
  if (id === 'fgan-gaussian-fit') {
    const report = session.report() as { generatorGaussian?: { mean: number; std: number } };
    return { name: 'fitted Gaussian’s standard deviation s', value: report.generatorGaussian?.std ?? Number.NaN };
  }
  if (id === 'saturation') {
    const snapshot = session.snapshot({ samples: 2000 });
    return { name: 'mean of the minimax generator’s samples', value: mean(snapshot.samples ?? new Float32Array()) };
  }
  const snapshot = session.snapshot({ samples: 2000 });
  return { name: 'mean of the generator’s samples', value: mean(snapshot.samples ?? new Float32Array()) };
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

async function run(id: string, backend: 'cpu' | 'wasm'): Promise<{ metrics: StepMetrics[]; outcome: { name: string; value: number } }> {
  const report = await initBackend(backend);
  if (report.name !== backend) throw new Error(`${backend} did not start: ${report.reason}`);
  const spec = getFigure(id);
  if (!spec) throw new Error(`unknown figure ${id}`);
  const session = createSession(spec.experiment);
  const metrics = session.train(spec.experiment.training.steps);
  const outcome = outcomeOf(id, session);
  session.dispose();
  return { metrics, outcome };
}

const rows: DriftRow[] = [];
for (const id of ids) {
  const cpu = await run(id, 'cpu');
  const wasm = await run(id, 'wasm');
  const metric = 'discriminatorLoss';
  let first: number | null = null;
  let early = 0;
  let overall = 0;
  let size = 0;
  cpu.metrics.forEach((entry, i) => {
    const difference = Math.abs(entry[metric] - wasm.metrics[i][metric]);
    if (first === null && difference > 0) first = entry.step;
    if (i < 10) early = Math.max(early, difference);
    overall = Math.max(overall, difference);
    size += Math.abs(entry[metric]) / cpu.metrics.length;
  });
  rows.push({
    figure: id,
    steps: cpu.metrics.length,
    metric,
    firstDifferentStep: first,
    earlyMaxDifference: early,
    maxDifference: overall,
    typicalSize: size,
    outcome: { name: cpu.outcome.name, cpu: cpu.outcome.value, wasm: wasm.outcome.value },
  });
  console.error(`${id}: done`);
}
console.log(JSON.stringify(rows, null, 2));
