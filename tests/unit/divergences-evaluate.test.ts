/**
 * The evaluators: discrete zeros and padding, continuous densities against closed forms (KL and
 * Pearson between Gaussians, Hellinger through the Bhattacharyya coefficient, TV for equal widths),
 * divergence reported as +∞ (Neyman χ²(N(0,1)‖N(1,2²)), gan-math §9.1), JS below log 2 and converging
 * as the tolerance is refined (checked against an independent fine-grid sum), and W₁.
 */
import { describe, expect, it } from 'vitest';
import {
  DivergenceInputError,
  divergenceDensity,
  divergenceDiscrete,
  evaluate,
  pointwiseTerm,
  w1Density,
  w1Discrete,
  type ContinuousSpec,
  type DistributionSpec,
} from '../../src/engine/divergences';
import { gaussKronrod15 } from '../../src/engine/divergences/integrate';
import { erf, erfc, normalCdf } from '../../src/engine/divergences/numeric';
import { createRng } from '../../src/engine/rng';

const normal = (mean: number, std: number): ContinuousSpec => ({ kind: 'normal', mean, std });
const LOG_2 = Math.log(2);

/** KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½. */
const klNormals = (m1: number, s1: number, m2: number, s2: number) =>
  Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

/** Squared Hellinger ∫(√p − √q)² = 2(1 − BC), BC = √(2σ₁σ₂/(σ₁² + σ₂²))·exp(−(μ₁ − μ₂)²/(4(σ₁² + σ₂²))). */
const hellingerNormals = (m1: number, s1: number, m2: number, s2: number) => {
  const sumOfVariances = s1 * s1 + s2 * s2;
  const bhattacharyya = Math.sqrt((2 * s1 * s2) / sumOfVariances) * Math.exp(-((m1 - m2) ** 2) / (4 * sumOfVariances));
  return 2 * (1 - bhattacharyya);
};

/**
 * Pearson χ² = ∫p²/q − 1 between normals; p²/q = C·exp(−a x² + b x − c), finite iff a > 0, and
 * ∫ = C·√(π/a)·exp(b²/(4a) − c).
 */
const pearsonNormals = (m1: number, s1: number, m2: number, s2: number) => {
  const a = 1 / (s1 * s1) - 1 / (2 * s2 * s2);
  if (a <= 0) return Infinity;
  const b = (2 * m1) / (s1 * s1) - m2 / (s2 * s2);
  const c = (m1 * m1) / (s1 * s1) - (m2 * m2) / (2 * s2 * s2);
  const constant = s2 / (s1 * s1 * Math.sqrt(2 * Math.PI));
  return constant * Math.sqrt(Math.PI / a) * Math.exp((b * b) / (4 * a) - c) - 1;
};

function expectRelative(actual: number, expected: number, tolerance = 1e-8) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

