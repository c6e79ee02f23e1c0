/**
 * Chapter 8's claims (mutual information and MINE), checked against gan-math §7 and §11.5 or an
 * independent computation. The `mine` kind itself (samplers, truths, the bounds as functions, the
 * moving average's bias direction, accuracy at the default settings) is tested in mine.test.ts; here
 * the figures' own, cheaper experiments are tested at the tolerances the chapter states:
 *
 * - the chapter's exercise answers, each recomputed from first principles;
 * - Var e^{T*} = (1 − ρ²)^{−d} − 1 under the product of the marginals (Monte Carlo);
 * - mi-gaussians (600 steps, batch 256, Adam 1e-2): at ρ = 0.3, 0.5, 0.7 (seed 1) both MINE and
 *   MINE-f within 10 % of the truth; at the same T, DV ≥ the f-bound; a DV-trained T's f-bound far
 *   below (the text: DV 0.138 against 0.144, f-bound −0.19 at ρ = 0.5); the error bars widen with ρ;
 * - mi-nonlinear: x³ at σ = 0.1 within about 10 % with two hidden layers, and a third below with one;
 * - mine-bound-climb: the plain and the corrected gradient both within 10 % at ρ = 0.7;
 * - the widgets' pure helpers (the shift that aligns T with T*, the sweep chart's key).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getFigure } from '../../src/engine/experiments/figures';
import { runSweepPoint } from '../../src/engine/experiments/mi-sweep';
import { createSession } from '../../src/engine/kinds';
import { createMineSampler, gaussianOptimalStatistic } from '../../src/engine/kinds/mine/data';
import type { MineExperiment } from '../../src/engine/kinds/mine/schema';
import { createRng } from '../../src/engine/rng';
import { chapterAnswers } from './chapter-sources';

beforeAll(async () => {
  await initBackend('cpu');
});

const { mdx, pageAnswer, expectAnswer, choiceAnswer } = chapterAnswers('mutual-information');

const mineFigure = (id: string) => structuredClone(getFigure(id)!.experiment) as MineExperiment;

/** I(X; Z) = ∫∫ p log(p/(p_x p_z)) for a bivariate standard normal with correlation ρ, by a 2-D midpoint rule (independent of the closed form). */
function gaussianInformationByQuadrature(rho: number): number {
  const n = 600;
  const limit = 8;
  const h = (2 * limit) / n;
  const rest = 1 - rho * rho;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = -limit + (i + 0.5) * h;
    for (let j = 0; j < n; j++) {
      const z = -limit + (j + 0.5) * h;
      const joint = Math.exp(-(x * x - 2 * rho * x * z + z * z) / (2 * rest)) / (2 * Math.PI * Math.sqrt(rest));
      const product = Math.exp(-(x * x + z * z) / 2) / (2 * Math.PI);
      if (joint > 0) total += joint * Math.log(joint / product);
    }
  }
  return total * h * h;
}

/** The expected number of fixed points of a random permutation, by simulation. */
function meanFixedPoints(size: number, trials: number, seed: number): number {
  const rng = createRng(seed);
  let fixed = 0;
  const order = Array.from({ length: size }, (_, i) => i);
  for (let t = 0; t < trials; t++) {
    for (let i = size - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let i = 0; i < size; i++) if (order[i] === i) fixed++;
  }
  return fixed / trials;
}

