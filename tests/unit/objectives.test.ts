/**
 * The GAN objectives against gan-math.md §3 and §9: for a fixed generator the discriminator loss is
 * minimised by D* = p/(p + q) (α·p/(p + q) with one-sided label smoothing α), and at D* the value
 * function equals 2·JS − log 4.
 *
 * Expectations over discrete distributions are written as batch means: a batch holding each support
 * point in proportion to its probability (case (b): p = [0.1, 0.2, 0.3, 0.4] → 1, 2, 3, 4 copies;
 * q uniform → 1 copy each) has batch means equal to the exact expectations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getObjective, minimax, nonSaturating } from '../../src/engine/objectives';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

interface DiscreteCase {
  p: number[];
  q: number[];
  /** Copies of each support point in the real and fake batches (proportional to p and q). */
  realCopies: number[];
  fakeCopies: number[];
}

const caseB: DiscreteCase = { p: [0.1, 0.2, 0.3, 0.4], q: [0.25, 0.25, 0.25, 0.25], realCopies: [1, 2, 3, 4], fakeCopies: [1, 1, 1, 1] };
const caseC: DiscreteCase = { p: [0.8, 0.2], q: [0.4, 0.6], realCopies: [4, 1], fakeCopies: [2, 3] };

const indices = (copies: number[]) => copies.flatMap((count, point) => new Array<number>(count).fill(point));
const logit = (d: number) => Math.log(d / (1 - d));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The discriminator loss as a function of one logit per support point. */
function lossOfPointLogits(c: DiscreteCase, realLabel: number) {
  const real = tf.tensor1d(indices(c.realCopies), 'int32');
  const fake = tf.tensor1d(indices(c.fakeCopies), 'int32');
  const loss = (pointLogits: tf.Tensor) => minimax.discriminatorLoss(tf.gather(pointLogits, real), tf.gather(pointLogits, fake), { realLabel });
  return { loss, dispose: () => { real.dispose(); fake.dispose(); } };
}

/**
 * Minimise the loss over the per-point logits by plain gradient descent; return D = σ(logits).
 * The loss is separable and its curvature in each logit is at most (p + q)/4 ≤ 0.5, so a step of 2
 * is stable and 500 steps converge far below the tolerance.
 */
function trainPointDiscriminator(c: DiscreteCase, realLabel: number): number[] {
  const { loss, dispose } = lossOfPointLogits(c, realLabel);
  const gradient = tf.grad(loss);
  let logits = tf.zeros([c.p.length]);
  for (let step = 0; step < 500; step++) {
    const next = tf.tidy(() => tf.sub(logits, tf.mul(2, gradient(logits))));
    logits.dispose();
    logits = next;
  }
  const d = Array.from(tf.tidy(() => tf.sigmoid(logits)).dataSync());
  logits.dispose();
  dispose();
  return d;
}

describe('optimal discriminator (gan-math §9.1)', () => {
  it.each([
    ['(b)', caseB, [0.285714, 0.444444, 0.545455, 0.615385]],
    ['(c)', caseC, [0.666667, 0.25]],
  ] as const)('case %s: minimising L_D gives D* = p/(p + q)', (_, c, expected) => {
    // Independent: p/(p + q) from the case's own numbers, and the tabulated values.
    const byFormula = c.p.map((p, i) => p / (p + c.q[i]));
    const trained = trainPointDiscriminator(c, 1);
    trained.forEach((d, i) => {
      expect(d).toBeCloseTo(byFormula[i], 4);
      expect(d).toBeCloseTo(expected[i], 4);
    });
  });

  it.each([
    ['(b)', caseB, [0.257143, 0.4, 0.490909, 0.553846]],
    ['(c)', caseC, [0.6, 0.225]],
  ] as const)('case %s: with one-sided label smoothing α = 0.9, D* = 0.9·p/(p + q)', (_, c, expected) => {
    const trained = trainPointDiscriminator(c, 0.9);
    trained.forEach((d, i) => expect(d).toBeCloseTo(expected[i], 4));
  });

  it.each([
    ['(b)', caseB, -1.33056],
    ['(c)', caseC, -1.21369],
  ] as const)('case %s: V(D*, G) = −L_D(logit D*) = 2·JS − log 4', (_, c, expected) => {
    const { loss, dispose } = lossOfPointLogits(c, 1);
    const atOptimum = tf.tensor1d(c.p.map((p, i) => logit(p / (p + c.q[i]))));
    const value = -tf.tidy(() => loss(atOptimum)).dataSync()[0];
    // Independent check: 2·JS − log 4 computed here from p and q.
    const m = c.p.map((p, i) => (p + c.q[i]) / 2);
    const kl = (a: number[]) => a.reduce((sum, ai, i) => sum + ai * Math.log(ai / m[i]), 0);
    const js = (kl(c.p) + kl(c.q)) / 2;
    expect(value).toBeCloseTo(2 * js - Math.log(4), 5);
    expect(value).toBeCloseTo(expected, 5);
    // D* is a stationary point: the gradient of L_D with respect to every logit vanishes there.
    const gradient = tf.tidy(() => Array.from(tf.grad(loss)(atOptimum).dataSync()));
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-6);
    atOptimum.dispose();
    dispose();
  });

  it('with the generator matching the data, D* = ½ and V = −log 4', () => {
    const { loss, dispose } = lossOfPointLogits({ p: [0.5, 0.5], q: [0.5, 0.5], realCopies: [1, 1], fakeCopies: [1, 1] }, 1);
    const value = -tf.tidy(() => loss(tf.zeros([2]))).dataSync()[0];
    expect(value).toBeCloseTo(-Math.log(4), 6);
    dispose();
  });
});

