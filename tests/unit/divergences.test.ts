/**
 * The f-divergence registry against gan-math.md §1, §2 and §9.1: divergence values on cases (b) and
 * (c), closed-form conjugates against a numeric supremum, output activations, variational tightness,
 * the constant critic, the Donsker–Varadhan facts, Lambert W, tensor forms and the LaTeX.
 */
import { typeset } from '../../src/math/typeset';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  UnknownDivergenceError,
  divergenceDiscrete,
  divergenceList,
  divergenceTableRows,
  getDivergence,
  inConjugateDomain,
  isDivergenceId,
  lambertW,
  lambertWOfExp,
  slopeAtInfinity,
  valueAtZero,
  variationalBoundDiscrete,
  type FDivergence,
} from '../../src/engine/divergences';
import { activationTensor, conjugateOfActivationTensor } from '../../src/engine/divergences/tensor';
import { initBackend } from '../../src/engine/backend';
import { tf, type Tensor } from '../../src/engine/tf';

// gan-math §9: case (b) and case (c).
const caseB = { p: [0.1, 0.2, 0.3, 0.4], q: [0.25, 0.25, 0.25, 0.25] };
const caseC = { p: [0.8, 0.2], q: [0.4, 0.6] };

// gan-math §9.1, in the registry's conventions (js is the standard JS, hellinger has no ½).
const table: Record<string, [number, number]> = {
  kl: [0.10644, 0.334795],
  'reverse-kl': [0.121777, 0.381909],
  pearson: [0.2, 2 / 3],
  neyman: [29 / 96, 1],
  hellinger: [0.0563805, 0.175809],
  js: [0.0278656, 0.0863046],
  gan: [-1.33056, -1.21369],
  tv: [0.2, 0.4],
  jeffrey: [0.228217, 0.716704],
  'alpha:-1': [0.151042, 0.5],
  'alpha:0.5': [0.112761, 0.351618],
  'alpha:2': [0.1, 1 / 3],
};

const allRecords: FDivergence[] = [
  ...divergenceList,
  getDivergence('alpha:-1'),
  getDivergence('alpha:0.5'),
  getDivergence('alpha:2'),
  getDivergence('alpha:-3'),
  getDivergence('alpha:3'),
];

/** The §9.1 values carry 6 significant figures. */
function expectTableValue(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(6e-6 * Math.max(1, Math.abs(expected)));
}

/**
 * sup_{u ≥ 0} [u·t − f(u)], found independently of the closed forms: the function is concave in u,
 * hence unimodal in s = log u; golden-section search on s ∈ [−40, 40], then compare with u = 0.
 */
function numericConjugate(f: (u: number) => number, t: number): number {
  const objective = (s: number) => Math.exp(s) * t - f(Math.exp(s));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = -40;
  let high = 40;
  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftValue = objective(left);
  let rightValue = objective(right);
  for (let i = 0; i < 200; i++) {
    if (leftValue < rightValue) {
      low = left;
      left = right;
      leftValue = rightValue;
      right = low + ratio * (high - low);
      rightValue = objective(right);
    } else {
      high = right;
      right = left;
      rightValue = leftValue;
      left = high - ratio * (high - low);
      leftValue = objective(left);
    }
  }
  const atZero = -f(0);
  return Math.max(leftValue, rightValue, Number.isFinite(atZero) ? atZero : -Infinity);
}

/** A few points inside dom f* (where the closed form is the conjugate of f on u ≥ 0). */
function samplePoints(divergence: FDivergence): number[] {
  const { lower, upper } = divergence.domain;
  if (lower !== undefined && upper !== undefined) return [lower + 0.1, (lower + upper) / 2, upper - 0.1];
  if (upper !== undefined) return [upper - 0.3, upper - 1, upper - 3];
  // ℝ: Pearson's t + t²/4 is the conjugate over u ≥ 0 only for t ≥ −2 (gan-math §1.2).
  return [-1.5, 0, 1, 2.5];
}