describe('the chapter’s exercises', () => {
  it('8.1: I at ρ = 0.6, d = 1 (quadrature of the log ratio)', () => expectAnswer('ex-8-1', gaussianInformationByQuadrature(0.6)));
  it('8.2: I at d = 5, ρ = 0.9 (five independent pairs add)', () => expectAnswer('ex-8-2', 5 * gaussianInformationByQuadrature(0.9)));
  it('8.3: the gap DV − NWJ for E_P[T] = 0.5, E_Q[e^T] = 2', () => {
    // A statistic on a two-point Q with those moments: T = t on both points, so e^t = 2.
    const t = Math.log(2);
    const dv = 0.5 - Math.log(Math.exp(t));
    const nwj = 0.5 - Math.exp(t - 1);
    expectAnswer('ex-8-3', dv - nwj);
  });
  it('8.4: T*(1, 1) at ρ = 0.5 is the log ratio of the densities', () => {
    const rho = 0.5;
    const joint = Math.exp(-(1 - 2 * rho + 1) / (2 * (1 - rho * rho))) / (2 * Math.PI * Math.sqrt(1 - rho * rho));
    const product = Math.exp(-1) / (2 * Math.PI);
    expectAnswer('ex-8-4', Math.log(joint / product));
  });
  it('8.5: Var e^{T*} at d = 1, ρ = 0.9 by quadrature of p²/(p_x p_z)', () => {
    const rho = 0.9;
    const rest = 1 - rho * rho;
    // Along the diagonal the integrand decays only like e^{−0.053 x²}: the box must reach far out.
    const n = 1600;
    const limit = 32;
    const h = (2 * limit) / n;
    let second = 0;
    for (let i = 0; i < n; i++) {
      const x = -limit + (i + 0.5) * h;
      for (let j = 0; j < n; j++) {
        const z = -limit + (j + 0.5) * h;
        // In logs: far out both densities underflow, but their ratio p²/(p_x p_z) does not.
        const logJoint = -(x * x - 2 * rho * x * z + z * z) / (2 * rest) - Math.log(2 * Math.PI * Math.sqrt(rest));
        const logProduct = -(x * x + z * z) / 2 - Math.log(2 * Math.PI);
        second += Math.exp(2 * logJoint - logProduct);
      }
    }
    expectAnswer('ex-8-5', second * h * h - 1);
  });
  it('8.6: the binary symmetric channel with flip 0.1', () => {
    // Sum over the four (x, z) cells of p log(p / (p_x p_z)).
    const cells = [0.45, 0.05, 0.05, 0.45];
    expectAnswer('ex-8-6', cells.reduce((sum, p) => sum + p * Math.log(p / 0.25), 0));
  });
  it('8.7: invertible maps leave I unchanged (quadrature at ρ = 0.5)', () => expectAnswer('ex-8-7', gaussianInformationByQuadrature(0.5)));
  it('8.8: a random permutation of 512 keeps one pair on average (simulation)', () => {
    const mean = meanFixedPoints(512, 4000, 8);
    expect(Math.abs(mean - pageAnswer('ex-8-8').answer)).toBeLessThan(0.06); // standard error ≈ 1/√4000 ≈ 0.016
  });
  it('8.9: log 256', () => expectAnswer('ex-8-9', 8 * Math.log(2)));
  it('8.10: the NWJ bound is maximised pointwise at T* + 1', () => {
    // Maximise a·t − b·e^{t−1} over a grid for one (a, b) and compare with log(a/b).
    const a = 0.3;
    const b = 0.1;
    let best = -Infinity;
    let argmax = 0;
    for (let t = -5; t <= 5; t += 1e-4) {
      const value = a * t - b * Math.exp(t - 1);
      if (value > best) [best, argmax] = [value, t];
    }
    expect(argmax - Math.log(a / b)).toBeCloseTo(1, 3);
    expect(choiceAnswer('ex-8-10')).toBe('T* + 1');
  });
});

describe('variance at high information', () => {
  it('Var e^{T*} under the product of the marginals is (1 − ρ²)^{−1} − 1 at ρ = 0.5 (Monte Carlo)', () => {
    const rho = 0.5;
    const rng = createRng(3);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const value = Math.exp(gaussianOptimalStatistic(rng.normal(), rng.normal(), rho));
      sum += value;
      squares += value * value;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(1, 2);
    expect(squares / n - mean * mean).toBeCloseTo(1 / (1 - rho * rho) - 1, 1);
  });
});

