/**
 * What the engine needs to train on WebGPU, checked on the CPU backend (CI has no GPU): kernels no
 * wider than a WebGPU device binds by default, and training with the numbers read back
 * asynchronously (the only readback WebGPU has in Node) giving exactly what the synchronous path gives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow, type ExperimentInput } from '../../src/engine/experiments/schema';
import { Trainer, TrainingDivergedError } from '../../src/engine/kinds/gan/trainer';
import { addMany, tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

/** WebGPU's default maxStorageBuffersPerShaderStage (the WebGPU specification's limit table). */
const storageBuffersPerStage = 8;

/** The widest AddN (inputs) among the kernels `work` runs. */
async function widestAddN(work: () => unknown): Promise<number> {
  const { kernels } = await tf.profile(() => void work());
  return Math.max(0, ...kernels.filter((kernel) => kernel.name === 'AddN').map((kernel) => kernel.inputShapes.length));
}

const deep = (hidden: number[], changes: ExperimentInput = {}) =>
  experimentOrThrow({
    data: { kind: 'ring' },
    generator: { kind: 'mlp', noiseDim: 2, hidden, activation: 'relu', output: 'linear' },
    discriminator: { hidden, activation: 'relu' },
    training: { batchSize: 16 },
    seed: 3,
    ...changes,
  });

describe('kernels fit a WebGPU device’s default limits', () => {
  it('addMany sums 20 tensors exactly, in AddN kernels that leave a storage buffer for the output', async () => {
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) / 8);
    let total = Number.NaN;
    const widest = await widestAddN(() => (total = tf.tidy(() => addMany(values.map((v) => tf.scalar(v))).dataSync()[0])));
    expect(total).toBeCloseTo(values.reduce((a, b) => a + b, 0), 5);
    expect(widest + 1).toBeLessThanOrEqual(storageBuffersPerStage);
  });

  // Three hidden layers made an AddN of 8 gradients (4 weights, 4 biases) in the gradient norm: on an
  // H200 through Dawn it failed validation and training "diverged" with NaN samples at step 8.
  it.each([
    ['three hidden layers, non-saturating, Adam', deep([32, 32, 32])],
    ['eight hidden layers (the schema’s most), non-saturating, Adam', deep([8, 8, 8, 8, 8, 8, 8, 8])],
    ['eight hidden layers, WGAN-GP', deep([8, 8, 8, 8, 8, 8, 8, 8], { objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } } })],
  ])('%s: every AddN of a training iteration fits', async (_name, experiment) => {
    const trainer = Trainer.create(experiment);
    try {
      trainer.train(1); // optimiser slots exist from here on
      expect((await widestAddN(() => trainer.train(2))) + 1).toBeLessThanOrEqual(storageBuffersPerStage);
    } finally {
      trainer.dispose();
    }
  });
});

describe('Trainer.trainAsync', () => {
  it('gives the same step records as train, chunk by chunk, and frees its tensors', async () => {
    const experiment = deep([16, 16]);
    const before = tf.memory().numTensors;
    const sync = Trainer.create(experiment);
    const async = Trainer.create(experiment);
    for (const chunk of [1, 5, 3]) expect(await async.trainAsync(chunk)).toEqual(sync.train(chunk));
    expect(async.step).toBe(9);
    sync.dispose();
    async.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops a run that blows up with the same TrainingDivergedError as train', async () => {
    const exploding = experimentOrThrow({
      seed: 1,
      data: { kind: 'mixture-1d', components: [{ mean: 20, std: 10 }] },
      generator: { kind: 'affine', noiseDim: 1 },
      discriminator: { hidden: [] },
      optimizers: { discriminator: { kind: 'sgd', learningRate: 10 }, generator: { kind: 'sgd', learningRate: 10 } },
      training: { batchSize: 16 },
    });
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
});
