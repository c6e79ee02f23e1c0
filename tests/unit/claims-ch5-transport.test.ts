/**
 * Chapter 5's numbers that need no training, checked against the engine's evaluators (and, for the
 * closed forms, against gan-math §11.1–11.3): W₁ between Gaussians (eq. w1-gauss), the grid examples
 * and exercises, the collapsed-mode exercise (W₁ = 2, JS ≈ 0.2157), the Kantorovich–Rubinstein
 * critics of the text, the clipped linear critic and the gradient-penalty arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { divergenceDensity, evaluate, w1Discrete, type ContinuousSpec } from '../../src/engine/divergences';
import { normalCdf } from '../../src/engine/divergences/numeric';
import { monotonePlan, transportCost } from '../../src/engine/divergences/transport';

const normal = (mean: number, std: number): ContinuousSpec => ({ kind: 'normal', mean, std });

/** E|m + s z| for z ~ N(0, 1), the folded-normal mean (eq. w1-gauss). */
function w1Gaussians(mu1: number, s1: number, mu2: number, s2: number): number {
  const m = mu2 - mu1;
  const s = Math.abs(s2 - s1);
  if (s === 0) return Math.abs(m);
  return s * Math.sqrt(2 / Math.PI) * Math.exp(-(m * m) / (2 * s * s)) + m * (1 - 2 * normalCdf(-m / s, 0, 1));
}

describe('Chapter 5: W₁ on the line', () => {
  it('Gaussian pairs of the text and the exercises (gan-math §11.1)', () => {
    const cases: Array<[number, number, number, number, number]> = [
      [0, 1, 1, 1, 1],
      [0, 1, 0, 2, 0.797885],
      [0, 1, 0, 0.5, 0.398942],
      [0, 1, 1, 2, 1.16663],
      [0, 1, 0, 3, 1.59577], // Exercise 5.2
      [0, 1, 2.5, 1, 2.5], // Exercise 5.3
    ];
    for (const [mu1, s1, mu2, s2, expected] of cases) {
      expect(w1Gaussians(mu1, s1, mu2, s2)).toBeCloseTo(expected, 5);
      expect(evaluate('w1', normal(mu1, s1), normal(mu2, s2))).toBeCloseTo(expected, 5);
    }
  });

  it('the divergences quoted beside them', () => {
    expect(evaluate('kl', normal(0, 1), normal(1, 1))).toBeCloseTo(0.5, 8);
    expect(evaluate('js', normal(0, 1), normal(1, 1))).toBeCloseTo(0.1114, 4);
    expect(evaluate('kl', normal(0, 1), normal(0, 2))).toBeCloseTo(0.3181, 4);
    expect(evaluate('js', normal(0, 1), normal(0, 2))).toBeCloseTo(0.0927, 4);
  });

  it('grid examples: the worked plan (W₁ = 1, two optimal plans), case (b) (0.5), Exercise 5.4 (0.4)', () => {
    const p = [0.5, 0.5, 0];
    const q = [0, 0.5, 0.5];
    expect(w1Discrete(p, q)).toBeCloseTo(1, 12);
    // Both plans of the table cost 1: shift (0→1, 1→2) and carry (0→2, 1→1).
    expect(0.5 * 1 + 0.5 * 1).toBe(1);
    expect(0.5 * 2 + 0.5 * 0).toBe(1);
    expect(transportCost(monotonePlan(p, q))).toBeCloseTo(1, 12);
    expect(w1Discrete([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25])).toBeCloseTo(0.5, 12);
    expect(w1Discrete([0.2, 0.5, 0.3], [0.6, 0.1, 0.3])).toBeCloseTo(0.4, 12);
  });

  it('Exercise 5.7: collapsing onto one of two modes costs W₁ = 2, while JS ≈ 0.2157', () => {
    const data: ContinuousSpec = { kind: 'mixture', components: [{ weight: 0.5, mean: -2, std: 0.5 }, { weight: 0.5, mean: 2, std: 0.5 }] };
    const collapsed = normal(2, 0.5);
    expect(evaluate('w1', data, collapsed)).toBeCloseTo(2, 6);
    expect(evaluate('js', data, collapsed)).toBeCloseTo(0.2157, 4);
  });
});

describe('Chapter 5: critics', () => {
  it('the Kantorovich–Rubinstein critics of the text reach W₁', () => {
    // Case (b): f(k) = k scores E_P k − E_Q k = 2 − 1.5.
    const p = [0.1, 0.2, 0.3, 0.4];
    const q = [0.25, 0.25, 0.25, 0.25];
    const score = (f: (k: number) => number, a: number[], b: number[]) => a.reduce((sum, pk, k) => sum + f(k) * (pk - b[k]), 0);
    expect(score((k) => k, p, q)).toBeCloseTo(w1Discrete(p, q), 12);
    // Exercise 5.4: f = (0, 1, 1).
    expect(score((k) => (k === 0 ? 0 : 1), [0.2, 0.5, 0.3], [0.6, 0.1, 0.3])).toBeCloseTo(0.4, 12);
    // The tent −|x| between N(0,1) and N(0,σ²): (σ − 1)√(2/π), using E|x| = σ√(2/π).
    const sigma = 3;
    expect(-Math.sqrt(2 / Math.PI) + sigma * Math.sqrt(2 / Math.PI)).toBeCloseTo(evaluate('w1', normal(0, 1), normal(0, sigma)), 6);
  });

  it('the clipped linear critic reports c‖Δμ‖₁, not W₁ (gan-math §11.1); the penalty arithmetic of Exercise 5.6', () => {
    const clipped = (c: number, delta: number[]) => c * delta.reduce((sum, value) => sum + Math.abs(value), 0);
    expect(clipped(0.01, [1, 2])).toBeCloseTo(0.03, 12);
    expect(Math.hypot(1, 2)).toBeCloseTo(2.23607, 5);
    expect(clipped(0.01, [-3, 4])).toBeCloseTo(0.07, 12); // Exercise 5.5, against W₁ = 5
    expect(10 * (0.03 - 1) ** 2).toBeCloseTo(9.409, 10); // Exercise 5.6
    expect(0.01 * Math.sqrt(512 * 512)).toBeCloseTo(5.12, 10); // Exercise 5.10
  });

  it('saturation table (gan-math §11.3): D*(μ), the two generator slopes at x = μ, JS', () => {
    const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
    const rows: Array<[number, number, number, number, number]> = [
      [2, 0.119203, 0.238406, 1.76159, 0.336831],
      [4, 3.3535e-4, 1.3414e-3, 3.99866, 0.63272],
      [6, 1.523e-8, 9.138e-8, 6.0, 0.689298],
    ];
    for (const [mu, d, minimax, nonSaturating, js] of rows) {
      const dStar = sigmoid(-mu * (mu - mu / 2));
      expect(dStar).toBeCloseTo(d, 6);
      // d/dx log(1 − D*) = μ·D* and d/dx log D* = −μ(1 − D*) for D* = σ(−μ(x − μ/2)).
      expect(mu * dStar / minimax).toBeCloseTo(1, 3);
      expect(mu * (1 - dStar)).toBeCloseTo(nonSaturating, 4);
      expect(divergenceDensity('js', normal(0, 1), normal(mu, 1))).toBeCloseTo(js, 5);
    }
  });
});