describe('Figure 8.2 (mi-gaussians): the sweep’s own settings', () => {
  const base = mineFigure('mi-gaussians');
  const results = new Map<number, ReturnType<typeof runSweepPoint>>();
  const at = (rho: number) => {
    if (!results.has(rho)) results.set(rho, runSweepPoint('mi-gaussians', base, rho));
    return results.get(rho)!;
  };

  it('uses cheaper training than the kind’s defaults (600 steps, batch 256)', () => {
    expect(base.training.steps).toBe(600);
    expect(base.training.batchSize).toBe(256);
  });

  for (const rho of [0.3, 0.5, 0.7]) {
    it(`ρ = ${rho}: MINE and MINE-f within 10 % of the truth; DV ≥ f-bound at the same T`, () => {
      for (const result of at(rho)) {
        expect(Math.abs(result.estimate - result.truth) / result.truth, `${result.run}: ${result.estimate} vs ${result.truth}`).toBeLessThan(0.1);
        expect(result.donskerVaradhan).toBeGreaterThanOrEqual(result.fDivergence);
      }
    }, 60_000);
  }

  it('seed 1: the DV estimates at ρ = 0.3, 0.5, 0.7 lie 3–5 % below the truth', () => {
    for (const rho of [0.3, 0.5, 0.7]) {
      const dv = at(rho).find((result) => result.run === 'dv')!;
      const relative = (dv.estimate - dv.truth) / dv.truth;
      expect(relative, `ρ = ${rho}: ${dv.estimate} vs ${dv.truth}`).toBeLessThan(-0.025);
      expect(relative, `ρ = ${rho}: ${dv.estimate} vs ${dv.truth}`).toBeGreaterThan(-0.06);
    }
  }, 60_000);

  it('other seeds land on either side of the truth at ρ = 0.5, within 10 %', () => {
    const dvOnly = { ...base, bound: 'donsker-varadhan' as const };
    const relatives = [2, 3].map((seed) => {
      const [dv] = runSweepPoint('mi-gaussians', { ...dvOnly, seed }, 0.5).filter((result) => result.run === 'dv');
      return (dv.estimate - dv.truth) / dv.truth;
    });
    for (const relative of relatives) expect(Math.abs(relative)).toBeLessThan(0.1);
    expect(Math.min(...relatives)).toBeLessThan(-0.03);
    expect(Math.max(...relatives)).toBeGreaterThan(0.03);
  }, 90_000);

  it('d = 5, ρ = 0.9 (truth 4.15 nats): the short run falls at least a tenth below', () => {
    const five = structuredClone(base);
    if (five.data.kind === 'correlated-gaussians') five.data.dim = 5;
    const [dv] = runSweepPoint('mi-gaussians', five, 0.9).filter((result) => result.run === 'dv');
    expect(dv.truth).toBeCloseTo(4.1518, 3);
    expect(dv.estimate / dv.truth, `${dv.estimate} vs ${dv.truth}`).toBeLessThan(0.9);
  }, 90_000);

  it('a DV-trained statistic gives a far lower f-bound (ρ = 0.5: DV ≈ 0.138, f-bound ≈ −0.19)', () => {
    const dv = at(0.5).find((result) => result.run === 'dv')!;
    expect(dv.donskerVaradhan).toBeCloseTo(0.138, 2);
    expect(dv.fDivergence).toBeLessThan(-0.1);
    expect(dv.fDivergence).toBeGreaterThan(-0.3);
  }, 60_000);

  it('the DV estimate is at or above the MINE-f estimate at most points, and the error bars widen with ρ', () => {
    const pairs = [0.3, 0.5, 0.7].map((rho) => at(rho));
    const dvAbove = pairs.filter((pair) => pair[0].estimate >= pair[1].estimate).length;
    expect(dvAbove).toBeGreaterThanOrEqual(2);
    expect(at(0.7)[0].standardError).toBeGreaterThan(at(0.3)[0].standardError);
  }, 120_000);
});

