/**
 * Chapter 6's exercises and worked examples, recomputed: each numeric answer in the chapter's MDX is
 * checked against a computation with the engine's linear algebra (or plain arithmetic), so that the
 * page and the numbers cannot drift apart. The values were first computed independently with numpy.
 */
import { describe, expect, it } from 'vitest';
import {
  normalisedOnes,
  powerIteration,
  predictedErrorRatio,
  singularValueDecomposition,
  singularValues,
  spectralNorm,
  type Matrix,
} from '../../src/engine/linalg';
import { chapterAnswers } from './chapter-sources';

const { mdx, expectAnswer } = chapterAnswers('spectral-normalisation');

const hinge = (real: number[], fake: number[]) =>
  real.reduce((s, d) => s + Math.max(0, 1 - d), 0) / real.length + fake.reduce((s, d) => s + Math.max(0, 1 + d), 0) / fake.length;

/** The matrix of a single-channel 3 × 3 convolution with wrap-around on a side × side image. */
function circularConvolution(kernel: number[], side: number): Matrix {
  const matrix: Matrix = Array.from({ length: side * side }, () => new Array<number>(side * side).fill(0));
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++)
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++)
          matrix[r * side + c][((r + dr + side) % side) * side + ((c + dc + side) % side)] += kernel[(dr + 1) * 3 + dc + 1];
  return matrix;
}

/** The Lipschitz constant of x ↦ w₂ᵀ relu(W₁x) for invertible 2 × 2 W₁: the largest ‖w₂ᵀ D W₁‖ over on/off patterns D. */
function twoLayerLipschitz(w1: Matrix, w2: number[]): number {
  let best = 0;
  for (const mask of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
    const row = [0, 1].map((j) => w2.reduce((s, w, i) => s + w * mask[i] * w1[i][j], 0));
    best = Math.max(best, Math.hypot(...row));
  }
  return best;
}

describe('Chapter 6 exercises', () => {
  it('6.1: σ([[3,0],[4,5]]) = √45', () => expectAnswer('ex-6-1', spectralNorm([[3, 0], [4, 5]])));
  it('6.2: one iteration for diag(2, 1) from ones', () => expectAnswer('ex-6-2', powerIteration([[2, 0], [0, 1]], normalisedOnes(2), 1)[0].sigma));
  it('6.3: (σ₂/σ₁)⁴ for 1 and 0.5', () => expectAnswer('ex-6-3', predictedErrorRatio([1, 0.5])));
  it('6.4: ∂σ/∂W₁₁ for [[1,2],[3,4]], as u₁v₁ᵀ and by a central difference', () => {
    const { left, right } = singularValueDecomposition([[1, 2], [3, 4]]);
    expectAnswer('ex-6-4', left[0][0] * right[0][0]);
    const h = 1e-6;
    expectAnswer('ex-6-4', (spectralNorm([[1 + h, 2], [3, 4]]) - spectralNorm([[1 - h, 2], [3, 4]])) / (2 * h));
  });
  it('6.5: the product bound ‖w₂‖σ(W₁), and the true constant below it', () => {
    const w1: Matrix = [[1, 2], [3, 4]];
    const w2 = [0.6, 0.8];
    expectAnswer('ex-6-5', Math.hypot(...w2) * spectralNorm(w1));
    expect(twoLayerLipschitz(w1, w2)).toBeCloseTo(5.3254, 4);
  });
  it('6.6: second singular value after normalisation', () => {
    const [s1, s2] = singularValues([[3, 0], [4, 5]]);
    expectAnswer('ex-6-6', s2 / s1);
  });
  it('6.7: the hinge loss of a minibatch', () => expectAnswer('ex-6-7', hinge([2, 0.5], [-0.5, 0.3])));
  it('6.8: the pointwise optimum of the hinge critic, by a grid search over t', () => {
    let best = Infinity;
    for (let t = -3; t <= 3; t += 0.001) best = Math.min(best, 0.7 * Math.max(0, 1 - t) + 0.3 * Math.max(0, 1 + t));
    expectAnswer('ex-6-8', best);
  });
  it('6.9: the largest σ of a 128 × 128 matrix with entries in [−0.01, 0.01]', () => {
    // The rank-one matrix 0.01·11ᵀ: one power iteration from ones is exact (ones is its top singular vector).
    const clipped = Array.from({ length: 128 }, () => new Array<number>(128).fill(0.01));
    expectAnswer('ex-6-9', powerIteration(clipped, normalisedOnes(128), 1)[0].sigma);
    // …and it equals the Frobenius bound, so nothing in the box does better; the exact SVD agrees at width 32.
    expectAnswer('ex-6-9', Math.sqrt(128 * 128 * 0.01 ** 2));
    expect(spectralNorm(Array.from({ length: 32 }, () => new Array<number>(32).fill(0.01)))).toBeCloseTo(0.32, 12);
  });
  it('6.10: the all-ones 3 × 3 kernel: reshaped 3, circular convolution 9', () => {
    const ones = new Array<number>(9).fill(1);
    expect(spectralNorm([ones])).toBeCloseTo(3, 12);
    expectAnswer('ex-6-10', spectralNorm(circularConvolution(ones, 4)));
  });
  it('6.11: [[2,−1],[−1,2]] from ones stays at 1', () => {
    expect(mdx).toContain('answer={"It stays at 1"}');
    for (const { sigma } of powerIteration([[2, -1], [-1, 2]], normalisedOnes(2), 30)) expect(sigma).toBeCloseTo(1, 12);
  });
});

