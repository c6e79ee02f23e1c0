/**
 * Chapter 3's claim, checked on the seeded 'variational-bound' figure experiment (CPU backend,
 * deterministic): a critic T trained to maximise F(T) = E_P[T] − E_Q[f*(T)] for a fixed Q climbs
 * towards D_f(P‖Q) from below. F never exceeds D_f (it is a lower bound for every T), and it ends
 * within 10% of D_f.
 *
 * D_f here is computed by this file, by the trapezoid rule on the written-out integrand, not read
 * from the engine. The bound is read two ways: the snapshot's quadrature value (deterministic, the
 * exact F of the current network up to quadrature error) and its Monte-Carlo estimate, which must
 * stay below D_f up to three of its own standard errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getGanFigure, withChanges } from '../../src/engine/experiments/figures';
import type { Experiment } from '../../src/engine/experiments/schema';
import { Trainer } from '../../src/engine/kinds/gan/trainer';

beforeAll(async () => {
  await initBackend('cpu');
});

const normalPdf = (x: number, mean: number, std: number) => Math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * Math.sqrt(2 * Math.PI));

/** ∫ f(x) dx on [−15, 15] by the trapezoid rule (every density here is negligible outside). */
function integrate(f: (x: number) => number, n = 30000): number {
  const h = 30 / n;
  let total = 0;
  for (let i = 0; i <= n; i++) total += (i === 0 || i === n ? 0.5 : 1) * f(-15 + i * h);
  return total * h;
}

/** P and Q of a 1-D experiment with mixture data and a fixed affine Gaussian generator. */
function densities(experiment: Experiment) {
  if (experiment.data.kind !== 'mixture-1d') throw new Error('expected mixture-1d data');
  const { components } = experiment.data;
  const init = experiment.generator.init!;
  const total = components.reduce((sum, c) => sum + c.weight, 0);
  return {
    p: (x: number) => components.reduce((sum, c) => sum + (c.weight / total) * normalPdf(x, c.mean, c.std), 0),
    q: (x: number) => normalPdf(x, init.shift[0], init.scale[0]),
  };
}

/** D_f(P‖Q) written out per divergence (natural log; js is the standard JS ≤ log 2). */
function trueDivergence(id: 'kl' | 'js', p: (x: number) => number, q: (x: number) => number): number {
  if (id === 'kl') return integrate((x) => (p(x) > 0 ? p(x) * Math.log(p(x) / q(x)) : 0));
  const m = (x: number) => (p(x) + q(x)) / 2;
  return 0.5 * integrate((x) => (p(x) > 0 ? p(x) * Math.log(p(x) / m(x)) : 0)) + 0.5 * integrate((x) => (q(x) > 0 ? q(x) * Math.log(q(x) / m(x)) : 0));
}

function climb(experiment: Experiment, id: 'kl' | 'js', iterations: number) {
  const { p, q } = densities(experiment);
  const target = trueDivergence(id, p, q);
  const trainer = Trainer.create(experiment);
  const first = trainer.snapshot({ criticBoundQuadrature: true, trueDivergence: true });
  const bounds: number[] = [first.criticBoundQuadrature!];
  while (trainer.step < iterations) {
    trainer.train(100);
    bounds.push(trainer.snapshot({ criticBoundQuadrature: true }).criticBoundQuadrature!);
  }
  const monteCarlo = trainer.snapshot({ criticBound: 20000 }).criticBound!;
  trainer.dispose();
  return { target, engineTarget: first.trueDivergence!, bounds, monteCarlo };
}

function expectClimbsFromBelow(result: ReturnType<typeof climb>): void {
  const { target, engineTarget, bounds, monteCarlo } = result;
  // The engine's D_f (its own integrator) agrees with the one computed here.
  expect(engineTarget).toBeCloseTo(target, 6);
  // A lower bound at every checkpoint (1e−4: far above the quadrature error, far below the gaps that matter).
  for (const bound of bounds) expect(bound).toBeLessThanOrEqual(target + 1e-4);
  expect(monteCarlo.value).toBeLessThanOrEqual(target + 3 * monteCarlo.standardError);
  // It climbs: from well below to within 10% of D_f.
  expect(bounds[0]).toBeLessThan(0.5 * target);
  expect(bounds[bounds.length - 1]).toBeGreaterThan(0.9 * target);
  expect(Math.abs(monteCarlo.value - bounds[bounds.length - 1])).toBeLessThan(4 * monteCarlo.standardError);
}

describe("Chapter 3: the trained critic's bound approaches D_f from below ('variational-bound', seed 1)", () => {
  const figure = getGanFigure('variational-bound');

  it('the figure is a critic-only experiment against a fixed Gaussian Q, with KL by default', () => {
    expect(figure).toBeDefined();
    const { experiment } = figure!;
    expect(experiment.training.generatorSteps).toBe(0);
    expect(experiment.generator.kind).toBe('affine');
    expect(experiment.generator.init).toBeDefined();
    expect(experiment.objective).toMatchObject({ kind: 'f-gan', divergence: 'kl' });
  });

  it('KL', () => {
    expectClimbsFromBelow(climb(figure!.experiment, 'kl', 1000));
  });

  it('Jensen–Shannon', () => {
    const experiment = withChanges(figure!.experiment, (draft) => {
      draft.objective = { kind: 'f-gan', divergence: 'js', generatorLoss: 'non-saturating' };
    });
    expectClimbsFromBelow(climb(experiment, 'js', 1000));
  });
});
