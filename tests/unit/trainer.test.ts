import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { mixturePdf } from '../../src/engine/data';
import { experimentOrThrow, type ExperimentInput } from '../../src/engine/experiments/schema';
import { getGanFigure } from '../../src/engine/experiments/figures';
import { tf } from '../../src/engine/tf';
import { Trainer, TrainingDivergedError } from '../../src/engine/kinds/gan/trainer';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A small, fast experiment; `changes` override any part. */
function small(changes: ExperimentInput = {}): ReturnType<typeof experimentOrThrow> {
  return experimentOrThrow({
    data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
    generator: { hidden: [16], noiseDim: 2 },
    discriminator: { hidden: [16] },
    training: { batchSize: 32 },
    ...changes,
  });
}

const oneD: ExperimentInput = {
  data: { kind: 'mixture-1d', components: [{ mean: -1, std: 0.5, weight: 1 }, { mean: 2, std: 0.7, weight: 2 }] },
  generator: { noiseDim: 1, hidden: [16] },
  discriminator: { hidden: [16] },
  training: { batchSize: 32 },
};

function run(experiment: ReturnType<typeof experimentOrThrow>, chunks: number[], between?: (t: Trainer) => void) {
  const trainer = Trainer.create(experiment);
  const metrics = chunks.flatMap((n) => {
    const m = trainer.train(n);
    between?.(trainer);
    return m;
  });
  trainer.dispose();
  return metrics;
}