describe('registry: divergence values (gan-math §9.1)', () => {
  for (const [id, [valueB, valueC]] of Object.entries(table)) {
    it(`${id}: case (b) ${valueB}, case (c) ${valueC}`, () => {
      expectTableValue(divergenceDiscrete(id, caseB.p, caseB.q), valueB);
      expectTableValue(divergenceDiscrete(id, caseC.p, caseC.q), valueC);
    });
  }

  it('the α identities: α = 2 is ½ Pearson, α = −1 is ½ Neyman, α = ½ is 2·Hellinger', () => {
    for (const { p, q } of [caseB, caseC]) {
      expect(divergenceDiscrete('alpha:2', p, q)).toBeCloseTo(divergenceDiscrete('pearson', p, q) / 2, 12);
      expect(divergenceDiscrete('alpha:-1', p, q)).toBeCloseTo(divergenceDiscrete('neyman', p, q) / 2, 12);
      expect(divergenceDiscrete('alpha:0.5', p, q)).toBeCloseTo(2 * divergenceDiscrete('hellinger', p, q), 12);
    }
  });

  it('α near 1 approaches KL and α near 0 approaches reverse KL', () => {
    expect(divergenceDiscrete('alpha:0.999999', caseB.p, caseB.q)).toBeCloseTo(0.10644, 5);
    expect(divergenceDiscrete('alpha:0.000001', caseB.p, caseB.q)).toBeCloseTo(0.121777, 5);
  });

  it('GAN = 2·JS − log 4 and Jeffrey = KL + reverse KL', () => {
    for (const { p, q } of [caseB, caseC]) {
      expect(divergenceDiscrete('gan', p, q)).toBeCloseTo(2 * divergenceDiscrete('js', p, q) - Math.log(4), 12);
      expect(divergenceDiscrete('jeffrey', p, q)).toBeCloseTo(
        divergenceDiscrete('kl', p, q) + divergenceDiscrete('reverse-kl', p, q),
        12,
      );
    }
  });
});

