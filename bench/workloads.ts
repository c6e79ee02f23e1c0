/**
 * The two benchmark workloads, written as experiments (the same schema the figures, share links and
 * command line use), and the analytic count of floating-point work in one training iteration.
 *
 * This module is pure data and arithmetic: the Node runner, the in-site bench page and the unit test
 * all import it.
 */
import { experimentOrThrow, type Experiment, type ExperimentInput } from '../src/engine/experiments/schema';

export type WorkloadId = 'ganlab-default' | 'widget' | 'wgan-gp';

export interface Workload {
  id: WorkloadId;
  /** One line for tables and the bench page. */
  description: string;
  experiment: Experiment;
}

/** Large enough that no benchmark window ever reaches the end of training (the schema's maximum). */
const unlimitedSteps = 1_000_000;

/**
 * GAN Lab's default model (poloclub/ganlab): G 2→8→8→2 with ReLU and a tanh output, D 2→8→8→1 with
 * ReLU and a sigmoid output (here: D returns the logit and the loss applies σ), batch 150, two D
 * updates then one G update per iteration, plain SGD at 0.1 (D) and 0.03 (G), "log loss".
 *
 * GAN Lab's log loss is the minimax loss for D, −[log D(x) + log(1 − D(G(z)))], and for G the
 * non-saturating −log D(G(z)); so the objective here is 'non-saturating' (same D loss). GAN Lab also
 * scales its log D(x) term by 0.95; that changes no arithmetic cost and is left out.
 * Its data live in the unit square and its generator ends in tanh, so the ring here is scaled to
 * fit inside (−1, 1). Neither the data nor the noise distribution changes the cost of a step.
 */
const ganlabDefault: ExperimentInput = {
  data: { kind: 'ring', modes: 8, radius: 0.6, std: 0.03 },
  generator: { kind: 'mlp', noiseDim: 2, noise: 'uniform', hidden: [8, 8], activation: 'relu', output: 'tanh' },
  discriminator: { hidden: [8, 8], activation: 'relu' },
  objective: { kind: 'non-saturating' },
  optimizers: {
    discriminator: { kind: 'sgd', learningRate: 0.1 },
    generator: { kind: 'sgd', learningRate: 0.03 },
  },
  training: { steps: unlimitedSteps, batchSize: 150, discriminatorSteps: 2, generatorSteps: 1 },
  seed: 1,
};

/**
 * The size of the book's 2-D figures: G and D are MLPs 2→64→64→out (ReLU), batch 256, Adam
 * (the schema's defaults: learning rate 10⁻³, β₁ = 0.5, β₂ = 0.999), one D update and one G update.
 */
const widget: ExperimentInput = {
  data: { kind: 'ring' },
  generator: { kind: 'mlp', noiseDim: 2, hidden: [64, 64], activation: 'relu', output: 'linear' },
  discriminator: { hidden: [64, 64], activation: 'relu' },
  objective: { kind: 'non-saturating' },
  optimizers: { discriminator: { kind: 'adam' }, generator: { kind: 'adam' } },
  training: { steps: unlimitedSteps, batchSize: 256, discriminatorSteps: 1, generatorSteps: 1 },
  seed: 1,
};

/**
 * WGAN-GP at the widget's size: the same networks, batch and Adam, with the Wasserstein objective and
 * a two-sided gradient penalty (weight 10) on interpolates, one critic and one generator update. The
 * penalty needs the critic's input gradient inside the loss, so every critic update runs a second
 * backward pass through the first.
 */
const wganGp: ExperimentInput = {
  ...widget,
  objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } },
};

export const workloads: Record<WorkloadId, Workload> = {
  'ganlab-default': {
    id: 'ganlab-default',
    description: 'GAN Lab default: G 2→8→8→2, D 2→8→8→1, batch 150, 2 D + 1 G, SGD',
    experiment: experimentOrThrow(ganlabDefault),
  },
  widget: {
    id: 'widget',
    description: 'Widget: G, D 2→64→64→out, batch 256, 1 D + 1 G, Adam',
    experiment: experimentOrThrow(widget),
  },
  'wgan-gp': {
    id: 'wgan-gp',
    description: 'WGAN-GP: the widget networks, two-sided gradient penalty (weight 10), 1 D + 1 G, Adam',
    experiment: experimentOrThrow(wganGp),
  },
};

export const workloadIds = Object.keys(workloads) as WorkloadId[];

export function isWorkloadId(value: string): value is WorkloadId {
  return Object.hasOwn(workloads, value);
}

// ── Analytic work per iteration ─────────────────────────────────────────────────────────────────

/** Dimension of one data point: the 1-D mixtures are scalars, every other data set is 2-D. */
export function dataDimension(experiment: Experiment): 1 | 2 {
  return experiment.data.kind === 'mixture-1d' ? 1 : 2;
}

