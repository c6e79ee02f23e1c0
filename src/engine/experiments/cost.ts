/**
 * What one training step of an experiment costs, counted before it runs: the multiply-adds of its
 * dense layers, so that a figure can say "this setting will be slow" before the reader presses Run
 * (and not start a setting on its own that would hold a worker for seconds per step).
 *
 * The count: a dense layer n_in → n_out costs 2·n_in·n_out floating-point operations per example
 * forward, and about twice that backward, so a forward-and-backward pass costs 6·n_in·n_out. A GAN
 * iteration makes k discriminator updates (a real and a fake batch through D, a fake batch through
 * G) and g generator updates (a batch through G and D, backward through both). Gradient penalties
 * and R1 differentiate D twice: counted as a second D pass. Activations, the optimiser and the
 * data's sampling are left out (they are linear in the parameters, small beside the matrix products
 * for any network that is slow at all).
 *
 * The speed: `assumedFlopsPerSecond`, a conservative figure for TensorFlow.js on WASM on one core
 * (npm run bench measured 2–8 GFLOP/s for these layer sizes); the estimate is meant to be right
 * within a factor of a few, which is all a sentence "about N s per step" needs.
 */
import type { AnyExperiment } from './schema';

export const assumedFlopsPerSecond = 2e9;
/** Settings whose estimated step takes longer than this are announced as slow. */
export const slowStepSeconds = 0.5;

/** Floating-point operations of one forward pass of one example through an MLP with these widths. */
function mlpForward(widths: readonly number[]): number {
  let flops = 0;
  for (let i = 0; i + 1 < widths.length; i++) flops += 2 * widths[i] * widths[i + 1];
  return flops;
}

/** Estimated floating-point operations of one training step (one iteration) of `experiment`. */
export function stepFlops(experiment: AnyExperiment): number {
  switch (experiment.kind) {
    case 'gan': {
      const dim = experiment.data.kind === 'mixture-1d' ? 1 : 2;
      const { generator, discriminator, objective, training } = experiment;
      const g = generator.kind === 'affine' ? mlpForward([generator.noiseDim, dim]) : mlpForward([generator.noiseDim, ...generator.hidden, dim]);
      const d =
        discriminator.kind === 'autoencoder'
          ? mlpForward([dim, ...discriminator.hidden, discriminator.embeddingDim, ...[...discriminator.hidden].reverse(), dim])
          : mlpForward([dim, ...discriminator.hidden, 1]);
      const secondOrder =
        (objective.kind === 'wasserstein' && objective.constraint.kind === 'gradient-penalty') || ('r1Weight' in objective && objective.r1Weight > 0) ? 2 : 1;
      const batch = training.batchSize;
      const discriminatorUpdate = batch * (g + 3 * 2 * d * secondOrder);
      const generatorUpdate = batch * 3 * (g + d);
      return training.discriminatorSteps * discriminatorUpdate + training.generatorSteps * generatorUpdate;
    }
    case 'mine': {
      const { statistics, training } = experiment as unknown as { statistics?: { hidden?: number[] }; training: { batchSize: number } };
      const hidden = statistics?.hidden ?? [64, 64];
      const dim = 'data' in experiment && typeof (experiment.data as { dim?: number }).dim === 'number' ? (experiment.data as { dim: number }).dim : 1;
      return training.batchSize * 2 * 3 * mlpForward([2 * dim, ...hidden, 1]);
    }
    case 'images': {
      // Three hidden layers each; MSG adds the 4 × 4 and 8 × 8 heads and their inputs to D (images/session.ts).
      const { generator, discriminator, training, architecture } = experiment;
      const msg = architecture === 'msg';
      const [w, c] = [generator.width, discriminator.width];
      const g = 2 * (generator.noiseDim * w + 2 * w * w + w * 256 + (msg ? w * (16 + 64) : 0));
      const d = 2 * (256 * c + (c + (msg ? 64 : 0)) * c + (c + (msg ? 16 : 0)) * c + c);
      return training.batchSize * (g + 3 * 2 * d) + training.batchSize * 3 * (g + d);
    }
    default:
      return 0; // a two-parameter game: negligible
  }
}

/** Estimated seconds per step on the assumed speed. */
export function estimatedStepSeconds(experiment: AnyExperiment): number {
  return stepFlops(experiment) / assumedFlopsPerSecond;
}

/** "about 2 s", "about 40 ms", "about 3 min": a duration for a sentence. */
export function roughDuration(seconds: number): string {
  if (seconds < 1) return `about ${Math.max(1, Math.round(seconds * 1000 / 10) * 10)} ms`;
  if (seconds < 90) return `about ${seconds < 10 ? seconds.toPrecision(1) : Math.round(seconds)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

/** A measured speed is announced only when clearly slow (a busy machine slows every figure a little). */
export const slowMeasuredSeconds = 2;

/**
 * The sentence a figure shows before it starts a slow setting, or null for a quick one. With
 * `measured` (seconds per step, from the worker) it says what this machine measured instead, and
 * only beyond slowMeasuredSeconds.
 */
export function slowSettingNote(experiment: AnyExperiment, measured?: number): string | null {
  const steps = experiment.training.steps;
  if (measured !== undefined) {
    if (!(measured > slowMeasuredSeconds)) return null;
    return `This setting takes ${roughDuration(measured)} per step here (${roughDuration(measured * steps)} for all ${steps} steps); expect the figure to be slow.`;
  }
  const seconds = estimatedStepSeconds(experiment);
  if (!(seconds > slowStepSeconds)) return null;
  return (
    `This setting takes ${roughDuration(seconds)} per step (${roughDuration(seconds * steps)} for all ${steps} steps); expect the figure to be slow. ` +
    `It starts only when you press Run, and Pause stops it within about a second.`
  );
}
