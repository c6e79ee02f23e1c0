/**
 * Snapshots as records of probes: the table runner (order, what counts as requested), the GAN
 * probes' pure helpers against values worked out by hand, the GAN table's independence (a probe's
 * output does not depend on which other probes are requested, except the three that share a
 * stream), and the game's vector field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { densityOf } from '../../src/engine/divergences/evaluate';
import { getDivergence } from '../../src/engine/divergences/registry';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import { gameVectorField } from '../../src/engine/kinds/game/session';
import { gaussianOfAffineMap, ganProbes, monteCarloBound, noiseQuantiles, optimalCriticValues, simpson } from '../../src/engine/kinds/gan/probes';
import { Trainer } from '../../src/engine/kinds/gan/trainer';
import { isRequested, runProbes, type ProbeTable } from '../../src/engine/probes/table';
import { tf } from '../../src/engine/tf';
import type { SnapshotRequest } from '../../src/engine/types';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('runProbes', () => {
  it('runs the requested probes in the table order and skips false, 0, negative and missing values', () => {
    const calls: string[] = [];
    const table: ProbeTable<null> = {
      samples: (_, n) => (calls.push(`samples ${n}`), { samples: new Float32Array(n) }),
      critic: () => (calls.push('critic'), { divergence: 'kl' }),
      modeCoverage: () => (calls.push('modeCoverage'), undefined),
      miTrue: () => (calls.push('miTrue'), { miTrue: 1 }),
    };
    const snapshot = runProbes(table, { miTrue: true, modeCoverage: 0, critic: false, samples: 3 }, null, { step: 7, dim: 1 });
    expect(calls).toEqual(['samples 3', 'miTrue']);
    expect(snapshot).toEqual({ step: 7, dim: 1, samples: new Float32Array(3), miTrue: 1 });
    expect([true, 1, 0.5, { x: [0, 1, 2] }].every(isRequested)).toBe(true);
    expect([false, 0, -1, Number.NaN, undefined, null].some(isRequested)).toBe(false);
  });
});

describe('GAN probe helpers', () => {
  it('simpson is exact for x² on [0, 1], close for sin on [0, π], and −∞ for a NaN term', () => {
    const square = Array.from({ length: 9 }, (_, i) => (i / 8) ** 2);
    expect(simpson(square, 1 / 8)).toBeCloseTo(1 / 3, 14);
    const sine = Array.from({ length: 65 }, (_, i) => Math.sin((i * Math.PI) / 64));
    expect(simpson(sine, Math.PI / 64)).toBeCloseTo(2, 6);
    expect(simpson([1, Number.NaN, 1], 1)).toBe(-Infinity);
  });

  it('monteCarloBound: difference of means and the standard error of two independent means', () => {
    // scores: mean 2.5, variance 1.25; penalties: mean 1, variance 1; SE = √(1.25/4 + 1/4) = 0.75.
    const bound = monteCarloBound(new Float32Array([1, 2, 3, 4]), new Float32Array([0, 2, 0, 2]), 4);
    expect(bound.value).toBeCloseTo(1.5, 12);
    expect(bound.standardError).toBeCloseTo(0.75, 12);
    expect(bound.samples).toBe(4);
  });

  it('noiseQuantiles: evenly spaced levels through Φ⁻¹ or onto [−1, 1]', () => {
    expect(Array.from(noiseQuantiles(4, 'uniform'))).toEqual([-0.75, -0.25, 0.25, 0.75]);
    // Φ⁻¹(1/6) = −0.9674215661017 (tables of the normal distribution).
    const normal = noiseQuantiles(3, 'normal');
    expect(normal[0]).toBeCloseTo(-0.96742157, 5);
    expect(normal[1]).toBeCloseTo(0, 6);
    expect(normal[2]).toBeCloseTo(0.96742157, 5);
  });

  it('gaussianOfAffineMap reads N(b, ‖a‖²) off G(0) and G(e_i); a collapsed map has none', () => {
    // b = 1, a = (3, 4): G(0) = 1, G(e₁) = 4, G(e₂) = 5, so std = ‖a‖ = 5.
    expect(gaussianOfAffineMap([1, 4, 5], 2)).toEqual({ mean: 1, std: 5 });
    expect(gaussianOfAffineMap([2, 2], 1)).toBeUndefined();
    expect(gaussianOfAffineMap([Number.NaN, 1], 1)).toBeUndefined();
  });

  it("optimalCriticValues: KL's T* = 1 + log(p/q) = 1.5 − x for p = N(0, 1), q = N(1, 1)", () => {
    const xs = new Float32Array([-2, -0.5, 0, 1, 3]);
    const values = optimalCriticValues(getDivergence('kl'), xs, densityOf({ kind: 'normal', mean: 0, std: 1 }, 'P'), densityOf({ kind: 'normal', mean: 1, std: 1 }, 'Q'));
    xs.forEach((x, i) => expect(values[i]).toBeCloseTo(1.5 - x, 5));
  });
});

describe('the GAN probe table', () => {
  /** Every GAN probe at once, on 2-D data with an MLP critic. */
  const every: SnapshotRequest = {
    samples: 16,
    sampleGradients: true,
    realSamples: 16,
    discriminatorGrid: { x: [-3, 3, 5], y: [-3, 3, 4] },
    modeCoverage: 64,
    critic: true,
    criticBound: 64,
    gradientNormGrid: true,
    wassersteinEstimate: 64,
    layerSingularValues: true,
    layerGradientNorms: 16,
    activationGradientNorms: 16,
  };
  const experiment = experimentOrThrow({
    data: { kind: 'ring', modes: 8, radius: 2, std: 0.1 },
    generator: { kind: 'mlp', noiseDim: 2, hidden: [8], activation: 'relu' },
    discriminator: { hidden: [8, 8], activation: 'relu' },
    objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } },
    training: { batchSize: 32 },
    seed: 3,
  });

  it('has an entry only for SnapshotRequest fields, and every one it is given here answers', () => {
    const trainer = Trainer.create(experiment);
    try {
      trainer.train(2);
      const snapshot = trainer.snapshot(every);
      for (const key of ['samples', 'sampleGradients', 'realSamples', 'discriminatorGrid', 'modeCoverage', 'critic', 'criticBound', 'gradientNormGrid', 'wassersteinEstimate', 'layerSingularValues', 'layerGradientNorms', 'activationGradientNorms'] as const) {
        expect(snapshot[key], key).toBeDefined();
      }
      expect(Object.keys(ganProbes).every((key) => !['step', 'dim', 'game', 'miTrue', 'miEstimate'].includes(key))).toBe(true);
    } finally {
      trainer.dispose();
    }
  });

  it('a probe alone gives what it gives among all the others (but activation norms, which share a stream with layer norms); no tensor is left behind', () => {
    const trainer = Trainer.create(experiment);
    try {
      trainer.train(2);
      const before = tf.memory().numTensors;
      trainer.snapshot(every); // creates the fixed evaluation set, kept for the trainer's lifetime
      const kept = tf.memory().numTensors;
      const all = trainer.snapshot(every);
      expect(tf.memory().numTensors).toBe(kept);
      expect(kept - before).toBe(2); // the evaluation set's real points and noise
      for (const key of Object.keys(every) as (keyof SnapshotRequest)[]) {
        if (key === 'activationGradientNorms') continue;
        const alone: SnapshotRequest = { [key]: every[key] };
        if (key === 'sampleGradients') alone.samples = every.samples;
        if (key === 'gradientNormGrid' || key === 'critic') alone.discriminatorGrid = every.discriminatorGrid;
        expect(trainer.snapshot(alone)[key as keyof typeof all], key).toEqual(all[key as keyof typeof all]);
      }
      // Sharing the probe stream, activation norms alone differ from activation norms after layer norms.
      expect(trainer.snapshot({ activationGradientNorms: 16 }).activationGradientNorms).not.toEqual(all.activationGradientNorms);
      expect(trainer.snapshot({ layerGradientNorms: 16, activationGradientNorms: 16 }).activationGradientNorms).toEqual(all.activationGradientNorms);
    } finally {
      trainer.dispose();
    }
  });

  it('taking snapshots never changes the training numbers', () => {
    const plain = Trainer.create(experiment);
    const watched = Trainer.create(experiment);
    try {
      const expected = plain.train(4);
      const seen = [...watched.train(2)];
      watched.snapshot(every);
      seen.push(...watched.train(2));
      expect(seen).toEqual(expected);
    } finally {
      plain.dispose();
      watched.dispose();
    }
  });
});

describe('the game vector field', () => {
  it("WGAN Dirac-GAN: the update direction at (θ, ψ) is (−ψ, θ − γψ), row-major with ψ outer", () => {
    const values = gameVectorField({ kind: 'dirac-gan', loss: 'wasserstein', r1Weight: 0.5, instanceNoise: 0 }, [-1, 1, 3]);
    const expected: number[] = [];
    for (const psi of [-1, 0, 1]) for (const theta of [-1, 0, 1]) expected.push(-psi, theta - 0.5 * psi);
    expect(Array.from(values, (v) => v + 0)).toEqual(expected.map((v) => v + 0)); // + 0 turns −0 into 0
  });
});