describe('discrete evaluator: zeros, infinities, padding', () => {
  it('q = 0 < p is +∞ for KL and Pearson, finite for TV, JS, Hellinger, GAN, reverse KL', () => {
    const p = [0.5, 0.5];
    const q = [1, 0];
    expect(divergenceDiscrete('kl', p, q)).toBe(Infinity);
    expect(divergenceDiscrete('pearson', p, q)).toBe(Infinity);
    expect(divergenceDiscrete('jeffrey', p, q)).toBe(Infinity);
    expect(divergenceDiscrete('alpha:2', p, q)).toBe(Infinity);
    expect(divergenceDiscrete('tv', p, q)).toBeCloseTo(0.5, 15);
    // Independent sums: Σ(p − q)²/p; ½ΣP log(2p/(p+q)) + ½ΣQ log(2q/(p+q)); Σ(√p − √q)²; Σ q log(q/p).
    expect(divergenceDiscrete('neyman', p, q)).toBeCloseTo(0.25 / 0.5 + 0.25 / 0.5, 15);
    expect(divergenceDiscrete('js', p, q)).toBeCloseTo(0.5 * (0.5 * Math.log(2 / 3) + 0.5 * LOG_2) + 0.5 * Math.log(4 / 3), 14);
    expect(divergenceDiscrete('hellinger', p, q)).toBeCloseTo((Math.sqrt(0.5) - 1) ** 2 + 0.5, 14);
    expect(divergenceDiscrete('reverse-kl', p, q)).toBeCloseTo(Math.log(2), 14);
  });

  it('p = 0 < q is +∞ for reverse KL, Neyman and α < 0', () => {
    const p = [1, 0];
    const q = [0.5, 0.5];
    expect(divergenceDiscrete('reverse-kl', p, q)).toBe(Infinity);
    expect(divergenceDiscrete('neyman', p, q)).toBe(Infinity);
    expect(divergenceDiscrete('alpha:-1', p, q)).toBe(Infinity);
    expect(divergenceDiscrete('kl', p, q)).toBeCloseTo(LOG_2, 15);
  });

  it('disjoint supports: JS = log 2, TV = 1, Hellinger = 2, GAN = 0 (2·log 2 − log 4), KL = +∞', () => {
    const p = [1, 0];
    const q = [0, 1];
    expect(divergenceDiscrete('js', p, q)).toBeCloseTo(LOG_2, 15);
    expect(divergenceDiscrete('tv', p, q)).toBe(1);
    expect(divergenceDiscrete('hellinger', p, q)).toBeCloseTo(2, 15);
    expect(divergenceDiscrete('gan', p, q)).toBeCloseTo(0, 15);
    expect(divergenceDiscrete('kl', p, q)).toBe(Infinity);
  });

  it('P = Q gives f(1): 0, and −log 4 for the GAN divergence', () => {
    const p = [0.2, 0.3, 0.5];
    for (const id of ['kl', 'reverse-kl', 'pearson', 'neyman', 'hellinger', 'js', 'tv', 'jeffrey', 'alpha:0.3']) {
      expect(Math.abs(divergenceDiscrete(id, p, p)), id).toBeLessThan(1e-15);
    }
    expect(divergenceDiscrete('gan', p, p)).toBeCloseTo(-Math.log(4), 15);
  });

  it('a shorter list is padded with zeros', () => {
    expect(divergenceDiscrete('kl', [0.5, 0.5], [0.5, 0.25, 0.25])).toBeCloseTo(0.5 * Math.log(2), 15);
    expect(divergenceDiscrete('kl', [0.5, 0.25, 0.25], [0.5, 0.5])).toBe(Infinity);
    expect(w1Discrete([1], [0, 0, 1])).toBeCloseTo(2, 15);
  });

  it('tiny probabilities keep their ratio (no overflow of p/q)', () => {
    const tiny = 1e-320;
    const expected = 1e-3 * (Math.log(1e-3) - Math.log(tiny)); // 1e−3/1e−320 itself overflows
    expect(pointwiseTerm('kl', 1e-3, tiny)).toBeCloseTo(expected, 12);
    expect(pointwiseTerm('reverse-kl', tiny, 1e-3)).toBeCloseTo(expected, 12);
  });

  it('rejects negative probabilities and sums other than 1', () => {
    expect(() => divergenceDiscrete('kl', [-0.1, 1.1], [0.5, 0.5])).toThrow(DivergenceInputError);
    expect(() => divergenceDiscrete('kl', [0.3, 0.3], [0.5, 0.5])).toThrow(/sums to 0.6/);
    expect(() => divergenceDiscrete('kl', [0.5, 0.5 + 5e-7], [0.5, 0.5])).not.toThrow();
    expect(() => divergenceDiscrete('kl', [], [1])).toThrow(DivergenceInputError);
  });
});

describe('W₁', () => {
  it('discrete cases (b) 0.5 and (c) 0.4 (gan-math §9.1)', () => {
    expect(w1Discrete([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25])).toBeCloseTo(0.5, 14);
    expect(w1Discrete([0.8, 0.2], [0.4, 0.6])).toBeCloseTo(0.4, 14);
    expect(evaluate('w1', { kind: 'discrete', probs: [0.8, 0.2] }, { kind: 'discrete', probs: [0.4, 0.6] })).toBeCloseTo(0.4, 14);
  });

  it('two normals with equal std: |μ₁ − μ₂|', () => {
    for (const [m1, m2, s] of [
      [0, 1, 1],
      [-3, 4, 0.5],
      [2, 2.001, 3],
      [0, 50, 0.1],
    ]) {
      expectRelative(w1Density(normal(m1, s), normal(m2, s)), Math.abs(m1 - m2), 1e-8);
    }
  });

  it('two centred normals: |σ₁ − σ₂|·√(2/π) (quantile coupling), symmetric', () => {
    expectRelative(w1Density(normal(0, 1), normal(0, 2)), Math.sqrt(2 / Math.PI), 1e-8);
    expectRelative(w1Density(normal(0, 2), normal(0, 1)), Math.sqrt(2 / Math.PI), 1e-8);
  });

  it('a mixture shifted by d is W₁ = d away', () => {
    const mixture = (shift: number): ContinuousSpec => ({
      kind: 'mixture',
      components: [
        { weight: 1, mean: -2 + shift, std: 0.5 },
        { weight: 3, mean: 2 + shift, std: 1 },
      ],
    });
    expectRelative(evaluate('w1', mixture(0), mixture(0.7)), 0.7, 1e-8);
  });
});

