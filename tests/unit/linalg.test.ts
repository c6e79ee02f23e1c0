/**
 * Power iteration and exact singular values (src/engine/linalg.ts) against gan-math §9.3 and §11.4.
 * The expected numbers were also recomputed independently with numpy (np.linalg.svd and the same
 * three-line power step in double precision) before they were written here.
 */
import { describe, expect, it } from 'vitest';
import {
  matrixProblem,
  normalisedOnes,
  powerIteration,
  powerIterationStep,
  predictedErrorRatio,
  singularValueDecomposition,
  singularValues,
  spectralNorm,
  unitCircleImage,
  type Matrix,
} from '../../src/engine/linalg';
import { createRng } from '../../src/engine/rng';

const hilbert3: Matrix = [
  [1, 1 / 2, 1 / 3],
  [1 / 2, 1 / 3, 1 / 4],
  [1 / 3, 1 / 4, 1 / 5],
];

/** σ̂ after 1, 2, 3, … iterations from u₀ = ones/‖ones‖. */
function trace(matrix: Matrix, iterations = 3): number[] {
  return powerIteration(matrix, normalisedOnes(matrix.length), iterations).map((iterate) => iterate.sigma);
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]), `entry ${i}: ${value} vs ${expected[i]}`).toBeLessThan(tolerance));
}

describe('gan-math §11.4: every row of the table', () => {
  const table: Array<{ name: string; matrix: Matrix; values: number[]; estimates: number[] }> = [
    { name: 'rotation [[0,−2],[2,0]]', matrix: [[0, -2], [2, 0]], values: [2, 2], estimates: [2, 2, 2] },
    { name: 'slow [[1,0],[0,0.9]]', matrix: [[1, 0], [0, 0.9]], values: [1, 0.9], estimates: [0.956542, 0.966471, 0.97513] },
    {
      name: '[[1,0.1],[0.1,0.9]]',
      matrix: [[1, 0.1], [0.1, 0.9]],
      values: [1.0618034, 0.8381966],
      estimates: [1.0550675, 1.05913791, 1.0607606],
    },
    {
      name: 'tridiagonal (u₀ ⟂ v₂)',
      matrix: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]],
      values: [3.41421356, 2, 0.58578644],
      estimates: [2.44948974, 3.41277875, 3.41421232],
    },
    { name: 'Hilbert 3×3', matrix: hilbert3, values: [1.40831893, 0.122327066, 0.00268734], estimates: [1.40751288, 1.40831888, 1.40831893] },
  ];
  for (const row of table) {
    it(`${row.name}: singular values and σ̂ after 1, 2, 3 iterations (to 1e-6)`, () => {
      expectClose(singularValues(row.matrix), row.values, 1e-6);
      expectClose(trace(row.matrix), row.estimates, 1e-6);
    });
  }

  it('closed forms behind the table: 1.06180340 = 0.95 + √0.0125, 3.41421356 = 2 + √2, 0.58578644 = 2 − √2', () => {
    expect(spectralNorm([[1, 0.1], [0.1, 0.9]])).toBeCloseTo(0.95 + Math.sqrt(0.0125), 13);
    expectClose(singularValues([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]), [2 + Math.SQRT2, 2, 2 - Math.SQRT2], 1e-13);
  });

  it('equal singular values: σ̂ is exact at once and u stays where it started (WWᵀ = 4I)', () => {
    const iterates = powerIteration([[0, -2], [2, 0]], normalisedOnes(2), 5);
    for (const { u, sigma } of iterates) {
      expect(sigma).toBeCloseTo(2, 14);
      expectClose(u, normalisedOnes(2), 1e-15);
    }
    // From another start it stays there instead: there is no single top singular pair to reach.
    const other = powerIteration([[0, -2], [2, 0]], [1, 0], 3);
    expectClose(other[2].u, [1, 0], 1e-15);
  });

  it('the tridiagonal start is orthogonal to v₂ = (1, 0, −1)/√2, so it converges at (σ₃/σ₁)⁴, not (σ₂/σ₁)⁴', () => {
    const { right, values } = singularValueDecomposition([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]);
    expect(Math.abs(right[1][0] * 1 + right[1][1] + right[1][2])).toBeLessThan(1e-12);
    const estimates = trace([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], 4);
    const errors = estimates.map((value) => values[0] - value);
    // Error ratio from iteration 2 to 3: near (σ₃/σ₁)⁴ ≈ 8.6e-4, far below (σ₂/σ₁)⁴ ≈ 0.118.
    const ratio = errors[2] / errors[1];
    expect(ratio).toBeLessThan(0.01);
    expect(ratio).toBeCloseTo((values[2] / values[0]) ** 4, 3);
  });
});

