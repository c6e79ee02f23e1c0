/**
 * Chapter 8's Figure 8.4 (MINE against mode collapse), recomputed: the figure's experiment trained
 * from seeds 1–3 without the MINE reward (β = 0) and with it (the figure's β), on WASM as the
 * command line runs it, with mode coverage by VEEGAN's rule on 2500 samples (gan-math §8.3) at steps
 * 1000 and 2000. The issue asked for "the MINE-regularised GAN covers at least as many modes as the
 * plain one over three seeds". Measured, and stated in the chapter: true at step 1000 (19, 17, 17
 * against 18, 17, 16), false at the end of the run, step 2000 (15, 15, 12 against 18, 18, 14). This
 * test checks that honest result. A snapshot never changes training (its own stream), so both
 * checkpoints come from the same six runs. Cost: six runs of 2000 steps (about two minutes on two
 * quiet cores; more on a loaded machine), so the whole figure run rather than a shortened one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getFigure } from '../../src/engine/experiments/figures';
import type { Experiment } from '../../src/engine/experiments/schema';
import { Trainer } from '../../src/engine/kinds/gan/trainer';

beforeAll(async () => {
  await initBackend('wasm');
});

const figure = getFigure('mine-gan')!.experiment as Experiment;
const seeds = [1, 2, 3];

interface Checkpoint {
  modes: number;
  highQuality: number;
  information: number;
}

/** Modes captured, the high-quality fraction and the mean estimate of I(G(z, c); c) over the last 50 steps, at steps 1000 and 2000. */
function run(seed: number, weight: number): Checkpoint[] {
  const trainer = Trainer.create({ ...structuredClone(figure), seed, mine: { ...figure.mine!, weight } });
  const checkpoints: Checkpoint[] = [];
  for (let k = 0; k < 2; k++) {
    const metrics = trainer.train(1000);
    const coverage = trainer.snapshot({ modeCoverage: 2500 }).modeCoverage!;
    const recent = metrics.slice(-50).map((record) => record.codeInformation);
    checkpoints.push({
      modes: coverage.modesCaptured,
      highQuality: coverage.highQualityFraction,
      information: recent.reduce((sum, value) => sum + value, 0) / recent.length,
    });
  }
  trainer.dispose();
  return checkpoints;
}

describe('Figure 8.4: MINE against mode collapse on the 25-Gaussian grid, seeds 1–3', () => {
  it('the figure runs the plain and the rewarded GAN from one experiment that differs only in β', () => {
    expect(figure.mine).toMatchObject({ codeSize: 25 });
    expect(figure.mine!.weight).toBeGreaterThan(0);
    expect(figure.training.steps).toBe(2000);
  });

  it('covers at least as many modes at step 1000, fewer at step 2000; the reward keeps the information near log 25', { timeout: 900_000 }, () => {
    const results = seeds.map((seed) => ({ seed, plain: run(seed, 0), mine: run(seed, figure.mine!.weight) }));
    const table = results.map(({ seed, plain, mine }) => `seed ${seed}: plain ${plain.map((c) => c.modes).join('→')}, MINE ${mine.map((c) => c.modes).join('→')}`).join('; ');
    for (const { plain, mine } of results) {
      // Step 1000: the claim holds on every seed.
      expect(mine[0].modes, table).toBeGreaterThanOrEqual(plain[0].modes);
      // Step 2000, the end of the figure's run: it does not, on any seed.
      expect(mine[1].modes, table).toBeLessThan(plain[1].modes);
      // Neither run is a clean collapse onto a few modes: both still cover more than half of the 25.
      expect(plain[1].modes, table).toBeGreaterThan(12);
      expect(mine[1].modes, table).toBeGreaterThanOrEqual(12);
      // The reward works on what it measures: the rewarded generator's code is nearly decodable
      // from its sample (log 25 ≈ 3.22 nats is the ceiling), the plain generator ignores its code.
      expect(mine[1].information, table).toBeGreaterThan(2.3);
      expect(mine[1].information, table).toBeLessThan(Math.log(25) + 0.05);
      expect(plain[1].information, table).toBeLessThan(0.3);
    }
  });
});