describe('Figure 8.3 (mi-nonlinear): the cube needs two hidden layers', () => {
  it('x³ at σ = 0.1: within 12 % of the truth with 32 × 32, more than 25 % below with one layer of 32', () => {
    const base = mineFigure('mi-nonlinear');
    expect(base.statistics.hidden).toEqual([32, 32]);
    const [deep] = runSweepPoint('mi-nonlinear', base, 0.1).filter((result) => result.run === 'cube');
    expect(Math.abs(deep.estimate - deep.truth) / deep.truth, `${deep.estimate} vs ${deep.truth}`).toBeLessThan(0.12);
    const shallowBase = structuredClone(base);
    shallowBase.statistics.hidden = [32];
    const [shallow] = runSweepPoint('mi-nonlinear', shallowBase, 0.1).filter((result) => result.run === 'cube');
    expect((shallow.truth - shallow.estimate) / shallow.truth, `${shallow.estimate} vs ${shallow.truth}`).toBeGreaterThan(0.25);
  }, 120_000);
});

describe('Figure 8.1 (mine-bound-climb): the moving-average switch', () => {
  it('ρ = 0.7, batch 256, 1200 steps: the plain and the corrected gradient both within 10 % of the truth', () => {
    const base = mineFigure('mine-bound-climb');
    for (const movingAverage of [0.01, null]) {
      const session = createSession({ ...base, movingAverage });
      session.train(base.training.steps);
      const { miEstimate, miTrue } = session.snapshot({ miEstimate: 8000, miTrue: true });
      session.dispose();
      expect(Math.abs(miEstimate!.value - miTrue!) / miTrue!, `movingAverage ${movingAverage}: ${miEstimate!.value} vs ${miTrue}`).toBeLessThan(0.1);
    }
  }, 120_000);

  it('the true value in the caption', () => {
    const sampler = createMineSampler(mineFigure('mine-bound-climb').data);
    expect(sampler.mutualInformation()).toBeCloseTo(0.3367, 4);
    expect(mdx).toContain('true I = 0.3367 nats');
  });
});

describe('the widgets’ pure helpers', () => {
  it('alignmentShift: the constant that best matches T* on the central square, ignoring non-finite T*', async () => {
    const { alignmentShift } = await import('../../src/components/widgets/mine-bound-climb');
    const x = Float32Array.from([-3, -1, 0, 1, 3]);
    const z = Float32Array.from([-3, 0, 3]);
    const optimal = new Float32Array(15);
    const values = new Float32Array(15);
    for (let iz = 0; iz < 3; iz++) {
      for (let ix = 0; ix < 5; ix++) {
        const k = iz * 5 + ix;
        optimal[k] = gaussianOptimalStatistic(x[ix], z[iz], 0.5);
        // Inside the square T = T* − 0.7; outside it something else, which must not count.
        values[k] = Math.abs(x[ix]) <= 1.5 && Math.abs(z[iz]) <= 1.5 ? optimal[k] - 0.7 : 100;
      }
    }
    expect(alignmentShift({ x, z, values, optimal })).toBeCloseTo(0.7, 5);
    optimal[7] = -Infinity; // the centre point: skipped, the others still give 0.7
    expect(alignmentShift({ x, z, values, optimal })).toBeCloseTo(0.7, 5);
    expect(alignmentShift({ x, z, values })).toBe(0);
  });

  it('chartKey: two sweep points share a chart; any other change starts a new one', async () => {
    const { chartKey } = await import('../../src/components/widgets/mine-sweep');
    const { atSweepPoint } = await import('../../src/engine/experiments/figures-ch8');
    const base = mineFigure('mi-gaussians');
    expect(chartKey(atSweepPoint(base, 0.3))).toBe(chartKey(atSweepPoint(base, -0.9)));
    expect(chartKey({ ...base, optimizer: { ...base.optimizer, learningRate: 3e-3 } })).not.toBe(chartKey(base));
  });
});
