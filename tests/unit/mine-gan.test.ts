/**
 * The GAN kind's MINE section (Belghazi et al. 2018, §5.1): a categorical code c concatenated to the
 * noise, a statistics network T(x, c) trained on the Donsker–Varadhan bound, and −β·Î(G(z, c); c) in
 * the generator's loss. Determinism, leaks and blow-ups are checked with every other objective in
 * objectives-every-kind.test.ts; the chapter's claim in claims-ch8-minegan.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow, parseExperiment, type ExperimentInput } from '../../src/engine/experiments/schema';
import { createSession } from '../../src/engine/kinds';

beforeAll(async () => {
  await initBackend('cpu');
});

const small: ExperimentInput = {
  data: { kind: 'grid', size: 3 },
  generator: { hidden: [16] },
  discriminator: { hidden: [16] },
  training: { batchSize: 64 },
  seed: 5,
};

describe('the mine section of a GAN experiment', () => {
  it('is absent unless given, so experiments and links made before it parse to the same object', () => {
    expect('mine' in experimentOrThrow({})).toBe(false);
    expect('mine' in experimentOrThrow(small)).toBe(false);
    expect(experimentOrThrow({ ...small, mine: null }).mine).toBeNull();
  });

  it('off (null) trains exactly as absent', () => {
    const run = (input: ExperimentInput) => {
      const session = createSession(experimentOrThrow(input));
      const metrics = session.train(5);
      session.dispose();
      return metrics;
    };
    expect(run({ ...small, mine: null })).toEqual(run(small));
  });

  it('fills its defaults: β 1, 10 categories, T 64 × 64, Adam 1e-3, moving average 0.01', () => {
    expect(experimentOrThrow({ mine: {} }).mine).toEqual({ weight: 1, codeSize: 10, statisticsHidden: [64, 64], learningRate: 1e-3, movingAverage: 0.01 });
  });

  it('refuses generators without a code input and one-dimensional data, with a sentence', () => {
    const affine = parseExperiment({ generator: { kind: 'affine' }, mine: {} });
    expect(affine.ok).toBe(false);
    if (!affine.ok) expect(affine.issues.map((issue) => issue.message).join(' ')).toMatch(/needs the 'mlp' generator/);
    const oneD = parseExperiment({ data: { kind: 'mixture-1d' }, mine: {} });
    expect(oneD.ok).toBe(false);
    if (!oneD.ok) expect(oneD.issues.map((issue) => issue.message).join(' ')).toMatch(/two-dimensional data/);
    const badSize = parseExperiment({ mine: { codeSize: 1 } });
    expect(badSize.ok).toBe(false);
  });

  it("records the estimate as the metric 'codeInformation', and changes only the generator's update", () => {
    const firstStep = (weight: number) => {
      const session = createSession(experimentOrThrow({ ...small, mine: { weight, codeSize: 4, statisticsHidden: [16] } }));
      const [record] = session.train(1);
      session.dispose();
      return record;
    };
    const without = firstStep(0);
    const withTerm = firstStep(2);
    expect(Object.keys(withTerm)).toContain('codeInformation');
    // The discriminator's and T's updates come before the generator's in an iteration.
    expect(withTerm.discriminatorLoss).toBe(without.discriminatorLoss);
    expect(withTerm.codeInformation).toBe(without.codeInformation);
    expect(withTerm.generatorLoss).not.toBe(without.generatorLoss);
    expect(withTerm.generatorGradNorm).not.toBe(without.generatorGradNorm);
  });

  it('estimates at most H(c) = log K, and more once the generator is rewarded for the code than when it is not', () => {
    // I(G(z, c); c) ≤ H(c) = log K for a uniform code on K categories, whatever G does; DV's estimate
    // of it stays below up to minibatch noise. A generator not rewarded (β = 0) has no reason to use
    // the code; with β = 1 it learns to send the codes to places T can tell apart.
    const codeSize = 4;
    const recent = (weight: number) => {
      const session = createSession(experimentOrThrow({ ...small, mine: { weight, codeSize, statisticsHidden: [16], learningRate: 3e-3 } }));
      const metrics = session.train(300);
      session.dispose();
      const last = metrics.slice(-100).map((record) => record.codeInformation);
      return last.reduce((sum, value) => sum + value, 0) / last.length;
    };
    const rewarded = recent(1);
    const unrewarded = recent(0);
    expect(rewarded).toBeLessThan(Math.log(codeSize) + 0.02);
    expect(unrewarded).toBeLessThan(Math.log(codeSize) + 0.02);
    expect(rewarded).toBeGreaterThan(unrewarded + 0.3);
  });
});
