/**
 * The f-GAN objective (src/engine/objectives/fgan.ts), its schema entry and the trainer's bound
 * snapshots, against gan-math.md §1.4 and §9.1 and independent computations written out here:
 *
 * - with the 'gan' divergence the f-GAN losses are Goodfellow et al.'s, term for term;
 * - maximising F over one critic value per support point reaches D_f (case (b), §9.1), and at the
 *   written-out optimum V* the bound is exact;
 * - a constant critic T ≡ f′(1) gives F = f(1) (0, or −log 4 for 'gan');
 * - losses and gradients stay finite for every registry id over v ∈ [−30, 30];
 * - the schema accepts registry ids and rejects others with a message that lists them;
 * - a fixed affine generator is exactly N(shift, scale²), and the snapshot's bound, true divergence
 *   and optimal critic agree with sums and integrals computed here.
 *
 * Expectations over discrete distributions are batch means over copies of each support point in
 * proportion to its probability (case (b): p = [0.1, 0.2, 0.3, 0.4] → 1, 2, 3, 4 copies; q uniform).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getDivergence } from '../../src/engine/divergences/registry';
import { experimentOrThrow, parseExperiment } from '../../src/engine/experiments/schema';
import { decodeExperiment, encodeExperiment } from '../../src/engine/experiments/url';
import {
  createFGanObjective,
  fganBound,
  fganCriticLoss,
  ganDiscriminatorLoss,
  getObjective,
  minimaxGeneratorLoss,
  nonSaturatingGeneratorLoss,
} from '../../src/engine/objectives';
import { createRng } from '../../src/engine/rng';
import { tf } from '../../src/engine/tf';
import { Trainer } from '../../src/engine/kinds/gan/trainer';

beforeAll(async () => {
  await initBackend('cpu');
});

const LOG_4 = Math.log(4);

/** Every fixed registry id and a few α (below 0, between 0 and 1, above 1). */
const ALL_IDS = ['kl', 'reverse-kl', 'pearson', 'neyman', 'hellinger', 'js', 'gan', 'tv', 'jeffrey', 'alpha:-1', 'alpha:0.5', 'alpha:2'];

/** gan-math §9.1, case (b): p = [0.1, 0.2, 0.3, 0.4], q uniform on {0, 1, 2, 3}. */
const CASE_B: Record<string, number> = {
  kl: 0.10644,
  'reverse-kl': 0.121777,
  pearson: 0.2,
  neyman: 0.302083,
  hellinger: 0.0563805,
  js: 0.0278656,
  gan: -1.33056,
  tv: 0.2,
  jeffrey: 0.228217,
  'alpha:-1': 0.151042,
  'alpha:0.5': 0.112761,
  'alpha:2': 0.1,
};
const P_B = [0.1, 0.2, 0.3, 0.4];
const Q_B = [0.25, 0.25, 0.25, 0.25];
const REAL_COPIES = [1, 2, 3, 4];
const FAKE_COPIES = [1, 1, 1, 1];
const indices = (copies: number[]) => copies.flatMap((count, point) => new Array<number>(count).fill(point));

const read = (t: tf.Tensor) => {
  const value = t.dataSync()[0];
  t.dispose();
  return value;
};

