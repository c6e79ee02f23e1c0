/**
 * Chapter 4's claim, checked on the seeded 'fgan-gaussian-fit' figure experiment (CPU backend,
 * deterministic): fitting one Gaussian Q = N(μ, s²) to the two-bump mixture
 * P = ½N(−2, 0.5²) + ½N(2, 0.5²) with an f-GAN, forward KL spreads Q over both bumps while
 * reverse KL locks onto one of them.
 *
 * Reference points, computed independently of the engine:
 * - forward KL's best Gaussian matches P's moments (minimising −E_P log q): μ = 0 and
 *   s² = Var P = 2² + 0.5², s = 2.0616;
 * - reverse KL's best Gaussian is (±2, 0.5), one component (the other bump's overlap is e^{−32}-small;
 *   the chapter's numerical minimisation gives (±2.000, 0.500)).
 * The generator is affine, so the snapshot reads μ and s off the map exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getGanFigure, withChanges } from '../../src/engine/experiments/figures';
import type { Experiment } from '../../src/engine/experiments/schema';
import { Trainer } from '../../src/engine/kinds/gan/trainer';

beforeAll(async () => {
  await initBackend('cpu');
});

const MODE = 2;
const MODE_STD = 0.5;
const MOMENT_MATCHED_STD = Math.sqrt(MODE ** 2 + MODE_STD ** 2);

function fit(experiment: Experiment): { mean: number; std: number } {
  const trainer = Trainer.create(experiment);
  trainer.train(experiment.training.steps);
  const gaussian = trainer.snapshot({ generatorDensityExact: true, discriminatorGrid: { x: [0, 0, 1] } }).generatorGaussian!;
  trainer.dispose();
  return gaussian;
}

describe("Chapter 4: forward KL covers, reverse KL seeks a mode ('fgan-gaussian-fit', seed 1)", () => {
  const figure = getGanFigure('fgan-gaussian-fit');
  let forward: { mean: number; std: number };
  let reverse: { mean: number; std: number };

  beforeAll(() => {
    expect(figure).toBeDefined();
    const { experiment } = figure!;
    expect(experiment.objective).toEqual({ kind: 'f-gan', divergence: 'kl', generatorLoss: 'saddle' });
    expect(experiment.data).toEqual({
      kind: 'mixture-1d',
      components: [
        { mean: -MODE, std: MODE_STD, weight: 1 },
        { mean: MODE, std: MODE_STD, weight: 1 },
      ],
    });
    forward = fit(experiment);
    reverse = fit(withChanges(experiment, (draft) => void (draft.objective = { kind: 'f-gan', divergence: 'reverse-kl', generatorLoss: 'saddle' })));
  }, 240_000); // two 1000-iteration runs: about 20 s of CPU, longer on a busy machine

  it('the forward-KL fit is wider than the reverse-KL fit', () => {
    expect(forward.std).toBeGreaterThan(2.5 * reverse.std);
  });

  it('the forward-KL fit is centred between the bumps with about the moment-matched width', () => {
    expect(Math.abs(forward.mean)).toBeLessThan(0.4);
    expect(Math.abs(forward.std - MOMENT_MATCHED_STD)).toBeLessThan(0.3);
  });

  it("the reverse-KL fit sits on one bump (mean within 0.5σ of the bump's mean) at about that bump's width", () => {
    expect(Math.abs(Math.abs(reverse.mean) - MODE)).toBeLessThan(0.5 * MODE_STD);
    expect(Math.abs(reverse.std - MODE_STD)).toBeLessThan(0.2);
  });
});
