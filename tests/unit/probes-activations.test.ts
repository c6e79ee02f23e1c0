/**
 * The activation-gradient probe (WGAN-GP Figure 1b): ‖∂L/∂h_l‖ per hidden layer, checked against the
 * chain rule written out by hand for a small ReLU network.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { createMlp } from '../../src/engine/nets';
import { activationGradientNorms } from '../../src/engine/probes';
import { createRng } from '../../src/engine/rng';
import { tf, type Scalar, type Tensor2D } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('activationGradientNorms', () => {
  it('matches the chain rule for a 2 → 3 → 4 → 1 ReLU network and a signed mean loss', () => {
    const before = tf.memory().numTensors;
    const network = createMlp(createRng(7), { inputDim: 2, hidden: [3, 4], outputDim: 1, activation: 'relu', output: 'linear' });
    const input = [0.3, -1.2, 1.5, 0.4, -0.7, 0.9, 2.0, -0.1];
    const rows = input.length / 2;
    const signs = [-1, -1, 1, 1].map((s) => s / 2);
    const norms = tf.tidy(() =>
      activationGradientNorms(network, tf.tensor2d(input, [rows, 2]), (scores) => tf.sum(tf.mul(scores, tf.tensor2d(signs, [rows, 1]))) as Scalar),
    );

    const [w1, b1, w2, b2, w3] = network.variables.map((variable) => Array.from(variable.dataSync()));
    const relu = (v: number) => Math.max(0, v);
    let first = 0;
    let second = 0;
    for (let i = 0; i < rows; i++) {
      const x = input.slice(2 * i, 2 * i + 2);
      const h1 = [0, 1, 2].map((j) => relu(x[0] * w1[j] + x[1] * w1[3 + j] + b1[j]));
      const z2 = [0, 1, 2, 3].map((k) => h1.reduce((s, h, j) => s + h * w2[j * 4 + k], 0) + b2[k]);
      // ∂L/∂h2_k = sign·w3_k; ∂L/∂h1_j = Σ_k sign·w3_k·relu′(z2_k)·W2_jk.
      const g2 = [0, 1, 2, 3].map((k) => signs[i] * w3[k]);
      const g1 = [0, 1, 2].map((j) => [0, 1, 2, 3].reduce((s, k) => s + g2[k] * (z2[k] > 0 ? 1 : 0) * w2[j * 4 + k], 0));
      second += g2.reduce((s, g) => s + g * g, 0);
      first += g1.reduce((s, g) => s + g * g, 0);
    }
    expect(norms).toHaveLength(2);
    expect(norms[0]).toBeCloseTo(Math.sqrt(first), 5);
    expect(norms[1]).toBeCloseTo(Math.sqrt(second), 5);
    network.dispose();
    // Nothing is left behind once the network is gone.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is empty for a network that cannot take offsets', () => {
    const norms = tf.tidy(() => activationGradientNorms({}, tf.zeros([2, 2]) as Tensor2D, (scores) => tf.sum(scores) as Scalar));
    expect(norms).toEqual([]);
  });
});