/** Layer widths from input to output, e.g. [2, 64, 64, 1]. */
export function generatorWidths(experiment: Experiment): number[] {
  const { generator } = experiment;
  const outputDim = dataDimension(experiment);
  // The affine generator is one dense layer z ↦ A z + b.
  if (generator.kind === 'affine') return [generator.noiseDim, outputDim];
  return [generator.noiseDim, ...generator.hidden, outputDim];
}

export function discriminatorWidths(experiment: Experiment): number[] {
  return [dataDimension(experiment), ...experiment.discriminator.hidden, 1];
}

/** Multiply-adds of one example's forward pass through dense layers of these widths: Σ n_in·n_out. */
export function forwardMultiplyAddsPerExample(widths: readonly number[]): number {
  let total = 0;
  for (let l = 0; l + 1 < widths.length; l++) total += widths[l] * widths[l + 1];
  return total;
}

/** Forward multiply-adds per example of the first layer alone (n₀·n₁): its input needs no gradient. */
function firstLayerMultiplyAdds(widths: readonly number[]): number {
  return widths[0] * widths[1];
}

export interface IterationWork {
  /** Matmul multiply-adds of one discriminator update. */
  discriminatorUpdate: number;
  /** Matmul multiply-adds of one generator update. */
  generatorUpdate: number;
  /** Multiply-adds of one iteration (k_D D updates + k_G G updates). */
  multiplyAdds: number;
  /** Floating-point operations of one iteration: 2 per multiply-add. */
  flops: number;
}

/**
 * Matmul work of one training iteration, counted analytically: the matrix products an iteration
 * needs. Only the products of dense layers are counted (bias adds, activations, losses and optimiser
 * updates are O(parameters) or O(batch) and small next to them).
 *
 * A dense layer n_in → n_out on a batch of B costs B·n_in·n_out multiply-adds forward. Backward it
 * needs up to two more products of the same size: the weights' gradient Xᵀ·dY when its network is
 * being updated, and the input's gradient dY·Wᵀ when the gradient must flow further down (never for
 * the first layer of the network being updated: noise and data need no gradient).
 *
 * With M_G, M_D the forward multiply-adds per example of G and D (Σ n_in·n_out over their layers)
 * and F_G, F_D those of their first layers:
 *
 *   one D update: G forward for the fakes (no G backward)                 B·M_G
 *                 D forward on B real + B fake points                   2B·M_D
 *                 D backward: weight gradients                          2B·M_D
 *                             input gradients above the first layer     2B·(M_D − F_D)
 *   one G update: G forward, D forward                                   B·(M_G + M_D)
 *                 D backward: input gradients only (D is not updated)    B·M_D
 *                 G backward: weight gradients, input gradients above
 *                             the first layer                            B·M_G + B·(M_G − F_G)
 *   iteration    = k_D·(D update) + k_G·(G update) multiply-adds;  FLOPs = 2 × multiply-adds.
 *
 * A gradient penalty adds to each D update the critic's forward pass on B interpolates and its
 * backward pass down to their inputs (2B·M_D). The products of the second backward pass (the
 * penalty's gradient with respect to the weights, through the first backward pass) are not counted,
 * so for such workloads the count is a lower bound and so is the GFLOP/s derived from it.
 *
 * TensorFlow.js runs slightly more than this (its fused linear output layer computes both backward
 * products even when one is not needed); measured with tf.profile on the CPU backend, the extra is
 * under 1 % for both workloads (tests/unit/bench-workloads.test.ts checks it).
 */
export function iterationWork(experiment: Experiment): IterationWork {
  const batch = experiment.training.batchSize;
  const gWidths = generatorWidths(experiment);
  const dWidths = discriminatorWidths(experiment);
  const perExampleG = forwardMultiplyAddsPerExample(gWidths);
  const perExampleD = forwardMultiplyAddsPerExample(dWidths);
  const { objective } = experiment;
  const penalty = objective.kind === 'wasserstein' && objective.constraint.kind === 'gradient-penalty' ? 2 * batch * perExampleD : 0;
  const discriminatorUpdate =
    batch * perExampleG + 2 * batch * (perExampleD + perExampleD + (perExampleD - firstLayerMultiplyAdds(dWidths))) + penalty;
  const generatorUpdate =
    batch * (perExampleG + perExampleD) + batch * perExampleD + batch * (perExampleG + (perExampleG - firstLayerMultiplyAdds(gWidths)));
  const multiplyAdds =
    experiment.training.discriminatorSteps * discriminatorUpdate + experiment.training.generatorSteps * generatorUpdate;
  return { discriminatorUpdate, generatorUpdate, multiplyAdds, flops: 2 * multiplyAdds };
}

/** FLOPs of one n×n by n×n matrix product (n³ multiply-adds), for the matmul peak. */
export function squareMatmulFlops(size: number): number {
  return 2 * size ** 3;
}