describe('gan-math §9.3: largest singular values and traces', () => {
  it('σ_max of A, B, C, D, the rank-1 R and the reshaped conv kernel, with full spectra', () => {
    expectClose(singularValues([[1, 2], [3, 4]]), [Math.sqrt(15 + Math.sqrt(221)), 0.365966], 1e-6);
    expect(spectralNorm([[1, 2], [3, 4]])).toBeCloseTo(5.464985704219, 11);
    expectClose(singularValues([[2, 0], [0, -3]]), [3, 2], 1e-14);
    expectClose(singularValues([[1, 1], [0, 1]]), [(1 + Math.sqrt(5)) / 2, (Math.sqrt(5) - 1) / 2], 1e-14);
    expectClose(singularValues([[1, 2, 3], [4, 5, 6]]), [9.508032000696, 0.77287], 1e-6);
    expectClose(singularValues([[1, 2], [2, 4]]), [5, 0], 1e-12);
    // out 2, in 1, 2×2 kernels [[1,0],[0,−1]] and [[2,1],[1,2]], reshaped out-major to 2 × 4.
    expectClose(singularValues([[1, 0, 0, -1], [2, 1, 1, 2]]), [Math.sqrt(10), Math.SQRT2], 1e-13);
  });

  it('power-iteration traces for A, D and C from u₀ = ones/‖ones‖', () => {
    expectClose(trace([[1, 2], [3, 4]]), [5.46316336, 5.46498567, 5.4649857], 1e-8);
    expectClose(trace([[1, 2, 3], [4, 5, 6]]), [9.50280095, 9.50803177, 9.508032], 1e-8);
    expectClose(trace([[1, 1], [0, 1]], 5), [1.61245155, 1.61791442, 1.61803144, 1.61803393, 1.61803399], 1e-8);
  });
});

describe('power iteration: the step and its rate', () => {
  it('one step is v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖, σ̂ = uᵀWv (by hand for [[1,2],[3,4]] from (1,1)/√2)', () => {
    const { u, v, sigma } = powerIterationStep([[1, 2], [3, 4]], normalisedOnes(2));
    // Wᵀ(1,1) = (4, 6) → v = (2, 3)/√13; W(2, 3) = (8, 18) → u = (4, 9)/√97; σ̂ = uᵀWv = √(8² + 18²)/√13.
    expectClose(v, [2 / Math.sqrt(13), 3 / Math.sqrt(13)], 1e-15);
    expectClose(u, [4 / Math.sqrt(97), 9 / Math.sqrt(97)], 1e-15);
    expect(sigma).toBeCloseTo(Math.sqrt(388) / Math.sqrt(13), 14);
  });

  it('the error shrinks by (σ₂/σ₁)⁴ per iteration asymptotically ([[1,0.1],[0.1,0.9]]: 0.38834)', () => {
    const matrix: Matrix = [[1, 0.1], [0.1, 0.9]];
    const values = singularValues(matrix);
    const rate = predictedErrorRatio(values);
    expect(rate).toBeCloseTo(0.3883355, 6);
    const errors = trace(matrix, 12).map((value) => values[0] - value);
    expect(errors.every((error) => error > 0)).toBe(true);
    expect(errors[11] / errors[10]).toBeCloseTo(rate, 5);
    // Early on the ratio is not yet the asymptotic one.
    expect(Math.abs(errors[1] / errors[0] - rate)).toBeGreaterThan(0.005);
  });

  it('the rate on a random 6 × 4 matrix from a random start', () => {
    const rng = createRng(7);
    const matrix: Matrix = Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => rng.normal()));
    const values = singularValues(matrix);
    const u0 = Array.from({ length: 6 }, () => rng.normal());
    const errors = powerIteration(matrix, u0, 40).map(({ sigma }) => values[0] - sigma);
    // Take the ratio where the error is still well above rounding.
    const k = errors.findIndex((error) => error < 1e-9);
    const at = (k > 3 ? k : 20) - 2;
    expect(errors[at + 1] / errors[at]).toBeCloseTo(predictedErrorRatio(values), 2);
  });

  it('stuck on the second singular pair when u₀ is exactly u₂: [[2,−1],[−1,2]] from ones gives σ̂ = 1, not 3', () => {
    const matrix: Matrix = [[2, -1], [-1, 2]];
    expectClose(singularValues(matrix), [3, 1], 1e-14);
    for (const { sigma } of powerIteration(matrix, normalisedOnes(2), 50)) expect(sigma).toBeCloseTo(1, 14);
    // A start a little off u₂ escapes, slowly at first.
    const tilted = powerIteration(matrix, [Math.cos(Math.PI / 4 + 0.01), Math.sin(Math.PI / 4 + 0.01)], 20);
    expect(tilted[0].sigma).toBeLessThan(1.01);
    expect(tilted[19].sigma).toBeCloseTo(3, 6);
  });

  it('a zero matrix gives σ = 0 and σ̂ = 0, never NaN', () => {
    expect(spectralNorm([[0, 0], [0, 0]])).toBe(0);
    expect(powerIteration([[0, 0], [0, 0]], [1, 0], 3).map(({ sigma }) => sigma)).toEqual([0, 0, 0]);
  });
});

