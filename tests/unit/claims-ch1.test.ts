/**
 * Chapter 1's claims, checked on real seeded training runs (CPU backend, deterministic; claim (b)
 * also on the fused fast path that readers' figures run on WASM):
 *
 * (a) For a fixed generator, training the discriminator drives it towards the optimal
 *     D*(x) = p_data(x) / (p_data(x) + p_g(x)) (Goodfellow et al. 2014, Prop. 1). The generator is the
 *     'affine' one, x = a·z + b with z ∼ N(0, 1), so p_g = N(b, a²) is known exactly; a and b are read
 *     off the generator map (two points of a straight line).
 * (b) Early in training, when D rejects the fakes, the non-saturating generator loss −log D(G(z))
 *     gives much larger generator gradients than the saturating log(1 − D(G(z))).
 *
 * Each claim is checked on an experiment written out here and on the chapter's own figure
 * experiment from the registry, so the figure cannot drift away from what the text says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { normalPdf } from '../../src/engine/data';
import { getGanFigure, withChanges } from '../../src/engine/experiments/figures';
import { experimentOrThrow, type Experiment } from '../../src/engine/experiments/schema';
import { fastPathAccepts } from '../../src/engine/fast/driver';
import { Trainer } from '../../src/engine/kinds/gan/trainer';

beforeAll(async () => {
  await initBackend('cpu');
});

/**
 * Mean |D(x) − D*(x)| over grid points where p_data + p_g > 0.05 (the bulk of the mass; where both
 * densities are tiny D* is 0/0-like and D is unconstrained by the data).
 */
function meanErrorToOptimum(trainer: Trainer, range: [number, number]): { error: number; points: number } {
  const snapshot = trainer.snapshot({ discriminatorGrid: { x: [range[0], range[1], 201] }, generatorMap: 2 });
  const [z0, z1] = snapshot.generatorMap!.z;
  const [x0, x1] = snapshot.generatorMap!.x;
  const slope = (x1 - x0) / (z1 - z0);
  const offset = x0 - slope * z0;
  const { x, values } = snapshot.discriminatorGrid!;
  let total = 0;
  let points = 0;
  x.forEach((xi, i) => {
    const pData = snapshot.dataDensity!.density[i];
    const pModel = normalPdf(xi, offset, Math.abs(slope));
    if (pData + pModel > 0.05) {
      total += Math.abs(values[i] - pData / (pData + pModel));
      points++;
    }
  });
  return { error: total / points, points };
}

function expectDiscriminatorApproachesOptimum(experiment: Experiment, iterations: number, range: [number, number]): void {
  expect(experiment.generator.kind).toBe('affine');
  expect(experiment.generator.noise).toBe('normal');
  expect(experiment.training.generatorSteps).toBe(0);
  const trainer = Trainer.create(experiment);
  const untrained = meanErrorToOptimum(trainer, range);
  trainer.train(iterations);
  const trained = meanErrorToOptimum(trainer, range);
  trainer.dispose();
  expect(untrained.points).toBeGreaterThan(40);
  expect(trained.error).toBeLessThan(0.08);
  expect(trained.error).toBeLessThan(untrained.error / 4);
}

describe('claim (a): with G frozen, D approaches D* = p_data / (p_data + p_g)', () => {
  it('on overlapping densities (a two-component mixture against a Gaussian)', () => {
    const experiment = experimentOrThrow({
      seed: 1,
      data: { kind: 'mixture-1d', components: [{ mean: -1, std: 0.6, weight: 1 }, { mean: 1.5, std: 0.6, weight: 1 }] },
      generator: { kind: 'affine', noiseDim: 1, noise: 'normal' },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      optimizers: { discriminator: { kind: 'adam', learningRate: 3e-3, beta1: 0.5 } },
      training: { batchSize: 256, discriminatorSteps: 1, generatorSteps: 0 },
    });
    expectDiscriminatorApproachesOptimum(experiment, 400, [-4, 4]);
  });

  it("on the 'optimal-discriminator' figure's experiment", () => {
    const figure = getGanFigure('optimal-discriminator');
    expect(figure).toBeDefined();
    expectDiscriminatorApproachesOptimum(figure!.experiment, 400, [-3, 8]);
  });
});

/** Mean generator gradient norm over the first `iterations` iterations, for each generator loss. */
function earlyGradientNorms(experiment: Experiment, iterations: number): { minimax: number; nonSaturating: number } {
  const mean = (kind: 'minimax' | 'non-saturating') => {
    const trainer = Trainer.create(withChanges(experiment, (draft) => void (draft.objective.kind = kind)));
    const metrics = trainer.train(iterations);
    trainer.dispose();
    return metrics.reduce((sum, m) => sum + m.generatorGradNorm, 0) / metrics.length;
  };
  return { minimax: mean('minimax'), nonSaturating: mean('non-saturating') };
}

describe('claim (b): the non-saturating loss gives larger early generator gradients', () => {
  it('by a large factor when D gets a head start (k = 5 discriminator steps per generator step)', () => {
    const experiment = experimentOrThrow({
      seed: 1,
      data: { kind: 'mixture-1d', components: [{ mean: 4, std: 0.5, weight: 1 }] },
      generator: { kind: 'mlp', noiseDim: 1, noise: 'uniform', hidden: [16, 16], activation: 'tanh' },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 5e-3, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5 },
      },
      training: { batchSize: 128, discriminatorSteps: 5, generatorSteps: 1 },
    });
    const { minimax, nonSaturating } = earlyGradientNorms(experiment, 20);
    expect(nonSaturating).toBeGreaterThan(5 * minimax);
  });

  it("on the 'saturation' figure's experiment (same seed for both losses)", () => {
    const figure = getGanFigure('saturation');
    expect(figure).toBeDefined();
    const { minimax, nonSaturating } = earlyGradientNorms(figure!.experiment, 20);
    expect(nonSaturating).toBeGreaterThan(1.5 * minimax);
  });

  it("on the 'saturation' figure's experiment on the fused fast path, which a reader's figure runs on WASM", async () => {
    const experiment = getGanFigure('saturation')!.experiment;
    const mean = async (kind: 'minimax' | 'non-saturating') => {
      const variant = withChanges(experiment, (draft) => void (draft.objective.kind = kind));
      expect(fastPathAccepts(variant)).toBe(true);
      const trainer = await Trainer.createFused(variant);
      const metrics = trainer.train(20);
      trainer.dispose();
      return metrics.reduce((sum, m) => sum + m.generatorGradNorm, 0) / metrics.length;
    };
    expect(await mean('non-saturating')).toBeGreaterThan(1.5 * (await mean('minimax')));
  });
});
