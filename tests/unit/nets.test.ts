import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import { createAffine, createDiscriminator, createGenerator, createMlp, LEAKY_RELU_SLOPE } from '../../src/engine/nets';
import { createRng } from '../../src/engine/rng';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

const weightsOf = (variables: tf.Variable[]) => variables.map((v) => Array.from(v.dataSync()));

describe('createMlp', () => {
  it('has one weight matrix and one bias per layer, with the right shapes', () => {
    const net = createMlp(createRng(1), { inputDim: 2, hidden: [5, 3], outputDim: 1, activation: 'relu', output: 'linear' });
    expect(net.variables.map((v) => v.shape)).toEqual([[2, 5], [5], [5, 3], [3], [3, 1], [1]]);
    const y = tf.tidy(() => net.apply(tf.zeros([7, 2])));
    expect(y.shape).toEqual([7, 1]);
    y.dispose();
    net.dispose();
  });

  it('initialises from the rng: same seed, same weights; He limits for ReLU, Glorot for the output', () => {
    const spec = { inputDim: 4, hidden: [64], outputDim: 2, activation: 'relu', output: 'linear' } as const;
    const a = createMlp(createRng(3), spec);
    const b = createMlp(createRng(3), spec);
    const c = createMlp(createRng(4), spec);
    expect(weightsOf(b.variables)).toEqual(weightsOf(a.variables));
    expect(weightsOf(c.variables)).not.toEqual(weightsOf(a.variables));
    const [hiddenWeights, hiddenBias, outputWeights] = weightsOf(a.variables);
    const heLimit = Math.sqrt(6 / 4);
    const glorotLimit = Math.sqrt(6 / (64 + 2));
    expect(Math.max(...hiddenWeights.map(Math.abs))).toBeLessThanOrEqual(heLimit);
    // With 256 uniform draws the largest magnitude comes close to the limit.
    expect(Math.max(...hiddenWeights.map(Math.abs))).toBeGreaterThan(0.9 * heLimit);
    expect(Math.max(...outputWeights.map(Math.abs))).toBeLessThanOrEqual(glorotLimit);
    expect(hiddenBias.every((v) => v === 0)).toBe(true);
    for (const net of [a, b, c]) net.dispose();
  });

  it('computes h = act(x W + b) layer by layer (checked by hand on a one-hidden-layer net)', () => {
    for (const activation of ['relu', 'leaky-relu', 'tanh', 'elu', 'sigmoid'] as const) {
      const net = createMlp(createRng(5), { inputDim: 2, hidden: [3], outputDim: 1, activation, output: 'tanh' });
      const [w1, b1, w2, b2] = weightsOf(net.variables);
      const act = {
        relu: (v: number) => Math.max(0, v),
        'leaky-relu': (v: number) => (v > 0 ? v : LEAKY_RELU_SLOPE * v),
        tanh: Math.tanh,
        elu: (v: number) => (v > 0 ? v : Math.exp(v) - 1),
        sigmoid: (v: number) => 1 / (1 + Math.exp(-v)),
      }[activation];
      const x = [0.7, -1.3];
      const hidden = [0, 1, 2].map((j) => act(x[0] * w1[j] + x[1] * w1[3 + j] + b1[j]));
      const expected = Math.tanh(hidden[0] * w2[0] + hidden[1] * w2[1] + hidden[2] * w2[2] + b2[0]);
      const y = tf.tidy(() => net.apply(tf.tensor2d([x])).dataSync()[0]);
      expect(y).toBeCloseTo(expected, 5);
      net.dispose();
    }
  });

  it('dispose frees every variable', () => {
    const before = tf.memory().numTensors;
    const net = createMlp(createRng(1), { inputDim: 2, hidden: [8, 8], outputDim: 2, activation: 'tanh', output: 'linear' });
    expect(tf.memory().numTensors).toBe(before + 6);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('generators and discriminators from the schema', () => {
  it("the 'affine' generator is x = A z + b", () => {
    const experiment = experimentOrThrow({ data: { kind: 'ring' }, generator: { kind: 'affine', noiseDim: 3 } });
    const generator = createGenerator(createRng(2), experiment.generator, 2);
    const [a, b] = weightsOf(generator.variables); // A stored transposed: 3 × 2
    const z = [0.5, -1, 2];
    const x = tf.tidy(() => Array.from(generator.apply(tf.tensor2d([z])).dataSync()));
    for (let j = 0; j < 2; j++) expect(x[j]).toBeCloseTo(z[0] * a[j] + z[1] * a[2 + j] + z[2] * a[4 + j] + b[j], 5);
    generator.dispose();
    const direct = createAffine(createRng(2), 3, 2);
    expect(weightsOf(direct.variables)).toEqual([a, b]);
    direct.dispose();
  });

  it('the MLP generator maps noiseDim → data dim and the discriminator data dim → one score', () => {
    const experiment = experimentOrThrow({ generator: { noiseDim: 4, hidden: [16] }, discriminator: { hidden: [8, 8] } });
    const generator = createGenerator(createRng(1), experiment.generator, 2);
    const discriminator = createDiscriminator(createRng(2), experiment.discriminator, 2);
    const shapes = tf.tidy(() => {
      const x = generator.apply(tf.zeros([5, 4]));
      return [x.shape, discriminator.apply(x).shape];
    });
    expect(shapes).toEqual([[5, 2], [5, 1]]);
    generator.dispose();
    discriminator.dispose();
  });
});
