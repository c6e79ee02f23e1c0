/**
 * No leaks: the live tensor count after the first step (when the optimisers have created their slot
 * variables) stays exactly the same over hundreds of steps and snapshots, and dispose() returns to
 * the count before the trainer existed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import { tf } from '../../src/engine/tf';
import { Trainer } from '../../src/engine/kinds/gan/trainer';
import type { SnapshotRequest } from '../../src/engine/types';

beforeAll(async () => {
  await initBackend('cpu');
});

function expectFlat(experiment: ReturnType<typeof experimentOrThrow>, steps: number, request: SnapshotRequest): void {
  const beforeCreate = tf.memory().numTensors;
  const trainer = Trainer.create(experiment);
  trainer.train(1);
  const baseline = tf.memory().numTensors;
  for (let done = 0; done < steps; done += 50) {
    trainer.train(25);
    trainer.snapshot(request);
    trainer.train(25);
  }
  expect(trainer.step).toBe(steps + 1);
  expect(tf.memory().numTensors).toBe(baseline);
  trainer.dispose();
  expect(tf.memory().numTensors).toBe(beforeCreate);
}

describe('tensor count', () => {
  it('is flat over 500 Adam steps with snapshots (2-D ring, every snapshot part)', () => {
    expectFlat(
      experimentOrThrow({
        data: { kind: 'ring' },
        generator: { hidden: [8, 8] },
        discriminator: { hidden: [8, 8] },
        training: { batchSize: 16, discriminatorSteps: 2 },
      }),
      500,
      { samples: 32, realSamples: 32, sampleGradients: true, discriminatorGrid: { x: [-3, 3, 6], y: [-3, 3, 6] }, modeCoverage: 100 },
    );
  });

  it('is flat for a 1-D mixture with a frozen generator, SGD with momentum, and RMSProp', () => {
    const request: SnapshotRequest = { samples: 16, sampleGradients: true, discriminatorGrid: { x: [-2, 6, 20] }, generatorMap: 8, generatorDensity: 64, modeCoverage: 64 };
    const data = { kind: 'mixture-1d', components: [{ mean: 1, std: 0.5 }, { mean: 4, std: 0.5 }] } as const;
    expectFlat(
      experimentOrThrow({ data, generator: { kind: 'affine', noiseDim: 1 }, discriminator: { hidden: [8] }, training: { batchSize: 16, generatorSteps: 0 } }),
      100,
      request,
    );
    const sgd = { kind: 'sgd', learningRate: 1e-2, momentum: 0.9 } as const;
    const rmsprop = { kind: 'rmsprop', learningRate: 1e-3, momentum: 0.5 } as const;
    expectFlat(
      experimentOrThrow({
        data,
        generator: { noiseDim: 1, hidden: [8] },
        discriminator: { hidden: [8] },
        optimizers: { discriminator: sgd, generator: rmsprop },
        objective: { kind: 'minimax' },
        training: { batchSize: 16, realLabel: 0.9 },
      }),
      100,
      request,
    );
  });
});
