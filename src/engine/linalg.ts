/**
 * Small dense linear algebra in double precision, without TensorFlow.js: what Chapter 6 needs to
 * talk about spectral norms exactly. A matrix is an array of rows (`number[][]`), as in JSON.
 *
 * - `powerIterationStep` / `powerIteration`: SN-GAN's estimate of the largest singular value
 *   (gan-math §5 and §11.4): v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖, σ̂ = uᵀWv.
 * - `singularValueDecomposition`: the exact singular values (and vectors) by one-sided Jacobi
 *   rotations (Hestenes), accurate to rounding for the small matrices of the book (≤ 64 × 64).
 * - `unitCircleImage`: the ellipse that a 2 × 2 matrix makes of the unit circle.
 */

export type Matrix = number[][];
export type Vector = number[];

/** The largest matrix side the exact decomposition accepts (its cost grows as n³ per sweep). */
export const MAX_MATRIX_SIDE = 64;

export function rows(matrix: Matrix): number {
  return matrix.length;
}

export function columns(matrix: Matrix): number {
  return matrix.length ? matrix[0].length : 0;
}

/** W x. */
export function multiply(matrix: Matrix, x: Vector): Vector {
  return matrix.map((row) => row.reduce((sum, entry, j) => sum + entry * x[j], 0));
}

/** Wᵀ y. */
export function multiplyTransposed(matrix: Matrix, y: Vector): Vector {
  const out = new Array<number>(columns(matrix)).fill(0);
  matrix.forEach((row, i) => row.forEach((entry, j) => (out[j] += entry * y[i])));
  return out;
}

export function dot(a: Vector, b: Vector): number {
  return a.reduce((sum, value, i) => sum + value * b[i], 0);
}

export function norm(a: Vector): number {
  return Math.hypot(...a);
}

export function transpose(matrix: Matrix): Matrix {
  return Array.from({ length: columns(matrix) }, (_, j) => matrix.map((row) => row[j]));
}

/** The vector of ones divided by its length: the start of gan-math §11.4's traces. */
export function normalisedOnes(length: number): Vector {
  return new Array<number>(length).fill(1 / Math.sqrt(length));
}

export interface PowerIterate {
  /** Left vector, in the output space ℝ^rows (unit length). */
  u: Vector;
  /** Right vector, in the input space ℝ^columns (unit length). */
  v: Vector;
  /** The estimate uᵀWv. */
  sigma: number;
}

/**
 * One power-iteration step from u (a unit vector of length rows(W)), exactly as SN-GAN's
 * Algorithm 1: v ← Wᵀu/‖Wᵀu‖₂, then u ← Wv/‖Wv‖₂, then σ̂ = uᵀWv.
 * When a norm is zero (W = 0, or u in the null space of Wᵀ) nothing can be normalised: the step
 * returns zero vectors and σ̂ = 0, and every later step does the same.
 */
export function powerIterationStep(matrix: Matrix, u: Vector): PowerIterate {
  const wtU = multiplyTransposed(matrix, u);
  const wtUNorm = norm(wtU);
  if (!(wtUNorm > 0)) return { u: u.map(() => 0), v: wtU.map(() => 0), sigma: 0 };
  const v = wtU.map((value) => value / wtUNorm);
  const wV = multiply(matrix, v);
  const wVNorm = norm(wV);
  if (!(wVNorm > 0)) return { u: u.map(() => 0), v, sigma: 0 };
  const nextU = wV.map((value) => value / wVNorm);
  return { u: nextU, v, sigma: dot(nextU, multiply(matrix, v)) };
}

/** The iterates (u_k, v_k, σ̂_k) for k = 1 … iterations, from the start u₀ (normalised here). */
export function powerIteration(matrix: Matrix, u0: Vector, iterations: number): PowerIterate[] {
  if (u0.length !== rows(matrix)) throw new Error(`u₀ has length ${u0.length}, but W has ${rows(matrix)} rows`);
  const startNorm = norm(u0);
  let u = startNorm > 0 ? u0.map((value) => value / startNorm) : u0.slice();
  const iterates: PowerIterate[] = [];
  for (let k = 0; k < iterations; k++) {
    const next = powerIterationStep(matrix, u);
    iterates.push(next);
    u = next.u;
  }
  return iterates;
}

export interface SingularValueDecomposition {
  /** σ₁ ≥ σ₂ ≥ … ≥ 0, min(rows, columns) of them. */
  values: number[];
  /** Left singular vectors u_i (each of length rows), in the order of `values`. */
  left: Vector[];
  /** Right singular vectors v_i (each of length columns), in the order of `values`. */
  right: Vector[];
}

/**
 * The singular value decomposition W = Σ σᵢ uᵢ vᵢᵀ by one-sided Jacobi rotations: rotate pairs of
 * columns of A = W (or Wᵀ when W is wide) until every pair is orthogonal; then the column norms are
 * the singular values and the accumulated rotation holds the right singular vectors. Working on the
 * columns themselves, never on WᵀW, keeps small singular values accurate.
 */