describe('generator losses', () => {
  const logits = [-30, -4, -0.5, 0, 0.5, 4, 30];

  it('minimax L_G = log(1 − D) and non-saturating L_G = −log D, per sample', () => {
    for (const v of logits) {
      const d = sigmoid(v);
      const minimaxValue = tf.tidy(() => minimax.generatorLoss(tf.tensor1d([v])).dataSync()[0]);
      const nonSaturatingValue = tf.tidy(() => nonSaturating.generatorLoss(tf.tensor1d([v])).dataSync()[0]);
      // In double precision: log(1 − σ(v)) = −log(1 + eᵛ) and −log σ(v) = log(1 + e⁻ᵛ) avoid the
      // cancellation in 1 − σ(v) for large v; for moderate v, check the σ form directly too.
      expect(minimaxValue).toBeCloseTo(-Math.log1p(Math.exp(v)), 5);
      expect(nonSaturatingValue).toBeCloseTo(Math.log1p(Math.exp(-v)), 5);
      if (Math.abs(v) < 5) {
        expect(minimaxValue).toBeCloseTo(Math.log(1 - d), 5);
        expect(nonSaturatingValue).toBeCloseTo(-Math.log(d), 5);
      }
    }
  });

  it('the gradients are −σ(v) (minimax) and −(1 − σ(v)) (non-saturating): only the first vanishes as D → 0', () => {
    const v = tf.tensor1d(logits);
    const minimaxGrad = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.mul(minimax.generatorLoss(x), logits.length))(v).dataSync()));
    const nonSaturatingGrad = tf.tidy(() =>
      Array.from(tf.grad((x: tf.Tensor) => tf.mul(nonSaturating.generatorLoss(x), logits.length))(v).dataSync()),
    );
    logits.forEach((value, i) => {
      expect(minimaxGrad[i]).toBeCloseTo(-sigmoid(value), 5);
      expect(nonSaturatingGrad[i]).toBeCloseTo(-(1 - sigmoid(value)), 5);
    });
    // D(G(z)) = σ(−4) ≈ 0.018: the saturating gradient is 1/σ(−4) − 1 = e⁴ ≈ 55 times smaller.
    expect(nonSaturatingGrad[1] / minimaxGrad[1]).toBeCloseTo(Math.exp(4), 2);
    v.dispose();
  });

  it('stays finite for extreme logits', () => {
    const extreme = tf.tensor1d([-1e4, 1e4]);
    const values = tf.tidy(() => [
      minimax.discriminatorLoss(extreme, extreme, { realLabel: 0.9 }).dataSync()[0],
      minimax.generatorLoss(extreme).dataSync()[0],
      nonSaturating.generatorLoss(extreme).dataSync()[0],
    ]);
    for (const value of values) expect(Number.isFinite(value)).toBe(true);
    extreme.dispose();
  });
});

describe('objective records', () => {
  it('are chosen by the schema kind and draw D = σ(V)', () => {
    expect(getObjective({ kind: 'minimax', r1Weight: 0 }).id).toBe(minimax.id);
    expect(getObjective({ kind: 'non-saturating', r1Weight: 0 }).id).toBe(nonSaturating.id);
    const d = tf.tidy(() => Array.from(nonSaturating.discriminatorOutput(tf.tensor1d([-2, 0, 3])).dataSync()));
    [-2, 0, 3].forEach((v, i) => expect(d[i]).toBeCloseTo(sigmoid(v), 6));
  });
});