describe('Chapter 6 worked examples', () => {
  it('the two-layer example: bound 10, true constant √52', () => {
    expect(5 * spectralNorm([[2, 0], [0, 1]])).toBeCloseTo(10, 12);
    expect(twoLayerLipschitz([[2, 0], [0, 1]], [3, 4])).toBeCloseTo(Math.sqrt(52), 12);
    expect(mdx).toContain('7.2111');
  });
  it('the slow example needs 28 iterations to reach an error below 1e-6', () => {
    const errors = powerIteration([[1, 0], [0, 0.9]], normalisedOnes(2), 40).map(({ sigma }) => 1 - sigma);
    expect(errors.findIndex((error) => error < 1e-6) + 1).toBe(28);
  });
  it('the trapped start computed as (cos π/4, sin π/4) escapes by rounding: 1.0000 ×14, then 1.0093 at 16, 1.51 at 17, 3 by 20', () => {
    const sigmas = powerIteration([[2, -1], [-1, 2]], [Math.cos(Math.PI / 4), Math.sin(Math.PI / 4)], 20).map(({ sigma }) => sigma);
    for (let k = 0; k < 14; k++) expect(sigmas[k].toFixed(4)).toBe('1.0000');
    expect(sigmas[15].toFixed(4)).toBe('1.0093');
    expect(sigmas[16].toFixed(2)).toBe('1.51');
    expect(sigmas[19]).toBeCloseTo(3, 4);
  });
  it('the hinge example in the text: 1.1; the gradient of σ for A; the Laplacian 4.47214 against 8', () => {
    expect(hinge([1.5, 0.2], [-2, 0.4])).toBeCloseTo(1.1, 12);
    const { left, right } = singularValueDecomposition([[1, 2], [3, 4]]);
    expect(Math.abs(left[0][1] * right[0][1])).toBeCloseTo(0.7475, 4);
    expect(Math.abs(left[0][0] * right[0][1])).toBeCloseTo(0.3307, 4);
    expect(Math.abs(left[0][1] * right[0][0])).toBeCloseTo(0.5268, 4);
    const laplacian = [0, 1, 0, 1, -4, 1, 0, 1, 0];
    expect(spectralNorm([laplacian])).toBeCloseTo(4.47214, 5);
    expect(spectralNorm(circularConvolution(laplacian, 4))).toBeCloseTo(8, 10);
  });
});