describe('singular value decomposition', () => {
  it('reconstructs random matrices, tall and wide, with orthonormal singular vectors', () => {
    const rng = createRng(3);
    for (const [m, n] of [[5, 3], [3, 5], [8, 8], [1, 4], [4, 1]]) {
      const matrix: Matrix = Array.from({ length: m }, () => Array.from({ length: n }, () => rng.normal()));
      const { values, left, right } = singularValueDecomposition(matrix);
      expect(values).toHaveLength(Math.min(m, n));
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const rebuilt = values.reduce((sum, s, k) => sum + s * left[k][i] * right[k][j], 0);
          expect(Math.abs(rebuilt - matrix[i][j])).toBeLessThan(1e-12);
        }
      }
      for (let a = 0; a < values.length; a++) {
        for (let b = 0; b < values.length; b++) {
          const expected = a === b ? 1 : 0;
          expect(Math.abs(left[a].reduce((s, x, i) => s + x * left[b][i], 0) - expected)).toBeLessThan(1e-12);
          expect(Math.abs(right[a].reduce((s, x, i) => s + x * right[b][i], 0) - expected)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('the Laplacian kernel: reshaped σ = √20 = 4.47214, but the circular convolution it defines has norm 8', () => {
    const kernel = [0, 1, 0, 1, -4, 1, 0, 1, 0];
    expect(spectralNorm([kernel])).toBeCloseTo(Math.sqrt(20), 13);
    expect(Math.sqrt(20)).toBeCloseTo(4.47214, 5);
    // The convolution on a 4 × 4 periodic image as a 16 × 16 matrix.
    const side = 4;
    const conv: Matrix = Array.from({ length: side * side }, () => new Array<number>(side * side).fill(0));
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const weight = kernel[(dr + 1) * 3 + (dc + 1)];
            const source = ((r + dr + side) % side) * side + ((c + dc + side) % side);
            conv[r * side + c][source] += weight;
          }
        }
      }
    }
    expect(spectralNorm(conv)).toBeCloseTo(8, 12);
  });

  it('the image of the unit circle under W is the ellipse with semi-axes σ₁ and σ₂', () => {
    const matrix: Matrix = [[1, 2], [3, 4]];
    const lengths = unitCircleImage(matrix, 20001).map(([x, y]) => Math.hypot(x, y));
    const [s1, s2] = singularValues(matrix);
    expect(Math.max(...lengths)).toBeCloseTo(s1, 6);
    expect(Math.min(...lengths)).toBeCloseTo(s2, 6);
  });
});

describe('matrixProblem', () => {
  it('names what is wrong with a value that is not a usable matrix', () => {
    expect(matrixProblem([[1, 2], [3, 4]])).toBeNull();
    expect(matrixProblem('x')).toMatch(/array of rows/);
    expect(matrixProblem([])).toMatch(/empty/);
    expect(matrixProblem([[]])).toMatch(/empty rows/);
    expect(matrixProblem([1, 2])).toMatch(/every row/);
    expect(matrixProblem([[1, 2], [3]])).toMatch(/not rectangular/);
    expect(matrixProblem([[1, '2']])).toMatch(/entry \(1, 2\).*not a number/);
    expect(matrixProblem([[1, Infinity]])).toMatch(/not finite/);
    expect(matrixProblem(Array.from({ length: 65 }, () => [1]))).toMatch(/larger than the 64 × 64/);
  });
});
