/**
 * FusedAdam (one update over a network's flattened weights) against TensorFlow.js's AdamOptimizer
 * (one update per weight tensor): the same weights bit for bit, step after step, on the CPU and WASM
 * backends; and a seeded GAN run gives identical metrics with and without it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import { FusedAdam } from '../../src/engine/fused-adam';
import { optimizerOptions, Trainer } from '../../src/engine/kinds/gan/trainer';
import { createRng } from '../../src/engine/rng';
import { tf } from '../../src/engine/tf';

/** Weights of a 2→64→64→1 MLP's shapes, from a seeded stream. */
function weights(seed: number): tf.Variable[] {
  const rng = createRng(seed);
  return [[2, 64], [64], [64, 64], [64], [64, 1], [1]].map((shape) =>
    tf.tidy(() => tf.tensor(rng.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), -0.5, 0.5), shape).variable()),
  );
}

/** Gradients for step `step`: seeded values of very different sizes (Adam's division sees small and large ones). */
function gradients(variables: tf.Variable[], step: number): tf.NamedTensorMap {
  const rng = createRng(1000 + step);
  const named: tf.NamedTensorMap = {};
  variables.forEach((variable, i) => {
    const values = rng.fillNormal(new Float32Array(variable.size)).map((value) => value * 10 ** ((i % 3) - 2));
    named[variable.name] = tf.tensor(values, variable.shape);
  });
  return named;
}

async function compare(steps: number) {
  const reference = weights(7);
  const fusedWeights = weights(7);
  const adam = tf.train.adam(2e-3, 0.5, 0.999);
  const fused = new FusedAdam(fusedWeights, 2e-3, 0.5, 0.999);
  for (let step = 0; step < steps; step++) {
    const referenceGrads = gradients(reference, step);
    const fusedGrads: tf.NamedTensorMap = {};
    fusedWeights.forEach((variable, i) => (fusedGrads[variable.name] = referenceGrads[reference[i].name]));
    (adam as tf.Optimizer).applyGradients(referenceGrads);
    fused.applyGradients(fusedGrads);
    tf.dispose(Object.values(referenceGrads));
  }
  const a = reference.map((variable) => variable.dataSync().slice());
  const b = fusedWeights.map((variable) => variable.dataSync().slice());
  adam.dispose();
  fused.dispose();
  tf.dispose([...reference, ...fusedWeights]);
  const start = weights(7);
  const initial = start.map((variable) => variable.dataSync().slice());
  tf.dispose(start);
  return { a, b, moved: a.every((values, i) => values.some((value, j) => value !== initial[i][j])) };
}

describe.each(['cpu', 'wasm'] as const)('FusedAdam on %s', (backend) => {
  it('gives TensorFlow.js Adam’s weights bit for bit over 30 steps, and frees its tensors', async () => {
    await initBackend(backend);
    const before = tf.memory().numTensors;
    const { a, b, moved } = await compare(30);
    expect(moved).toBe(true);
    a.forEach((values, i) => expect(Array.from(b[i])).toEqual(Array.from(values)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves a weight without a gradient (and only it) as it was', async () => {
    await initBackend(backend);
    const variables = weights(9);
    const initial = variables.map((variable) => variable.dataSync().slice());
    const fused = new FusedAdam(variables, 1e-2, 0.9, 0.999);
    for (let step = 0; step < 3; step++) {
      const grads = gradients(variables, step);
      tf.dispose(grads[variables[2].name]);
      delete grads[variables[2].name];
      fused.applyGradients(grads);
      tf.dispose(Object.values(grads));
    }
    variables.forEach((variable, i) => {
      const now = variable.dataSync();
      if (i === 2) expect(Array.from(now)).toEqual(Array.from(initial[i]));
      else expect(Array.from(now).some((value, j) => value !== initial[i][j])).toBe(true);
    });
    fused.dispose();
    tf.dispose(variables);
  });
});

describe('a seeded GAN run with FusedAdam', () => {
  afterAll(() => {
    optimizerOptions.fusedAdam = true;
  });

  it('records the same metrics, bit for bit, as with TensorFlow.js Adam (WASM, ring, 60 iterations)', async () => {
    await initBackend('wasm');
    const experiment = experimentOrThrow({
      data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
      generator: { kind: 'mlp', noiseDim: 2, hidden: [64, 64], activation: 'relu' },
      discriminator: { hidden: [64, 64], activation: 'relu' },
      objective: { kind: 'non-saturating' },
      optimizers: { discriminator: { kind: 'adam', learningRate: 5e-4, beta1: 0.5 }, generator: { kind: 'adam', learningRate: 5e-4, beta1: 0.5 } },
      training: { steps: 1000, batchSize: 64, discriminatorSteps: 1, generatorSteps: 1 },
      seed: 3,
    });
    const run = (fused: boolean) => {
      optimizerOptions.fusedAdam = fused;
      const trainer = Trainer.create(experiment);
      const metrics = trainer.train(60);
      trainer.dispose();
      return metrics;
    };
    const unfused = run(false);
    const fused = run(true);
    expect(fused).toEqual(unfused);
    // Not a constant: the losses moved.
    expect(new Set(unfused.map((record) => record.discriminatorLoss)).size).toBeGreaterThan(30);
  });
});
