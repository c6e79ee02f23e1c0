/**
 * What the engine needs to train on WebGPU, checked on the CPU backend (CI has no GPU): training with
 * the numbers read back asynchronously (the only readback WebGPU has in Node) gives exactly what the
 * synchronous path gives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow, type ExperimentInput } from '../../src/engine/experiments/schema';
import { Trainer, TrainingDivergedError } from '../../src/engine/kinds/gan/trainer';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

const deep = (hidden: number[], changes: ExperimentInput = {}) =>
  experimentOrThrow({
    data: { kind: 'ring' },
    generator: { kind: 'mlp', noiseDim: 2, hidden, activation: 'relu', output: 'linear' },
    discriminator: { hidden, activation: 'relu' },
    training: { batchSize: 16 },
    seed: 3,
    ...changes,
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