describe('f-GAN with the GAN divergence is the original GAN', () => {
  const rng = createRng(7);
  const realLogits = Array.from({ length: 64 }, () => 3 * rng.normal());
  const fakeLogits = Array.from({ length: 64 }, () => 3 * rng.normal() - 1);
  const logSigmoid = (v: number) => -Math.log1p(Math.exp(-v));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

  it("F equals Goodfellow's value function E_P log D + E_Q log(1 − D), D = σ(V)", () => {
    // log(1 − σ(v)) = log σ(−v).
    const value = mean(realLogits.map(logSigmoid)) + mean(fakeLogits.map((v) => logSigmoid(-v)));
    const bound = read(fganBound(getDivergence('gan'), tf.tensor1d(realLogits), tf.tensor1d(fakeLogits)));
    expect(bound).toBeCloseTo(value, 5);
  });

  it('the critic, saddle and non-saturating losses equal the GAN discriminator, minimax and non-saturating losses', () => {
    const real = tf.tensor1d(realLogits);
    const fake = tf.tensor1d(fakeLogits);
    const saddle = createFGanObjective('gan', 'saddle');
    const nonSaturating = createFGanObjective('gan', 'non-saturating');
    expect(read(saddle.discriminatorLoss(real, fake, { realLabel: 1 }))).toBeCloseTo(read(ganDiscriminatorLoss(real, fake, { realLabel: 1 })), 5);
    expect(read(saddle.generatorLoss(fake))).toBeCloseTo(read(minimaxGeneratorLoss(fake)), 5);
    expect(read(nonSaturating.generatorLoss(fake))).toBeCloseTo(read(nonSaturatingGeneratorLoss(fake)), 5);
    // Written out: −E_Q log(1 − D) for the saddle sign check, −E_Q log D for non-saturating.
    expect(read(saddle.generatorLoss(fake))).toBeCloseTo(mean(fakeLogits.map((v) => logSigmoid(-v))), 5);
    expect(read(nonSaturating.generatorLoss(fake))).toBeCloseTo(-mean(fakeLogits.map(logSigmoid)), 5);
    real.dispose();
    fake.dispose();
  });

  it('draws T = g_f(V) (log D for the GAN row, V itself for KL), not σ(V)', () => {
    const v = tf.tensor1d([-2, 0, 3]);
    const gan = Array.from(createFGanObjective('gan').discriminatorOutput(v).dataSync());
    gan.forEach((value, i) => expect(value).toBeCloseTo(logSigmoid([-2, 0, 3][i]), 5));
    expect(Array.from(createFGanObjective('kl').discriminatorOutput(v).dataSync())).toEqual([-2, 0, 3]);
    v.dispose();
  });

  it('getObjective builds the f-GAN record from the schema', () => {
    const objective = getObjective({ kind: 'f-gan', divergence: 'hellinger', generatorLoss: 'saddle' });
    expect(objective.id).toBe('f-gan(hellinger, saddle)');
  });
});

describe('the bound on discrete distributions (gan-math §9.1 case (b))', () => {
  it('is exact at the optimal critic, written out: KL with V* = 1 + log(p/q), GAN with V* = log(p/q)', () => {
    const real = indices(REAL_COPIES);
    const fake = indices(FAKE_COPIES);
    const at = (perPoint: number[], id: string) =>
      read(fganBound(getDivergence(id), tf.tensor1d(real.map((i) => perPoint[i])), tf.tensor1d(fake.map((i) => perPoint[i]))));
    const logRatio = P_B.map((p, i) => Math.log(p / Q_B[i]));
    expect(at(logRatio.map((r) => 1 + r), 'kl')).toBeCloseTo(CASE_B.kl, 5);
    expect(at(logRatio, 'gan')).toBeCloseTo(CASE_B.gan, 5);
  });

  it.each(ALL_IDS)('at V* = g_f⁻¹(f′(p/q)) the tensor bound equals D_f and its gradient vanishes (%s)', (id) => {
    const divergence = getDivergence(id);
    // T* = f′(u) from the registry's plain derivative; V* by bisection on its plain activation.
    // (For total variation T* = ±½ is reached only as V → ±∞; the bisection stops at ±40, where ½tanh(V) = ±½ in float32.)
    const optimal = P_B.map((p, i) => inverseActivation(id, divergence.derivative(p / Q_B[i])));
    const real = tf.tensor1d(indices(REAL_COPIES), 'int32');
    const fake = tf.tensor1d(indices(FAKE_COPIES), 'int32');
    const bound = (v: tf.Tensor) => fganBound(divergence, tf.gather(v, real), tf.gather(v, fake));
    const { value, grad } = tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad(bound)(tf.tensor1d(optimal));
      return { value: value.dataSync()[0], grad: Array.from(grad.dataSync()) };
    });
    real.dispose();
    fake.dispose();
    expect(Math.abs(value - CASE_B[id])).toBeLessThan(2e-5);
    // F is concave in T and g_f is increasing, so a stationary point in V is the maximum.
    for (const component of grad) expect(Math.abs(component)).toBeLessThan(1e-4);
  });

  it('gradient ascent on the critic loss from V = 0 climbs to D_f (KL, reverse KL)', () => {
    for (const id of ['kl', 'reverse-kl']) {
      const divergence = getDivergence(id);
      const real = tf.tensor1d(indices(REAL_COPIES), 'int32');
      const fake = tf.tensor1d(indices(FAKE_COPIES), 'int32');
      const loss = (v: tf.Tensor) => fganCriticLoss(divergence, tf.gather(v, real), tf.gather(v, fake));
      const gradient = tf.grad(loss);
      let v = tf.zeros([4]);
      // Both losses are separable with curvature at most max(p, q)·e^{|V*|} ≤ 1.6 near the optimum: a step of 0.5 is stable.
      for (let step = 0; step < 400; step++) {
        const next = tf.tidy(() => tf.sub(v, tf.mul(0.5, gradient(v))));
        v.dispose();
        v = next;
      }
      const bound = -read(tf.tidy(() => loss(v)));
      v.dispose();
      real.dispose();
      fake.dispose();
      expect(Math.abs(bound - CASE_B[id]), id).toBeLessThan(1e-5);
    }
  });
});

