/**
 * The engine pieces added for Chapter 5's figures: the 'segment' data (WGAN's parallel lines), the
 * affine generator with a zero scale (a segment as the model), the parameter-free 'data-plus-noise'
 * generator (WGAN-GP's fixed generator) and critics up to 12 hidden layers deep. Each new training
 * path is checked for determinism per seed, a flat tensor count, and a loud, kind error when it
 * diverges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { createSampler } from '../../src/engine/data';
import { experimentOrThrow, parseExperiment, type ExperimentInput } from '../../src/engine/experiments/schema';
import { Trainer, TrainingDivergedError } from '../../src/engine/kinds/gan/trainer';
import { createRng } from '../../src/engine/rng';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

const segmentCritic: ExperimentInput = {
  data: { kind: 'segment', start: [0, 0], end: [0, 1] },
  generator: { kind: 'affine', noiseDim: 2, noise: 'uniform', init: { shift: [0.5, 0.5], scale: [0, 0.5] } },
  discriminator: { hidden: [8] },
  objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10 } },
  training: { batchSize: 32, generatorSteps: 0 },
  seed: 3,
};

const fixedGenerator: ExperimentInput = {
  data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
  generator: { kind: 'data-plus-noise', noiseStd: 1 },
  discriminator: { hidden: [8] },
  objective: { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } },
  training: { batchSize: 32, generatorSteps: 0 },
  seed: 4,
};

function moments(values: Float32Array, dim: number, axis: number): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  const n = values.length / dim;
  for (let i = 0; i < n; i++) {
    const value = values[i * dim + axis];
    sum += value;
    squares += value * value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean, min, max };
}

describe('segment data', () => {
  it('is uniform on the segment from start to end', () => {
    const sampler = createSampler(experimentOrThrow({ data: { kind: 'segment', start: [1, -1], end: [3, 3] } }).data);
    expect(sampler.dim).toBe(2);
    const values = sampler.sample(createRng(1), 20000);
    // x = 1 + 2u, y = −1 + 4u with u ∼ U[0, 1]: means 2 and 1, variances 4/12 and 16/12.
    const first = moments(values, 2, 0);
    const second = moments(values, 2, 1);
    expect(first.mean).toBeCloseTo(2, 1);
    expect(first.variance).toBeCloseTo(4 / 12, 1);
    expect(second.mean).toBeCloseTo(1, 1);
    expect(second.variance).toBeCloseTo(16 / 12, 1);
    expect(first.min).toBeGreaterThanOrEqual(1);
    expect(first.max).toBeLessThanOrEqual(3);
    // Every point lies on the line y = 2x − 3.
    for (let i = 0; i < 100; i++) expect(values[2 * i + 1]).toBeCloseTo(2 * values[2 * i] - 3, 4);
  });

  it('defaults to WGAN’s P₀, the unit segment on the x₂ axis', () => {
    const data = experimentOrThrow({ data: { kind: 'segment' } }).data;
    expect(data).toEqual({ kind: 'segment', start: [0, 0], end: [0, 1] });
  });

  it('rejects a malformed end point with a message naming the field', () => {
    const result = parseExperiment({ data: { kind: 'segment', end: [0] } });
    expect(result.ok).toBe(false);
  });
});

describe('an affine generator with a zero scale draws a segment', () => {
  it('P_θ = (θ, Z): the first coordinate is exactly θ, the second uniform on [0, 1]', () => {
    const trainer = Trainer.create(experimentOrThrow({ ...segmentCritic, generator: { ...segmentCritic.generator, init: { shift: [-0.3, 0.5], scale: [0, 0.5] } } }));
    const samples = trainer.snapshot({ samples: 4000 }).samples!;
    trainer.dispose();
    const first = moments(samples, 2, 0);
    const second = moments(samples, 2, 1);
    expect(first.min).toBeCloseTo(-0.3, 6);
    expect(first.max).toBeCloseTo(-0.3, 6);
    expect(second.mean).toBeCloseTo(0.5, 1);
    expect(second.variance).toBeCloseTo(1 / 12, 2);
    expect(second.min).toBeGreaterThanOrEqual(0);
    expect(second.max).toBeLessThanOrEqual(1);
  });
});

describe("the 'data-plus-noise' generator", () => {
  it('draws data points plus N(0, noiseStd²) noise', () => {
    const trainer = Trainer.create(experimentOrThrow({ ...fixedGenerator, generator: { kind: 'data-plus-noise', noiseStd: 0.5 } }));
    const samples = trainer.snapshot({ samples: 20000 }).samples!;
    trainer.dispose();
    // The ring's coordinates have mean 0 and variance r²/2 + std² = 2.0004; the noise adds 0.25.
    for (const axis of [0, 1]) {
      const { mean, variance } = moments(samples, 2, axis);
      expect(Math.abs(mean)).toBeLessThan(0.05);
      expect(variance).toBeGreaterThan(2.25 * 0.95);
      expect(variance).toBeLessThan(2.25 * 1.05);
    }
  });

  it('adds N(0, I) when noiseStd is left out, and other generators carry no noiseStd', () => {
    const trainer = Trainer.create(experimentOrThrow({ ...fixedGenerator, generator: { kind: 'data-plus-noise' } }));
    const samples = trainer.snapshot({ samples: 20000 }).samples!;
    trainer.dispose();
    const { variance } = moments(samples, 2, 0);
    expect(variance).toBeGreaterThan(3.0004 * 0.95);
    expect(variance).toBeLessThan(3.0004 * 1.05);
    expect(experimentOrThrow({}).generator).not.toHaveProperty('noiseStd');
  });

  it('has no parameters, so it must be frozen: generatorSteps other than 0 is refused with a reason', () => {
    const result = parseExperiment({ ...fixedGenerator, training: { generatorSteps: 1 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result)).toMatch(/generatorSteps.*no parameters|no parameters/);
  });
});

describe('depth', () => {
  it('allows a discriminator of 12 hidden layers (WGAN-GP Figure 1b), not 13, and keeps the generator at 8', () => {
    expect(parseExperiment({ discriminator: { hidden: Array(12).fill(8) } }).ok).toBe(true);
    expect(parseExperiment({ discriminator: { hidden: Array(13).fill(8) } }).ok).toBe(false);
    expect(parseExperiment({ generator: { hidden: Array(9).fill(8) } }).ok).toBe(false);
  });
});

describe('the new training paths', () => {
  const paths: Array<[string, ExperimentInput]> = [
    ['segment data, affine segment generator, gradient penalty', segmentCritic],
    ['data + noise generator, clipping', fixedGenerator],
    ['data + noise generator, 12-layer critic, gradient penalty', { ...fixedGenerator, discriminator: { hidden: Array(12).fill(4) }, objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10 } } }],
  ];

  for (const [name, input] of paths) {
    it(`${name}: the same seed gives the same numbers`, () => {
      const first = Trainer.create(experimentOrThrow(input));
      const second = Trainer.create(experimentOrThrow(input));
      const a = first.train(5);
      const b = second.train(5);
      const estimateA = first.snapshot({ wassersteinEstimate: 200 }).wassersteinEstimate;
      const estimateB = second.snapshot({ wassersteinEstimate: 200 }).wassersteinEstimate;
      first.dispose();
      second.dispose();
      expect(b).toEqual(a);
      expect(estimateB).toBe(estimateA);
      const other = Trainer.create(experimentOrThrow({ ...input, seed: 99 }));
      const c = other.train(5);
      other.dispose();
      expect(c).not.toEqual(a);
    });
  }

  it('the tensor count stays flat over 500 steps (data + noise generator, penalty, with snapshots)', () => {
    const trainer = Trainer.create(experimentOrThrow(paths[2][1]));
    trainer.train(1);
    trainer.snapshot({ wassersteinEstimate: 100, layerGradientNorms: 16, discriminatorGrid: { x: [-3, 3, 5], y: [-3, 3, 5] } });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      trainer.train(50);
      trainer.snapshot({ wassersteinEstimate: 100, layerGradientNorms: 16, discriminatorGrid: { x: [-3, 3, 5], y: [-3, 3, 5] } });
    }
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('the tensor count stays flat over 500 steps (segment data, affine generator)', () => {
    const trainer = Trainer.create(experimentOrThrow(segmentCritic));
    trainer.train(1);
    const before = tf.memory().numTensors;
    trainer.train(500);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('a run-away critic is caught at the step it happens, with a sentence that says what to do', () => {
    // No constraint and a huge learning rate: the critic's scores grow without bound at once.
    const trainer = Trainer.create(
      experimentOrThrow({
        ...fixedGenerator,
        objective: { kind: 'wasserstein', constraint: { kind: 'none' } },
        optimizers: { discriminator: { kind: 'sgd', learningRate: 10 } },
        training: { batchSize: 32, generatorSteps: 0 },
      }),
    );
    let caught: unknown;
    try {
      trainer.train(50);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TrainingDivergedError);
    const error = caught as TrainingDivergedError;
    // Every step before the bad one is reported, none after it.
    expect(error.metrics).toHaveLength(error.step - 1);
    expect(error.metrics.every((entry) => Number.isFinite(entry.discriminatorLoss) && Math.abs(entry.discriminatorLoss) <= 1e6)).toBe(true);
    expect(error.message).toMatch(/^Training diverged at step \d+: the .+\. .*try a lower learning rate/);
    trainer.dispose();
  });
});