describe('continuous evaluator: closed forms', () => {
  const pairs: [number, number, number, number][] = [
    [0, 1, 1, 2],
    [1, 2, 0, 1],
    [0, 1, 0, 0.01],
    [0, 0.01, 0, 1],
    [0, 1, 3, 1],
    [-2, 0.3, 5, 4],
    [0, 1, 0, 50],
  ];

  it('KL and reverse KL between Gaussians match the closed form (also for σ ratios of 100)', () => {
    for (const [m1, s1, m2, s2] of pairs) {
      expectRelative(evaluate('kl', normal(m1, s1), normal(m2, s2)), klNormals(m1, s1, m2, s2));
      expectRelative(evaluate('reverse-kl', normal(m1, s1), normal(m2, s2)), klNormals(m2, s2, m1, s1));
      expectRelative(
        evaluate('jeffrey', normal(m1, s1), normal(m2, s2)),
        klNormals(m1, s1, m2, s2) + klNormals(m2, s2, m1, s1),
      );
    }
  });

  it('squared Hellinger matches 2(1 − Bhattacharyya coefficient); α = ½ is twice it', () => {
    for (const [m1, s1, m2, s2] of pairs) {
      expectRelative(evaluate('hellinger', normal(m1, s1), normal(m2, s2)), hellingerNormals(m1, s1, m2, s2));
      expectRelative(evaluate('alpha:0.5', normal(m1, s1), normal(m2, s2)), 2 * hellingerNormals(m1, s1, m2, s2));
    }
  });

  it('Pearson χ² matches ∫p²/q − 1, finite or +∞; Neyman is Pearson with the arguments swapped', () => {
    for (const [m1, s1, m2, s2] of [...pairs, [0, 1, 0.5, 0.75] as [number, number, number, number]]) {
      const expected = pearsonNormals(m1, s1, m2, s2);
      const actual = evaluate('pearson', normal(m1, s1), normal(m2, s2));
      if (expected === Infinity) expect(actual).toBe(Infinity);
      else expectRelative(actual, expected, 1e-7);
      const neyman = evaluate('neyman', normal(m2, s2), normal(m1, s1));
      if (expected === Infinity) expect(neyman).toBe(Infinity);
      else expectRelative(neyman, expected, 1e-7);
    }
  });

  it('TV between equal-width normals is erf(|Δμ|/(2√2 σ)): erf(1) = 0.8427007929497149 at Δμ = 2√2 σ', () => {
    expectRelative(evaluate('tv', normal(0, 1), normal(2 * Math.SQRT2, 1)), 0.8427007929497149, 1e-9);
    expectRelative(evaluate('tv', normal(3, 0.5), normal(3 + Math.SQRT2, 0.5)), 0.8427007929497149, 1e-9);
  });

  it('GAN = 2·JS − log 4 on mixtures; P = P gives f(1)', () => {
    const p: DistributionSpec = { kind: 'mixture', components: [{ weight: 1, mean: -2, std: 0.5 }, { weight: 1, mean: 2, std: 0.5 }] };
    const q = normal(0, 1.5);
    expectRelative(evaluate('gan', p, q), 2 * evaluate('js', p, q) - Math.log(4), 1e-9);
    expect(Math.abs(evaluate('kl', p, p))).toBeLessThan(1e-12);
    expectRelative(evaluate('gan', p, p), -Math.log(4), 1e-12);
  });
});