describe('registry: conjugates, domains and activations (gan-math §1.2, §2)', () => {
  for (const divergence of allRecords) {
    it(`${divergence.id}: f* matches the numeric supremum sup_u [ut − f(u)]`, () => {
      for (const t of samplePoints(divergence)) {
        expect(inConjugateDomain(divergence, t)).toBe(true);
        const closedForm = divergence.conjugate(t);
        const numeric = numericConjugate(divergence.f, t);
        expect(Math.abs(closedForm - numeric)).toBeLessThan(1e-8 * Math.max(1, Math.abs(numeric)));
      }
    });

    it(`${divergence.id}: g_f maps v ∈ [−30, 30] into dom f*, increasing, and f*(g_f(v)) is the composition`, () => {
      let previous = -Infinity;
      for (let v = -30; v <= 30; v += 0.25) {
        const t = divergence.activation(v);
        expect(inConjugateDomain(divergence, t), `g_f(${v}) = ${t}`).toBe(true);
        expect(t).toBeGreaterThanOrEqual(previous);
        if (Math.abs(v) <= 5) expect(t).toBeGreaterThan(previous);
        previous = t;
        const stable = divergence.conjugateOfActivation(v);
        const composed = divergence.conjugate(t);
        expect(Number.isFinite(stable)).toBe(true);
        // The composition loses digits where g_f(v) is near a domain bound; compare where it is exact enough.
        if (Math.abs(v) <= 10) expect(Math.abs(stable - composed)).toBeLessThan(1e-9 * Math.max(1, Math.abs(composed)));
      }
    });

    it(`${divergence.id}: outside dom f*, f* is +∞`, () => {
      const { lower, upper, strict } = divergence.domain;
      if (upper !== undefined) {
        expect(divergence.conjugate(upper + 0.01)).toBe(Infinity);
        if (strict) expect(inConjugateDomain(divergence, upper)).toBe(false);
      }
      if (lower !== undefined) expect(divergence.conjugate(lower - 0.01)).toBe(Infinity);
    });
  }

  it('Pearson: the identity activation leaves u ≥ 0’s conjugate domain for v < −2 (gan-math §9.4), so its domain is ℝ', () => {
    const pearson = getDivergence('pearson');
    expect(pearson.activation(-3)).toBe(-3);
    // The true conjugate over u ≥ 0 is −1 there; f-GAN's t + t²/4 is larger, so the bound stays valid.
    expect(numericConjugate(pearson.f, -3)).toBeCloseTo(-1, 8);
    expect(pearson.conjugate(-3)).toBeGreaterThan(-1);
    expect(inConjugateDomain(pearson, -3)).toBe(true);
  });

  it('the activations of gan-math §9.4: ½tanh within [−½, ½], −e^{−v} < 0, 1 − e^{−v} < 1, log σ(v) < 0', () => {
    expect(getDivergence('tv').activation(30)).toBeLessThanOrEqual(0.5);
    expect(getDivergence('reverse-kl').activation(30)).toBeLessThan(0);
    expect(getDivergence('neyman').activation(30)).toBeLessThan(1);
    expect(getDivergence('hellinger').activation(30)).toBeLessThan(1);
    expect(getDivergence('gan').activation(30)).toBeLessThan(0);
    expect(getDivergence('gan').activation(0)).toBeCloseTo(Math.log(0.5), 14);
    expect(getDivergence('js').activation(30)).toBeLessThan(Math.log(2) / 2);
  });

  it('the GAN entry reproduces Goodfellow’s value function: f*(g_f(v)) = −log(1 − σ(v))', () => {
    const gan = getDivergence('gan');
    for (const v of [-4, -1, 0, 0.5, 3]) {
      const sigmoid = 1 / (1 + Math.exp(-v));
      expect(gan.activation(v)).toBeCloseTo(Math.log(sigmoid), 12);
      expect(gan.conjugateOfActivation(v)).toBeCloseTo(-Math.log(1 - sigmoid), 12);
    }
  });

  it('f′ is the derivative of f and f′(1) is recorded correctly', () => {
    for (const divergence of allRecords) {
      for (const u of [0.3, 0.8, 1.7, 4]) {
        const h = 1e-6;
        const centralDifference = (divergence.f(u + h) - divergence.f(u - h)) / (2 * h);
        expect(divergence.derivative(u)).toBeCloseTo(centralDifference, 6);
      }
      expect(divergence.derivative(1)).toBeCloseTo(divergence.derivativeAtOne, 14);
      expect(divergence.f(1)).toBeCloseTo(divergence.valueAtOne, 14);
    }
    expect(getDivergence('gan').derivativeAtOne).toBeCloseTo(-Math.log(2), 14);
  });

  it('the recorded end behaviour matches f near 0 and f(u)/u near ∞', () => {
    const ratioNearZero = (divergence: FDivergence, u: number) => {
      const end = divergence.nearZero;
      if (end.kind === 'finite') return divergence.f(u) - end.value;
      if (end.kind === 'power') return divergence.f(u) / (end.coefficient * u ** -end.exponent) - 1;
      return divergence.f(u) / (end.coefficient * -Math.log(u)) - 1;
    };
    const ratioNearInfinity = (divergence: FDivergence, u: number) => {
      const end = divergence.nearInfinity;
      if (end.kind === 'finite') return divergence.f(u) / u - end.value;
      if (end.kind === 'power') return divergence.f(u) / u / (end.coefficient * u ** end.exponent) - 1;
      return divergence.f(u) / u / (end.coefficient * Math.log(u)) - 1;
    };
    for (const divergence of allRecords) {
      expect(Math.abs(ratioNearZero(divergence, 1e-40)), divergence.id).toBeLessThan(0.02);
      expect(Math.abs(ratioNearInfinity(divergence, 1e40)), divergence.id).toBeLessThan(0.02);
    }
    expect(valueAtZero(getDivergence('kl'))).toBe(0);
    expect(valueAtZero(getDivergence('reverse-kl'))).toBe(Infinity);
    expect(slopeAtInfinity(getDivergence('tv'))).toBe(0.5);
    expect(slopeAtInfinity(getDivergence('js'))).toBeCloseTo(Math.log(2) / 2, 15);
    expect(slopeAtInfinity(getDivergence('kl'))).toBe(Infinity);
  });
});

