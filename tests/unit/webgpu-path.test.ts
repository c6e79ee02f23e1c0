/**
 * Kernels no wider than a WebGPU device binds by default, checked on the CPU backend (CI has no GPU).
 * Trainer.trainAsync, the readback WebGPU needs in Node, is tested beside train in trainer.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow, type ExperimentInput } from '../../src/engine/experiments/schema';
import { Trainer } from '../../src/engine/kinds/gan/trainer';
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