describe('Trainer: reproducibility', () => {
  it('the same seed gives identical losses over 30 iterations; another seed does not', () => {
    const a = run(small({ seed: 5 }), [30]);
    const b = run(small({ seed: 5 }), [30]);
    const c = run(small({ seed: 6 }), [30]);
    expect(a).toHaveLength(30);
    expect(a.map((m) => m.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(b).toEqual(a);
    expect(c.map((m) => m.discriminatorLoss)).not.toEqual(a.map((m) => m.discriminatorLoss));
    for (const m of a) for (const value of Object.values(m)) expect(Number.isFinite(value)).toBe(true);
  });

  it('snapshots and chunking never change the training numbers', () => {
    const experiment = small({ seed: 9 });
    const straight = run(experiment, [30]);
    const interrupted = run(experiment, [7, 1, 22], (trainer) =>
      trainer.snapshot({ samples: 50, realSamples: 50, sampleGradients: true, modeCoverage: 200, discriminatorGrid: { x: [-3, 3, 5], y: [-3, 3, 5] } }),
    );
    expect(interrupted).toEqual(straight);
  });

  it('the same request at the same step gives the same snapshot', () => {
    const trainer = Trainer.create(small({ seed: 2 }));
    trainer.train(3);
    const request = { samples: 20, realSamples: 20, modeCoverage: 100 };
    expect(trainer.snapshot(request)).toEqual(trainer.snapshot(request));
    trainer.dispose();
  });
});

describe('Trainer: the iteration', () => {
  it('one iteration with k discriminator steps equals k iterations with one step (generator frozen)', () => {
    const frozen = (k: number) => small({ seed: 4, training: { batchSize: 32, discriminatorSteps: k, generatorSteps: 0 } });
    const grid = { discriminatorGrid: { x: [-2, 2, 4] as [number, number, number], y: [-2, 2, 3] as [number, number, number] } };
    const twoSteps = Trainer.create(frozen(2));
    const oneStep = Trainer.create(frozen(1));
    const [combined] = twoSteps.train(1);
    const separate = oneStep.train(2);
    expect(combined.discriminatorLoss).toBe(separate[1].discriminatorLoss);
    expect(twoSteps.snapshot(grid).discriminatorGrid!.values).toEqual(oneStep.snapshot(grid).discriminatorGrid!.values);
    twoSteps.dispose();
    oneStep.dispose();
  });

  it('a frozen generator (generatorSteps 0) keeps its map, reports zero gradient norm and a finite loss', () => {
    const trainer = Trainer.create(experimentOrThrow({ ...oneD, training: { batchSize: 32, generatorSteps: 0 } }));
    const before = trainer.snapshot({ generatorMap: 9 }).generatorMap!;
    const metrics = trainer.train(20);
    expect(trainer.snapshot({ generatorMap: 9 }).generatorMap).toEqual(before);
    for (const m of metrics) {
      expect(m.generatorGradNorm).toBe(0);
      expect(m.generatorLoss).toBeGreaterThan(0); // −log D(G(z)) for the default non-saturating loss
      expect(m.discriminatorGradNorm).toBeGreaterThan(0);
    }
    trainer.dispose();
  });

  it.each([
    ['sgd', 0],
    ['sgd', 0.9],
    ['adam', 0],
    ['rmsprop', 0],
    ['rmsprop', 0.5],
  ] as const)('optimiser %s (momentum %s) trains with finite numbers', (kind, momentum) => {
    const optimizer = { kind, learningRate: 1e-2, momentum };
    const metrics = run(small({ seed: 3, optimizers: { discriminator: optimizer, generator: optimizer } }), [15]);
    for (const m of metrics) for (const value of Object.values(m)) expect(Number.isFinite(value)).toBe(true);
    expect(metrics[14].discriminatorLoss).not.toBe(metrics[0].discriminatorLoss);
  });

  it('uniform noise, tanh output and every hidden activation run', () => {
    for (const activation of ['relu', 'leaky-relu', 'tanh', 'elu', 'sigmoid'] as const) {
      const metrics = run(
        small({ generator: { noise: 'uniform', output: 'tanh', activation, hidden: [8] }, discriminator: { activation, hidden: [8] } }),
        [3],
      );
      expect(metrics).toHaveLength(3);
    }
  });
});

describe('Trainer: snapshots', () => {
  it('2-D: samples, real samples, a row-major grid (y outer) of D in (0, 1), and mode coverage', () => {
    const trainer = Trainer.create(small({ seed: 1 }));
    trainer.train(5);
    const grid = { x: [-3, 3, 7] as [number, number, number], y: [-2, 2, 5] as [number, number, number] };
    const snapshot = trainer.snapshot({ samples: 40, realSamples: 30, sampleGradients: true, discriminatorGrid: grid, modeCoverage: 500 });
    expect(snapshot.step).toBe(5);
    expect(snapshot.dim).toBe(2);
    expect(snapshot.samples).toHaveLength(80);
    expect(snapshot.sampleGradients).toHaveLength(80);
    expect(snapshot.realSamples).toHaveLength(60);
    const { x, y, values } = snapshot.discriminatorGrid!;
    expect(Array.from(x)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(Array.from(y!)).toEqual([-2, -1, 0, 1, 2]);
    expect(values).toHaveLength(35);
    for (const v of values) expect(v > 0 && v < 1).toBe(true);
    // Layout: the value at (x = 1, y = −1) is row 1 (y index), column 4 (x index).
    const single = trainer.snapshot({ discriminatorGrid: { x: [1, 1, 1], y: [-1, -1, 1] } }).discriminatorGrid!.values[0];
    expect(values[1 * 7 + 4]).toBeCloseTo(single, 6);
    expect(snapshot.modeCoverage!.modeCount).toBe(8);
    expect(snapshot.generatorMap).toBeUndefined();
    expect(snapshot.dataDensity).toBeUndefined();
    trainer.dispose();
  });

  it('1-D: exact data density, histogram generator density, and the generator map at noise quantiles', () => {
    const experiment = experimentOrThrow(oneD);
    const trainer = Trainer.create(experiment);
    trainer.train(5);
    const snapshot = trainer.snapshot({ discriminatorGrid: { x: [-4, 6, 101] }, generatorDensity: 5000, generatorMap: 4 });
    const { x } = snapshot.discriminatorGrid!;
    const components = experiment.data.kind === 'mixture-1d' ? experiment.data.components : [];
    snapshot.dataDensity!.density.forEach((d, i) => expect(d).toBeCloseTo(mixturePdf(x[i], components), 6));
    // Histogram mass = fraction of the 5000 samples inside [−4.05, 6.05]: at most 1.
    const mass = snapshot.generatorDensity!.density.reduce((sum, d) => sum + d * 0.1, 0);
    expect(mass).toBeGreaterThan(0);
    expect(mass).toBeLessThanOrEqual(1 + 1e-6);
    // Normal noise, levels (i + ½)/4 = 1/8, 3/8, 5/8, 7/8: Φ⁻¹ = ∓1.1503494, ∓0.3186394 (tables).
    const z = Array.from(snapshot.generatorMap!.z);
    [-1.1503494, -0.3186394, 0.3186394, 1.1503494].forEach((expected, i) => expect(z[i]).toBeCloseTo(expected, 5));
    expect(snapshot.generatorMap!.x).toHaveLength(4);
    trainer.dispose();
  });

  it('the affine generator map is a straight line; uniform noise quantiles are evenly spaced in [−1, 1]', () => {
    const trainer = Trainer.create(experimentOrThrow({ ...oneD, generator: { kind: 'affine', noiseDim: 1, noise: 'uniform' } }));
    trainer.train(3);
    const { z, x } = trainer.snapshot({ generatorMap: 5 }).generatorMap!;
    expect(Array.from(z).map((v) => Number(v.toFixed(6)))).toEqual([-0.8, -0.4, 0, 0.4, 0.8]);
    const slope = (x[1] - x[0]) / (z[1] - z[0]);
    for (let i = 2; i < 5; i++) expect(x[i]).toBeCloseTo(x[0] + slope * (z[i] - z[0]), 5);
    trainer.dispose();
  });

  it.each(['non-saturating', 'minimax'] as const)('%s: sample gradients match finite differences of the per-sample loss', (kind) => {
    const trainer = Trainer.create(experimentOrThrow({ ...oneD, objective: { kind }, discriminator: { hidden: [16], activation: 'tanh' } }));
    trainer.train(10);
    const { samples, sampleGradients } = trainer.snapshot({ samples: 8, sampleGradients: true });
    // ℓ(x) = −log D(x) (non-saturating) or log(1 − D(x)) (minimax), from D on a two-point grid.
    const loss = (d: number) => (kind === 'minimax' ? Math.log(1 - d) : -Math.log(d));
    const h = 1e-2;
    samples!.forEach((x, i) => {
      const [below, above] = trainer.snapshot({ discriminatorGrid: { x: [x - h, x + h, 2] } }).discriminatorGrid!.values;
      const finiteDifference = (loss(above) - loss(below)) / (2 * h);
      expect(sampleGradients![i]).toBeCloseTo(finiteDifference, 2);
    });
    trainer.dispose();
  });
});

describe('Trainer: divergence and lifetime', () => {
  // A logistic-regression discriminator against an affine generator with SGD at learning rate 10:
  // each update scales the weights by about lr·|x|, so they overflow float32 within a few dozen steps.
  const exploding = experimentOrThrow({
    seed: 1,
    data: { kind: 'mixture-1d', components: [{ mean: 20, std: 10 }] },
    generator: { kind: 'affine', noiseDim: 1 },
    discriminator: { hidden: [] },
    optimizers: { discriminator: { kind: 'sgd', learningRate: 10 }, generator: { kind: 'sgd', learningRate: 10 } },
    training: { batchSize: 16 },
  });

  it('a learning rate of 10 with SGD diverges with a TrainingDivergedError naming the step and the cure', () => {
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(exploding);
    let caught: unknown;
    try {
      trainer.train(200);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TrainingDivergedError);
    const error = caught as TrainingDivergedError;
    expect(error.step).toBeGreaterThan(1);
    expect(error.step).toBeLessThanOrEqual(200);
    expect(error.metrics).toHaveLength(error.step - 1);
    expect(error.message).toMatch(/step \d+/);
    expect(error.message).toMatch(/(loss|gradient norm) (became (NaN|Infinity|-Infinity)|ran away to)/);
    expect(error.message).toMatch(/lower learning rate/);
    // Further training is refused; disposal still frees everything.
    expect(() => trainer.train(1)).toThrow(TrainingDivergedError);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  // Figures 1.2 and 1.4 freeze or barely move their generator, so only the discriminator can run
  // away: Adam at 10 takes its cross-entropy to ~1e4 within two steps and then trains nonsense with
  // every number finite (issue 16). A discriminator answering ½ everywhere scores 2 log 2 ≈ 1.39.
  it.each(['optimal-discriminator', 'saturation'])('%s: Adam at learning rate 10 stops with a runaway-discriminator sentence', (id) => {
    const adam = { kind: 'adam', learningRate: 10, beta1: 0.5, beta2: 0.999 } as const;
    const trainer = Trainer.create(experimentOrThrow({ ...getGanFigure(id)!.experiment, optimizers: { discriminator: adam, generator: adam } }));
    let caught: unknown;
    try {
      trainer.train(50);
    } catch (error) {
      caught = error;
    }
    trainer.dispose();
    expect(caught).toBeInstanceOf(TrainingDivergedError);
    const error = caught as TrainingDivergedError;
    expect(error.step).toBeLessThanOrEqual(5);
    expect(error.message).toMatch(/the discriminator loss ran away to .+ probabilities are stuck at 0 or 1.+lower learning rate/);
  });

  it('trainAsync stops that run with the same TrainingDivergedError as train', async () => {
    const outcome = async (train: (trainer: Trainer) => Promise<unknown>) => {
      const trainer = Trainer.create(exploding);
      try {
        await train(trainer);
        return null;
      } catch (error) {
        return error;
      } finally {
        trainer.dispose();
      }
    };
    const syncError = await outcome(async (trainer) => trainer.train(200));
    const asyncError = await outcome((trainer) => trainer.trainAsync(200));
    expect(asyncError).toBeInstanceOf(TrainingDivergedError);
    expect((asyncError as TrainingDivergedError).step).toBe((syncError as TrainingDivergedError).step);
    expect((asyncError as Error).message).toBe((syncError as Error).message);
  });

  // Node has no synchronous readback on WebGPU (the bench's Node rows there use trainAsync).
  it('trainAsync gives the same step records as train, chunk by chunk, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const sync = Trainer.create(small());
    const async = Trainer.create(small());
    for (const chunk of [1, 5, 3]) expect(await async.trainAsync(chunk)).toEqual(sync.train(chunk));
    expect(async.step).toBe(9);
    sync.dispose();
    async.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dispose frees every tensor and makes the trainer unusable', () => {
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(small());
    trainer.train(3);
    trainer.snapshot({ samples: 10 });
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => trainer.train(1)).toThrow(/disposed/);
  });
});