describe('continuous evaluator: divergence is reported as +∞', () => {
  it('Neyman χ²(N(0,1) ‖ N(1,2²)) = +∞ at every tolerance (gan-math §9.1)', () => {
    for (const tolerance of [1e-2, 1e-6, 1e-10, 1e-13]) {
      expect(divergenceDensity('neyman', normal(0, 1), normal(1, 2), { tolerance })).toBe(Infinity);
    }
    // ... while the reverse direction is finite: ∫q²/p − 1 with the roles swapped.
    expectRelative(divergenceDensity('neyman', normal(1, 2), normal(0, 1)), pearsonNormals(0, 1, 1, 2), 1e-7);
  });

  it('a tail that neither grows nor decays (Pearson, σ_P² = 2σ_Q²: p²/q is constant) is +∞', () => {
    expect(evaluate('pearson', normal(0, Math.SQRT2), normal(0, 1))).toBe(Infinity);
    expect(evaluate('neyman', normal(0, 1), normal(0, Math.SQRT2))).toBe(Infinity);
    // Slightly inside the boundary the integral is finite, and matches the closed form.
    expectRelative(evaluate('pearson', normal(0, 1.4), normal(0, 1)), pearsonNormals(0, 1.4, 0, 1), 1e-7);
  });

  it('α-divergences: α = 2 is +∞ when P has the heavier tail, α = −1 when Q has', () => {
    expect(evaluate('alpha:2', normal(0, 3), normal(0, 1))).toBe(Infinity);
    expect(evaluate('alpha:-1', normal(0, 1), normal(0, 3))).toBe(Infinity);
    expectRelative(evaluate('alpha:2', normal(0, 1), normal(0, 1.2)), pearsonNormals(0, 1, 0, 1.2) / 2, 1e-7);
  });

  it('a heavy mixture component far out in Q makes Neyman +∞ even though P and Q agree near the centre', () => {
    const q: DistributionSpec = { kind: 'mixture', components: [{ weight: 0.999, mean: 0, std: 1 }, { weight: 0.001, mean: 0, std: 3 }] };
    expect(evaluate('neyman', normal(0, 1), q)).toBe(Infinity);
    expect(Number.isFinite(evaluate('pearson', normal(0, 1), q))).toBe(true);
  });
});

describe('continuous evaluator: JS', () => {
  /** Independent check: a plain midpoint sum of the JS integrand on a fine grid. */
  function jsByGrid(m1: number, s1: number, m2: number, s2: number): number {
    const pdf = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    const low = Math.min(m1 - 15 * s1, m2 - 15 * s2);
    const high = Math.max(m1 + 15 * s1, m2 + 15 * s2);
    const steps = 400_000;
    const h = (high - low) / steps;
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      const x = low + (i + 0.5) * h;
      const p = pdf(x, m1, s1);
      const q = pdf(x, m2, s2);
      const m = (p + q) / 2;
      if (p > 0) sum += 0.5 * p * Math.log(p / m);
      if (q > 0) sum += 0.5 * q * Math.log(q / m);
    }
    return sum * h;
  }

  it('agrees with an independent fine-grid sum and stays below log 2', () => {
    for (const [m1, s1, m2, s2] of [
      [0, 1, 1, 1],
      [0, 1, 2, 0.5],
      [0, 0.2, 3, 2],
    ]) {
      const value = evaluate('js', normal(m1, s1), normal(m2, s2));
      expectRelative(value, jsByGrid(m1, s1, m2, s2), 1e-8);
      expect(value).toBeLessThan(LOG_2);
    }
  });

  it('saturates at log 2 as two narrow normals slide apart, never above it', () => {
    let previous = 0;
    for (const distance of [0.01, 0.1, 0.5, 1, 2, 5, 20, 100]) {
      const value = evaluate('js', normal(0, 0.1), normal(distance, 0.1));
      // Strictly increasing until it reaches log 2 to within rounding.
      if (previous < LOG_2 - 1e-9) expect(value).toBeGreaterThan(previous);
      else expect(value).toBeGreaterThanOrEqual(previous - 1e-12);
      expect(value).toBeLessThanOrEqual(LOG_2 + 1e-12);
      previous = value;
    }
    expect(LOG_2 - previous).toBeLessThan(1e-9);
  });

  it('converges as the integration tolerance is refined', () => {
    const p = normal(0, 1);
    const q: DistributionSpec = { kind: 'mixture', components: [{ weight: 1, mean: -1, std: 0.3 }, { weight: 2, mean: 2, std: 0.7 }] };
    const reference = evaluate('js', p, q, { tolerance: 1e-13 });
    for (const tolerance of [1e-2, 1e-4, 1e-6, 1e-8, 1e-10]) {
      const value = evaluate('js', p, q, { tolerance });
      expect(Math.abs(value - reference), `tolerance ${tolerance}`).toBeLessThanOrEqual(tolerance * reference);
      expect(value).toBeLessThan(LOG_2);
    }
  });
});