export function singularValueDecomposition(matrix: Matrix): SingularValueDecomposition {
  const m = rows(matrix);
  const n = columns(matrix);
  if (m === 0 || n === 0) return { values: [], left: [], right: [] };
  if (n > m) {
    // Wᵀ = Σ σᵢ vᵢ uᵢᵀ: the same values, the two sides swapped.
    const wide = singularValueDecomposition(transpose(matrix));
    return { values: wide.values, left: wide.right, right: wide.left };
  }
  // Column-major working copies: a[j] is column j of W, rotation[j] column j of V.
  const a: number[][] = Array.from({ length: n }, (_, j) => matrix.map((row) => row[j]));
  const rotation: number[][] = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
  const epsilon = 1e-15;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = dot(a[p], a[p]);
        const beta = dot(a[q], a[q]);
        const gamma = dot(a[p], a[q]);
        if (gamma === 0 || Math.abs(gamma) <= epsilon * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that makes columns p and q orthogonal (the smaller of the two angles).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const columnsPair of [a, rotation]) {
          const x = columnsPair[p];
          const y = columnsPair[q];
          for (let i = 0; i < x.length; i++) {
            const xi = x[i];
            const yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
          }
        }
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, j) => j).map((j) => ({ j, value: norm(a[j]) }));
  order.sort((x, y) => y.value - x.value);
  const values = order.map(({ value }) => value);
  const right = order.map(({ j }) => rotation[j].slice());
  const left = order.map(({ j, value }, index) => {
    if (value > 0) return a[j].map((entry) => entry / value);
    // A zero singular value: any unit vector orthogonal to the earlier left vectors will do.
    return completeBasis(order.slice(0, index).map(({ j: k, value: s }) => (s > 0 ? a[k].map((entry) => entry / s) : [])), m);
  });
  return { values, left, right };
}

/** A unit vector orthogonal to the given (orthonormal or empty) vectors, by Gram–Schmidt on e₁, e₂, …. */
function completeBasis(basis: Vector[], length: number): Vector {
  for (let i = 0; i < length; i++) {
    const candidate = Array.from({ length }, (_, k) => (k === i ? 1 : 0));
    for (const b of basis) {
      if (b.length !== length) continue;
      const projection = dot(candidate, b);
      for (let k = 0; k < length; k++) candidate[k] -= projection * b[k];
    }
    const size = norm(candidate);
    if (size > 1e-8) return candidate.map((value) => value / size);
  }
  return new Array<number>(length).fill(0);
}

/** The singular values σ₁ ≥ σ₂ ≥ … of W. */
export function singularValues(matrix: Matrix): number[] {
  return singularValueDecomposition(matrix).values;
}

/** The spectral norm σ(W) = σ₁ = max over unit x of ‖Wx‖ (0 for an empty matrix). */
export function spectralNorm(matrix: Matrix): number {
  return singularValues(matrix)[0] ?? 0;
}

/**
 * The asymptotic factor by which power iteration shrinks the error σ − σ̂ per iteration:
 * (σ₂/σ₁)⁴ (the direction's error shrinks by (σ₂/σ₁)², and σ̂'s error is quadratic in it).
 * NaN when it is undefined (σ₁ = 0 or a single singular value).
 */
export function predictedErrorRatio(values: readonly number[]): number {
  if (values.length < 2 || !(values[0] > 0)) return Number.NaN;
  return (values[1] / values[0]) ** 4;
}

/**
 * `count` points of the image W·(cos θ, sin θ) of the unit circle under a 2 × 2 matrix: an ellipse
 * with semi-axes σ₁ and σ₂ (a segment when W has rank 1). Returned as [x, y] pairs.
 */
export function unitCircleImage(matrix: Matrix, count = 181): Array<[number, number]> {
  if (rows(matrix) !== 2 || columns(matrix) !== 2) throw new Error('unitCircleImage needs a 2 × 2 matrix');
  return Array.from({ length: count }, (_, i) => {
    const angle = (2 * Math.PI * i) / (count - 1);
    const [x, y] = multiply(matrix, [Math.cos(angle), Math.sin(angle)]);
    return [x, y];
  });
}

/** Why a value is not a usable matrix (not rectangular, empty, not finite, too large), or null if it is. */
export function matrixProblem(value: unknown, maxSide = MAX_MATRIX_SIDE): string | null {
  if (!Array.isArray(value)) return 'the matrix must be a JSON array of rows, e.g. [[1,2],[3,4]]';
  if (value.length === 0) return 'the matrix is empty';
  if (!value.every(Array.isArray)) return 'every row of the matrix must itself be an array of numbers';
  const width = (value[0] as unknown[]).length;
  if (width === 0) return 'the matrix has empty rows';
  if (!value.every((row: unknown[]) => row.length === width)) return 'the matrix is not rectangular: its rows have different lengths';
  for (const [i, row] of (value as unknown[][]).entries()) {
    for (const [j, entry] of row.entries()) {
      if (typeof entry !== 'number') return `entry (${i + 1}, ${j + 1}) of the matrix is not a number`;
      if (!Number.isFinite(entry)) return `entry (${i + 1}, ${j + 1}) of the matrix is not finite`;
    }
  }
  if (value.length > maxSide || width > maxSide) {
    return `the matrix is ${value.length} × ${width}, larger than the ${maxSide} × ${maxSide} this command accepts`;
  }
  return null;
}