/** The V with g_f(V) = t, by bisection on the registry's increasing activation. */
function inverseActivation(id: string, t: number): number {
  const g = getDivergence(id).activation;
  let low = -40;
  let high = 40;
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (g(middle) < t) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

describe('a constant critic T ≡ f′(1) gives F = f(1)', () => {
  it.each(ALL_IDS)('%s', (id) => {
    const divergence = getDivergence(id);
    const v = inverseActivation(id, divergence.derivativeAtOne);
    const loss = read(fganCriticLoss(divergence, tf.fill([10], v), tf.fill([7], v)));
    // f(1) = 0 for a proper divergence and −log 4 for the GAN row (gan-math §1.4); the loss is −F.
    expect(loss).toBeCloseTo(id === 'gan' ? LOG_4 : 0, 5);
  });
});

describe('finite losses and gradients over v ∈ [−30, 30]', () => {
  const values = Array.from({ length: 121 }, (_, i) => -30 + i * 0.5);
  it.each(ALL_IDS)('%s', (id) => {
    for (const generatorLoss of ['saddle', 'non-saturating'] as const) {
      const objective = createFGanObjective(id, generatorLoss);
      const check = (f: (v: tf.Tensor) => tf.Scalar) => {
        const { value, grad } = tf.tidy(() => {
          const { value, grad } = tf.valueAndGrad(f)(tf.tensor1d(values));
          return { value: value.dataSync()[0], grad: Array.from(grad.dataSync()) };
        });
        expect(Number.isFinite(value), `${id} value`).toBe(true);
        expect(grad.every(Number.isFinite), `${id} gradient`).toBe(true);
      };
      check((v) => objective.discriminatorLoss(v, v, { realLabel: 1 }));
      check((v) => objective.generatorLoss(v));
    }
  });
});

describe('schema: the f-gan objective', () => {
  const errorsOf = (input: unknown): string[] => {
    const result = parseExperiment(input);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.errors;
  };

  it('keeps {} as the non-saturating GAN and fills f-gan defaults', () => {
    expect(experimentOrThrow({}).objective).toEqual({ kind: 'non-saturating', r1Weight: 0 });
    expect(experimentOrThrow({ objective: { kind: 'f-gan' } }).objective).toEqual({
      kind: 'f-gan',
      divergence: 'kl',
      generatorLoss: 'non-saturating',
    });
  });

  it('accepts every registry id, including α, and spells α the registry way', () => {
    for (const id of ALL_IDS) {
      expect(experimentOrThrow({ objective: { kind: 'f-gan', divergence: id, generatorLoss: 'saddle' } }).objective).toMatchObject({ divergence: id });
    }
    expect(experimentOrThrow({ objective: { kind: 'f-gan', divergence: 'alpha:0.50' } }).objective).toMatchObject({ divergence: 'alpha:0.5' });
  });

  it('rejects unknown ids, w1 (not an f-divergence) and α ∈ {0, 1} with a message listing the ids', () => {
    for (const id of ['nope', 'w1', 'alpha:1', 'alpha:0', 'alpha:x', 'KL']) {
      const [message] = errorsOf({ objective: { kind: 'f-gan', divergence: id } });
      expect(message.startsWith('objective.divergence must be an f-divergence id: kl, reverse-kl, pearson')).toBe(true);
      expect(message).toContain('alpha:<a>');
      expect(message).toContain(JSON.stringify(id));
    }
  });

  it('rejects an unknown generator loss, a divergence on a GAN objective, and label smoothing with f-gan', () => {
    expect(errorsOf({ objective: { kind: 'f-gan', generatorLoss: 'minimax' } })).toEqual([
      'objective.generatorLoss must be one of: saddle, non-saturating',
    ]);
    expect(errorsOf({ objective: { kind: 'minimax', divergence: 'kl' } })).toEqual(['objective: unknown field "divergence"']);
    expect(errorsOf({ objective: { kind: 'f-gan' }, training: { realLabel: 0.9 } })[0]).toMatch(/^training\.realLabel must be 1 with the f-gan objective/);
    expect(errorsOf({ objective: { kind: 'wgan' } })).toEqual(['objective.kind must be one of: minimax, non-saturating, f-gan, least-squares, wasserstein, hinge, energy']);
  });

  it('round-trips through share links, against the defaults and against an f-GAN base', () => {
    const base = experimentOrThrow({ objective: { kind: 'f-gan', divergence: 'kl' }, data: { kind: 'mixture-1d' }, generator: { kind: 'affine', noiseDim: 1, init: { shift: [1], scale: [2] } } });
    const changed = experimentOrThrow({ ...base, objective: { kind: 'f-gan', divergence: 'alpha:0.5', generatorLoss: 'saddle' }, generator: { ...base.generator, init: undefined } });
    for (const [experiment, against] of [[changed, base], [base, undefined], [experimentOrThrow({}), base]] as const) {
      expect(decodeExperiment(encodeExperiment(experiment, against), against)).toEqual({ ok: true, experiment });
    }
  });

  it("validates the affine generator's init against the data dimension", () => {
    const oneD = { data: { kind: 'mixture-1d' } };
    expect(experimentOrThrow({ ...oneD, generator: { kind: 'affine', noiseDim: 1, init: { shift: [1], scale: [2] } } }).generator.init).toEqual({ shift: [1], scale: [2] });
    expect(errorsOf({ ...oneD, generator: { kind: 'mlp', noiseDim: 1, init: { shift: [1], scale: [2] } } })).toEqual([
      "generator.init is only for the 'affine' generator",
    ]);
    expect(errorsOf({ generator: { kind: 'affine', noiseDim: 2, init: { shift: [1], scale: [2] } } })).toEqual([
      'generator.init.shift needs 2 entries, one per data dimension (got 1)',
      'generator.init.scale needs 2 entries, one per data dimension (got 1)',
    ]);
    expect(errorsOf({ generator: { kind: 'affine', noiseDim: 1, init: { shift: [0, 0], scale: [1, 1] } } })).toEqual([
      'generator.noiseDim must be at least the data dimension (2) when generator.init is given',
    ]);
    // A zero scale is allowed (a point mass, or a segment in 2-D: WGAN's parallel lines); a negative one is not.
    expect(errorsOf({ ...oneD, generator: { kind: 'affine', noiseDim: 1, init: { shift: [1], scale: [-1] } } })).toEqual([
      'generator.init.scale.0 must be between 0 and 10',
    ]);
  });
});

describe('trainer snapshots for the bound (1-D, known P and Q)', () => {
  const normalPdf = (x: number, mean: number, std: number) => Math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * Math.sqrt(2 * Math.PI));
  const components = [
    { mean: -1, std: 0.5 },
    { mean: 1.5, std: 0.8 },
  ];
  const p = (x: number) => 0.5 * normalPdf(x, components[0].mean, components[0].std) + 0.5 * normalPdf(x, components[1].mean, components[1].std);
  const q = (x: number) => normalPdf(x, 0.5, 1.5);
  /** ∫ f(x) dx by the trapezoid rule on [−12, 12] (every density here is negligible outside). */
  const integrate = (f: (x: number) => number, n = 24000) => {
    const h = 24 / n;
    let total = 0;
    for (let i = 0; i <= n; i++) total += (i === 0 || i === n ? 0.5 : 1) * f(-12 + i * h);
    return total * h;
  };
  const experiment = (divergence: string, extra: object = {}) =>
    experimentOrThrow({
      seed: 3,
      data: { kind: 'mixture-1d', components: components.map((c) => ({ ...c, weight: 1 })) },
      generator: { kind: 'affine', noiseDim: 3, noise: 'normal', init: { shift: [0.5], scale: [1.5] } },
      discriminator: { hidden: [8], activation: 'tanh' },
      objective: { kind: 'f-gan', divergence },
      training: { batchSize: 64, generatorSteps: 0 },
      ...extra,
    });

  it('a fixed affine generator is exactly N(shift, scale²) (extra noise dimensions ignored), and stays there with generatorSteps 0', () => {
    const trainer = Trainer.create(experiment('kl'));
    trainer.train(20);
    const snapshot = trainer.snapshot({ discriminatorGrid: { x: [-4, 4, 9] }, generatorDensityExact: true, samples: 4000 });
    trainer.dispose();
    expect(snapshot.generatorGaussian!.mean).toBeCloseTo(0.5, 6);
    expect(snapshot.generatorGaussian!.std).toBeCloseTo(1.5, 6);
    snapshot.generatorDensityExact!.density.forEach((density, i) => expect(density).toBeCloseTo(q(-4 + i), 6));
    const samples = Array.from(snapshot.samples!);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const std = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length);
    // 4000 draws: standard errors 0.024 (mean) and 0.017 (std).
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(std - 1.5)).toBeLessThan(0.07);
  });

  it.each(['kl', 'hellinger', 'gan'])('true divergence, optimal critic and the bound agree with integrals computed here (%s)', (id) => {
    const divergence = getDivergence(id);
    const trainer = Trainer.create(experiment(id));
    trainer.train(30);
    const grid: [number, number, number] = [-12, 12, 4801];
    const snapshot = trainer.snapshot({
      discriminatorGrid: { x: grid },
      critic: true,
      optimalCritic: true,
      trueDivergence: true,
      criticBoundQuadrature: true,
      criticBound: 20000,
    });
    trainer.dispose();
    expect(snapshot.divergence).toBe(id);

    // D_f = ∫ q f(p/q), written out for each id (not through the registry's f).
    const pointwise: Record<string, (pv: number, qv: number) => number> = {
      kl: (pv, qv) => pv * Math.log(pv / qv),
      hellinger: (pv, qv) => (Math.sqrt(pv) - Math.sqrt(qv)) ** 2,
      gan: (pv, qv) => pv * Math.log(pv / (pv + qv)) + qv * Math.log(qv / (pv + qv)),
    };
    const expected = integrate((x) => (p(x) > 0 && q(x) > 0 ? pointwise[id](p(x), q(x)) : 0));
    expect(snapshot.trueDivergence!).toBeCloseTo(expected, 6);

    // T* = f′(p/q) at a few points, written out.
    const derivative: Record<string, (u: number) => number> = {
      kl: (u) => 1 + Math.log(u),
      hellinger: (u) => 1 - 1 / Math.sqrt(u),
      gan: (u) => Math.log(u / (u + 1)),
    };
    for (const index of [1800, 2400, 2700, 3000]) {
      const x = -12 + index * 0.005;
      expect(snapshot.optimalCritic!.values[index]).toBeCloseTo(derivative[id](p(x) / q(x)), 4);
    }

    // F of this (partly trained) critic by the trapezoid rule on the snapshot's critic values.
    const { values } = snapshot.critic!;
    const h = 0.005;
    let bound = 0;
    values.forEach((t, i) => {
      const x = -12 + i * h;
      const weight = i === 0 || i === values.length - 1 ? 0.5 : 1;
      bound += weight * h * (p(x) * t - q(x) * divergence.conjugate(t));
    });
    expect(snapshot.criticBoundQuadrature!).toBeCloseTo(bound, 4);
    expect(snapshot.criticBoundQuadrature!).toBeLessThanOrEqual(expected);
    // The Monte-Carlo estimate agrees with the integral within 4 standard errors.
    const { value, standardError, samples } = snapshot.criticBound!;
    expect(samples).toBe(20000);
    expect(standardError).toBeGreaterThan(0);
    expect(Math.abs(value - bound)).toBeLessThan(4 * standardError);
  });

  it('omits what it cannot know: no true divergence or optimal critic for an MLP generator or 2-D data', () => {
    const mlp = Trainer.create(experimentOrThrow({ ...experiment('kl'), generator: { kind: 'mlp', noiseDim: 1, hidden: [4] } }));
    const snapshot = mlp.snapshot({ discriminatorGrid: { x: [-1, 1, 3] }, optimalCritic: true, trueDivergence: true, generatorDensityExact: true, criticBoundQuadrature: true, critic: true, criticBound: 100 });
    mlp.dispose();
    expect(snapshot.trueDivergence).toBeUndefined();
    expect(snapshot.optimalCritic).toBeUndefined();
    expect(snapshot.generatorDensityExact).toBeUndefined();
    expect(snapshot.criticBoundQuadrature).toBeUndefined();
    expect(snapshot.critic!.values).toHaveLength(3);
    expect(Number.isFinite(snapshot.criticBound!.value)).toBe(true);

    const ring = Trainer.create(experimentOrThrow({ data: { kind: 'ring' }, generator: { hidden: [8] }, discriminator: { hidden: [8] }, objective: { kind: 'f-gan', divergence: 'js' } }));
    const ringSnapshot = ring.snapshot({ discriminatorGrid: { x: [-1, 1, 3], y: [-1, 1, 2] }, critic: true, trueDivergence: true, criticBound: 100 });
    ring.dispose();
    expect(ringSnapshot.critic!.values).toHaveLength(6);
    expect(ringSnapshot.critic!.y).toHaveLength(2);
    expect(ringSnapshot.trueDivergence).toBeUndefined();
    // JS's critic is below ½ log 2 everywhere, so F ≤ ½ log 2 for any critic.
    expect(ringSnapshot.criticBound!.value).toBeLessThanOrEqual(Math.LN2 / 2);
  });

  it('frees its tensors: the count stays flat over f-GAN steps and bound snapshots, and returns to the start after dispose', () => {
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(experiment('jeffrey', { training: { batchSize: 32, generatorSteps: 1 }, objective: { kind: 'f-gan', divergence: 'jeffrey', generatorLoss: 'saddle' } }));
    const everything = {
      discriminatorGrid: { x: [-3, 3, 31] as [number, number, number] },
      critic: true,
      optimalCritic: true,
      generatorDensityExact: true,
      criticBoundQuadrature: true,
      trueDivergence: true,
      criticBound: 500,
      samples: 50,
      sampleGradients: true,
    };
    trainer.train(1);
    trainer.snapshot(everything);
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      trainer.train(3);
      trainer.snapshot(everything);
    }
    expect(tf.memory().numTensors).toBe(baseline);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the GAN objectives report the GAN bound: F = E log D + E log(1 − D) and D_GAN = 2·JS − log 4', () => {
    const trainer = Trainer.create(experimentOrThrow({ ...experiment('kl'), objective: { kind: 'non-saturating' } }));
    trainer.train(30);
    const snapshot = trainer.snapshot({ discriminatorGrid: { x: [-1, 1, 3] }, critic: true, trueDivergence: true });
    trainer.dispose();
    expect(snapshot.divergence).toBe('gan');
    const m = (x: number) => (p(x) + q(x)) / 2;
    const js = 0.5 * integrate((x) => p(x) * Math.log(p(x) / m(x))) + 0.5 * integrate((x) => q(x) * Math.log(q(x) / m(x)));
    expect(snapshot.trueDivergence!).toBeCloseTo(2 * js - LOG_4, 6);
    // The critic is log D = log σ(V): compare with the drawn D on the same grid.
    snapshot.critic!.values.forEach((t, i) => expect(Math.exp(t)).toBeCloseTo(snapshot.discriminatorGrid!.values[i], 5));
  });
});