describe('registry: the variational bound (gan-math §2, §9.1)', () => {
  for (const divergence of allRecords) {
    it(`${divergence.id}: F(T*) = E_P[T*] − E_Q[f*(T*)] equals D_f on (b) and (c)`, () => {
      for (const { p, q } of [caseB, caseC]) {
        const optimalCritic = p.map((pk, k) => divergence.derivative(pk / q[k]));
        const bound = variationalBoundDiscrete(divergence, optimalCritic, p, q);
        expect(bound).toBeCloseTo(divergenceDiscrete(divergence, p, q), 12);
      }
    });

    it(`${divergence.id}: a constant critic T ≡ f′(1) gives f(1)`, () => {
      const t = divergence.derivativeAtOne;
      const expected = divergence.id === 'gan' ? -Math.log(4) : 0;
      for (const { p, q } of [caseB, caseC]) {
        expect(variationalBoundDiscrete(divergence, p.map(() => t), p, q)).toBeCloseTo(expected, 12);
      }
    });

    it(`${divergence.id}: any other critic gives less than D_f`, () => {
      for (const { p, q } of [caseB, caseC]) {
        const optimalCritic = p.map((pk, k) => divergence.derivative(pk / q[k]));
        const perturbed = optimalCritic.map((t, k) => {
          const moved = t + (k % 2 === 0 ? 0.05 : -0.05);
          return inConjugateDomain(divergence, moved) ? moved : t - 0.05;
        });
        expect(variationalBoundDiscrete(divergence, perturbed, p, q)).toBeLessThan(divergenceDiscrete(divergence, p, q));
      }
    });
  }

  it('Donsker–Varadhan with T = log(p/q) gives KL exactly; the f-form gives KL − 1/e (−0.261439, −0.0330842)', () => {
    const kl = getDivergence('kl');
    for (const [{ p, q }, fForm, klValue] of [
      [caseB, -0.261439, 0.10644],
      [caseC, -0.0330842, 0.334795],
    ] as const) {
      const critic = p.map((pk, k) => Math.log(pk / q[k]));
      const donskerVaradhan =
        p.reduce((sum, pk, k) => sum + pk * critic[k], 0) - Math.log(q.reduce((sum, qk, k) => sum + qk * Math.exp(critic[k]), 0));
      expectTableValue(donskerVaradhan, klValue);
      expectTableValue(variationalBoundDiscrete(kl, critic, p, q), fForm);
      expect(donskerVaradhan).toBeGreaterThanOrEqual(variationalBoundDiscrete(kl, critic, p, q));
      // T = 1 + log(p/q) makes the f-form tight.
      expectTableValue(variationalBoundDiscrete(kl, critic.map((t) => 1 + t), p, q), klValue);
    }
  });
});

describe('registry: lookup and LaTeX', () => {
  it('ids in reading order, α parsed from alpha:<a>', () => {
    expect(divergenceList.map((divergence) => divergence.id)).toEqual([
      'kl',
      'reverse-kl',
      'pearson',
      'neyman',
      'hellinger',
      'js',
      'gan',
      'tv',
      'jeffrey',
    ]);
    expect(divergenceTableRows.at(-1)?.id).toBe('alpha');
    expect(getDivergence('alpha:0.5').id).toBe('alpha:0.5');
    expect(getDivergence('alpha:.5')).toBe(getDivergence('alpha:0.5'));
    expect(getDivergence('alpha:-1').domain.upper).toBe(0.5);
    expect(getDivergence('alpha:2').domain.upper).toBeUndefined();
  });

  it('unknown ids and α ∈ {0, 1} are rejected with a message', () => {
    for (const id of ['KL', 'w1', 'alpha:', 'alpha:0', 'alpha:1', 'alpha:x', 'alpha', 'alpha:Infinity']) {
      expect(() => getDivergence(id), id).toThrow(UnknownDivergenceError);
      expect(isDivergenceId(id)).toBe(false);
    }
    expect(isDivergenceId('alpha:-0.5')).toBe(true);
  });

  it('every LaTeX string can be typeset', () => {
    const rows = [...divergenceTableRows, getDivergence('alpha:-1'), getDivergence('alpha:0.5'), getDivergence('alpha:2')];
    for (const row of rows) {
      for (const [field, latex] of Object.entries(row.latex)) {
        expect(() => typeset(latex), `${row.id}.${field}`).not.toThrow();
      }
    }
  });

  it('every record names its conventions where the literature disagrees', () => {
    for (const id of ['js', 'pearson', 'neyman', 'reverse-kl', 'hellinger', 'tv', 'gan']) {
      expect(getDivergence(id).conventions.length, id).toBeGreaterThan(0);
    }
    expect(getDivergence('js').conventions.join(' ')).toMatch(/2·JS/);
    expect(getDivergence('pearson').conventions.join(' ')).toMatch(/swap|∫\(q − p\)²\/p/);
    expect(getDivergence('alpha:2').conventions.join(' ')).toMatch(/exchanged/);
    expect(getDivergence('neyman').conventions.join(' ')).toMatch(/exp\(−v\)/);
  });
});