describe('continuous evaluator: identities on seeded random Gaussian mixtures', () => {
  it('reverse KL, Pearson/Neyman swap, symmetry of JS, GAN = 2JS − log 4, α = ½, 2, −1, Jeffrey (finite and +∞ alike)', () => {
    const rng = createRng(2024);
    const randomSpec = (): ContinuousSpec => {
      const count = 1 + rng.int(3);
      const component = () => ({ weight: 0.1 + rng.uniform(), mean: -20 + 40 * rng.uniform(), std: 0.001 + 10 * rng.uniform() ** 3 });
      return count === 1 ? { kind: 'normal', ...component() } : { kind: 'mixture', components: Array.from({ length: count }, component) };
    };
    const same = (a: number, b: number, what: string) => {
      if (a === Infinity || b === Infinity) expect(a, what).toBe(b);
      else expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));
    };
    for (let trial = 0; trial < 40; trial++) {
      const p = randomSpec();
      const q = randomSpec();
      const value = (id: string) => evaluate(id, p, q);
      same(value('reverse-kl'), evaluate('kl', q, p), 'reverse KL');
      same(value('pearson'), evaluate('neyman', q, p), 'Pearson vs Neyman swapped');
      same(value('js'), evaluate('js', q, p), 'JS symmetric');
      same(value('gan'), 2 * value('js') - Math.log(4), 'GAN');
      same(value('alpha:0.5'), 2 * value('hellinger'), 'α = ½');
      same(value('alpha:2'), value('pearson') / 2, 'α = 2');
      same(value('alpha:-1'), value('neyman') / 2, 'α = −1');
      same(value('jeffrey'), value('kl') + value('reverse-kl'), 'Jeffrey');
      expect(value('js')).toBeLessThanOrEqual(LOG_2 + 1e-12);
      expect(value('tv')).toBeLessThanOrEqual(1 + 1e-12);
      expect(value('hellinger')).toBeLessThanOrEqual(2 + 1e-12);
    }
  });
});

describe('evaluate: input checking', () => {
  it('rejects a discrete/continuous mix, bad std, bad weights, unknown ids', () => {
    expect(() => evaluate('kl', { kind: 'discrete', probs: [1] }, normal(0, 1))).toThrow(/discrete .* continuous/);
    expect(() => evaluate('kl', normal(0, 0), normal(0, 1))).toThrow(/std/);
    expect(() => evaluate('kl', normal(0, -1), normal(0, 1))).toThrow(DivergenceInputError);
    expect(() => evaluate('kl', normal(Number.NaN, 1), normal(0, 1))).toThrow(/mean/);
    expect(() => evaluate('kl', { kind: 'mixture', components: [] }, normal(0, 1))).toThrow(DivergenceInputError);
    expect(() => evaluate('kl', { kind: 'mixture', components: [{ weight: -1, mean: 0, std: 1 }] }, normal(0, 1))).toThrow(/weight/);
    expect(() => evaluate('nope', normal(0, 1), normal(0, 1))).toThrow(/unknown divergence/);
  });
});

describe('numeric building blocks', () => {
  it('the Gauss–Kronrod rule is exact on polynomials: K15 to degree 22, G7 to degree 13', () => {
    const { nodes, weights, gaussWeights } = gaussKronrod15;
    for (let degree = 0; degree <= 22; degree++) {
      const exact = degree % 2 === 0 ? 2 / (degree + 1) : 0;
      let kronrod = weights[7] * 0 ** degree;
      let gauss = gaussWeights[3] * 0 ** degree;
      for (let i = 0; i < 7; i++) {
        const pair = nodes[i] ** degree + (-nodes[i]) ** degree;
        kronrod += weights[i] * pair;
        if (i % 2 === 1) gauss += gaussWeights[(i - 1) / 2] * pair;
      }
      expect(Math.abs(kronrod - exact), `K15, degree ${degree}`).toBeLessThan(1e-15);
      if (degree <= 13) expect(Math.abs(gauss - exact), `G7, degree ${degree}`).toBeLessThan(1e-15);
    }
  });

  it('erf, erfc and the normal CDF against known values', () => {
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expectRelative(erfc(2), 0.004677734981047266, 1e-13);
    expectRelative(erfc(3), 2.209049699858544e-5, 1e-13);
    expectRelative(erfc(5), 1.5374597944280349e-12, 1e-12);
    expectRelative(erfc(10), 2.088487583762545e-45, 1e-12);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497149, 15);
    expect(normalCdf(1.959963984540054, 0, 1)).toBeCloseTo(0.975, 14);
    expect(normalCdf(0, 0, 1)).toBe(0.5);
  });
});
