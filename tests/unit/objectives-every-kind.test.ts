/**
 * What every objective and every experiment kind must do (issue 6): the same seed gives the same
 * numbers, the live tensor count stays flat over 500 steps, and a blow-up is caught within one step
 * with a sentence that names what went wrong. Plus LSGAN's optimal discriminator, checked against
 * p/(p + q) computed here from the two known densities.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { normalPdf } from '../../src/engine/data';
import { anyExperimentOrThrow, experimentOrThrow, type AnyExperiment, type ExperimentInput } from '../../src/engine/experiments/schema';
import { createSession, TrainingDivergedError } from '../../src/engine/kinds';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Small networks on the ring, so 500 steps of each objective stay cheap. */
const small: ExperimentInput = {
  data: { kind: 'ring' },
  generator: { hidden: [8] },
  discriminator: { hidden: [8] },
  training: { batchSize: 16 },
};

const ganObjectives: [string, ExperimentInput][] = [
  ['minimax', { objective: { kind: 'minimax' } }],
  ['non-saturating with R1', { objective: { kind: 'non-saturating', r1Weight: 1 } }],
  ['f-gan (reverse KL)', { objective: { kind: 'f-gan', divergence: 'reverse-kl' } }],
  ['least squares', { objective: { kind: 'least-squares' } }],
  ['hinge with spectral normalisation', { objective: { kind: 'hinge' }, discriminator: { hidden: [8], spectralNorm: { powerIterations: 1 } } }],
  ['wasserstein, no constraint', { objective: { kind: 'wasserstein', constraint: { kind: 'none' } } }],
  ['wasserstein, clipping', { objective: { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } } }],
  ['wasserstein, one-sided penalty', { objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'one-sided' } } }],
  ['energy with pull-away', { objective: { kind: 'energy', margin: 0.5, pullAwayWeight: 0.1 }, discriminator: { kind: 'autoencoder', hidden: [8], embeddingDim: 2 } }],
  ['non-saturating with the MINE regulariser', { mine: { weight: 1, codeSize: 4, statisticsHidden: [8] } }],
];

const otherKinds: [string, unknown][] = [
  ['mine', { kind: 'mine', statistics: { hidden: [8] }, training: { batchSize: 16 } }],
  ['game (Dirac-GAN with instance noise)', { kind: 'game', game: { kind: 'dirac-gan', instanceNoise: 0.3 }, gradientNoise: 0.1 }],
];

const every: [string, AnyExperiment][] = [
  ...ganObjectives.map(([name, changes]): [string, AnyExperiment] => [
    name,
    experimentOrThrow({ ...small, ...changes, discriminator: { ...small.discriminator, ...changes.discriminator } }),
  ]),
  ...otherKinds.map(([name, input]): [string, AnyExperiment] => [name, anyExperimentOrThrow(input)]),
];

describe.each(every)('%s', (name, experiment) => {
  it('gives the same metrics for the same seed, and other metrics for another seed', () => {
    const run = (seed: number) => {
      const session = createSession({ ...experiment, seed } as AnyExperiment);
      const metrics = session.train(5);
      session.dispose();
      return metrics;
    };
    const first = run(3);
    expect(run(3)).toEqual(first);
    expect(run(4)).not.toEqual(first);
  });

  it('keeps the tensor count flat over 500 steps with reports, and frees everything on dispose', () => {
    const beforeCreate = tf.memory().numTensors;
    const session = createSession(experiment);
    session.train(1);
    session.report();
    const baseline = tf.memory().numTensors;
    for (let done = 0; done < 500; done += 100) {
      session.train(100);
      session.report();
    }
    expect(tf.memory().numTensors, name).toBe(baseline);
    session.dispose();
    expect(tf.memory().numTensors, name).toBe(beforeCreate);
  });
});

describe('a blow-up is caught within one step, with a sentence', () => {
  // Weight clipping keeps every critic weight in [−c, c], so no loss can run away at any learning rate.
  const unbounded = ganObjectives.filter(([name]) => name !== 'wasserstein, clipping');
  it.each(unbounded)('%s at learning rate 10 (plain SGD)', (name, changes) => {
    const sgd = { kind: 'sgd', learningRate: 10 } as const;
    const experiment = experimentOrThrow({
      ...small,
      ...changes,
      discriminator: { ...small.discriminator, ...changes.discriminator },
      optimizers: { discriminator: sgd, generator: sgd },
      data: { kind: 'ring', radius: 10 },
    });
    const session = createSession(experiment);
    let error: unknown;
    let finished = 0;
    try {
      for (; finished < 200; finished++) session.train(1);
    } catch (caught) {
      error = caught;
    }
    session.dispose();
    expect(error, `${name} never diverged`).toBeInstanceOf(TrainingDivergedError);
    const diverged = error as TrainingDivergedError;
    // Caught on the step that went bad: the error names the step train() was on.
    expect(diverged.step).toBe(finished + 1);
    expect(diverged.message).toMatch(/^Training diverged at step \d+: the .+ (became|ran away to) .+ try a lower learning rate/);
  });

  it('a game that runs away says so and suggests a way on', () => {
    const session = createSession(anyExperimentOrThrow({ kind: 'game', game: { kind: 'dirac-gan', loss: 'wasserstein' }, learningRates: { generator: 5, discriminator: 5 } }));
    expect(() => session.train(1000)).toThrow(/ran away at step \d+.*try alternating steps/);
  });
});

describe('least squares (LSGAN, a = 0, b = c = 1)', () => {
  it('trains D towards p_data/(p_data + p_g) against a frozen Gaussian generator', () => {
    const experiment = experimentOrThrow({
      seed: 1,
      data: { kind: 'mixture-1d', components: [{ mean: -1, std: 0.6 }, { mean: 1.5, std: 0.6 }] },
      generator: { kind: 'affine', noiseDim: 1, init: { shift: [0.3], scale: [1] } },
      discriminator: { hidden: [32, 32] },
      objective: { kind: 'least-squares' },
      optimizers: { discriminator: { kind: 'adam', learningRate: 3e-3, beta1: 0.5 } },
      training: { batchSize: 256, generatorSteps: 0 },
    });
    const session = createSession(experiment);
    const meanError = () => {
      const snapshot = session.snapshot({ discriminatorGrid: { x: [-3, 3, 121] } });
      let total = 0;
      let count = 0;
      snapshot.discriminatorGrid!.x.forEach((x, i) => {
        const p = 0.5 * normalPdf(x, -1, 0.6) + 0.5 * normalPdf(x, 1.5, 0.6);
        const q = normalPdf(x, 0.3, 1);
        if (p + q > 0.05) {
          total += Math.abs(snapshot.discriminatorGrid!.values[i] - p / (p + q));
          count++;
        }
      });
      return total / count;
    };
    const untrained = meanError();
    session.train(500);
    const trained = meanError();
    session.dispose();
    expect(trained).toBeLessThan(0.06);
    expect(trained).toBeLessThan(untrained / 4);
  });
});