describe('Lambert W (principal branch)', () => {
  it('known values: W(0) = 0, W(1) = Ω, W(e) = 1, W(−1/e) = −1, W(2e²) = 2', () => {
    expect(lambertW(0)).toBe(0);
    expect(lambertW(1)).toBeCloseTo(0.5671432904097838, 15);
    expect(lambertW(Math.E)).toBeCloseTo(1, 15);
    expect(lambertW(-Math.exp(-1))).toBeCloseTo(-1, 7);
    expect(lambertW(2 * Math.exp(2))).toBeCloseTo(2, 14);
    expect(lambertW(-0.5)).toBeNaN();
  });

  it('w·eʷ = z on the whole principal branch', () => {
    for (const z of [-0.3678, -0.36, -0.3, -0.1, -1e-8, 1e-12, 0.2, 0.5, 2, 10, 100, 1e5, 1e20, 1e300]) {
      const w = lambertW(z);
      expect(w).toBeGreaterThanOrEqual(-1);
      expect(Math.abs(w * Math.exp(w) - z)).toBeLessThan(1e-13 * Math.max(Math.abs(z), 1e-3));
    }
  });

  it('W(eˣ) without overflow: agrees with W(exp(x)) and solves w + log w = x for huge and tiny x', () => {
    for (const x of [-20, -3, 0, 1, 5, 50]) {
      expect(lambertWOfExp(x)).toBeCloseTo(lambertW(Math.exp(x)), 12);
    }
    for (const x of [1e3, 1e6, -1e3 + 300]) {
      const w = lambertWOfExp(x);
      expect(Math.abs(w + Math.log(w) - x)).toBeLessThan(1e-12 * Math.abs(x));
    }
  });

  it('Jeffrey’s conjugate in its written form W + 1/W + t − 2 equals the computed one', () => {
    const jeffrey = getDivergence('jeffrey');
    for (const t of [-3, -1, 0, 0.5, 2, 4]) {
      const w = lambertW(Math.exp(1 - t));
      expect(jeffrey.conjugate(t)).toBeCloseTo(w + 1 / w + t - 2, 10);
    }
  });
});

describe('registry: tensor forms agree with the number forms', () => {
  beforeAll(async () => {
    await initBackend('cpu'); // registers the gradient functions too
  });

  const grid = Array.from({ length: 81 }, (_, i) => -10 + i * 0.25);

  for (const divergence of allRecords) {
    it(`${divergence.id}: g_f and f*(g_f) as tensors`, () => {
      const before = tf.memory().numTensors;
      const v = tf.tensor1d(grid);
      const activation = activationTensor(divergence, v);
      const conjugate = conjugateOfActivationTensor(divergence, v);
      const activationValues = activation.dataSync();
      const conjugateValues = conjugate.dataSync();
      grid.forEach((value, i) => {
        const expectedActivation = divergence.activation(value);
        const expectedConjugate = divergence.conjugateOfActivation(value);
        expect(Math.abs(activationValues[i] - expectedActivation)).toBeLessThan(2e-6 * Math.max(1, Math.abs(expectedActivation)));
        expect(Math.abs(conjugateValues[i] - expectedConjugate)).toBeLessThan(2e-5 * Math.max(1, Math.abs(expectedConjugate)));
      });
      tf.dispose([v, activation, conjugate]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`${divergence.id}: the gradient of f*(g_f(v)) is finite and matches (f*)′(g_f)·g_f′`, () => {
      const points = [-6, -2.5, -0.3, 0.4, 2, 5];
      const v = tf.tensor1d(points);
      const gradient = tf.grad((input: Tensor) => tf.sum(conjugateOfActivationTensor(divergence, input)))(v);
      const values = gradient.dataSync();
      points.forEach((point, i) => {
        const h = 1e-5;
        const expected = (divergence.conjugateOfActivation(point + h) - divergence.conjugateOfActivation(point - h)) / (2 * h);
        expect(Number.isFinite(values[i])).toBe(true);
        expect(Math.abs(values[i] - expected)).toBeLessThan(1e-3 * Math.max(1, Math.abs(expected)));
      });
      tf.dispose([v, gradient]);
    });
  }
});
