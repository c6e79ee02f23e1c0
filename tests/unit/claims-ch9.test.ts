/**
 * Chapter 9's claims, recomputed: the Dirac-GAN figure's radii (gan-math §11.7), the TTUR figure's
 * arrival times and distances over seeds 1–3, every numeric exercise answer on the page, and the
 * playground presets that the chapter says show a failure and its fix (two seeds each, short runs on
 * WASM). The game runs are exact double-precision arithmetic; the GAN runs are seeded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getFigure } from '../../src/engine/experiments/figures';
import { lightModeDrawing, playgroundPresets } from '../../src/engine/experiments/figures-ch9';
import type { Experiment, GameExperiment } from '../../src/engine/experiments/schema';
import { createGameSession } from '../../src/engine/kinds/game/session';
import { fastPathAccepts } from '../../src/engine/fast/driver';
import { Trainer } from '../../src/engine/kinds/gan/trainer';
import { arrivalStep, recentDistance } from '../../src/engine/probes/game-metrics';
import { diracRuns, TWO_TIME_SCALE_RATIO } from '../../src/components/widgets/dirac-gan';
import { tturPairs, tturRuns } from '../../src/components/widgets/ttur-saddle';
import { chapterAnswers } from './chapter-sources';

const { mdx, expectAnswer } = chapterAnswers('training');

const diracFigure = getFigure('dirac-gan')!.experiment as GameExperiment;
const tturFigure = getFigure('ttur-saddle')!.experiment as GameExperiment;

function endOf(experiment: GameExperiment, steps = experiment.training.steps): { theta: number; psi: number } {
  const session = createGameSession(experiment);
  session.train(steps);
  return session.report() as { theta: number; psi: number };
}

describe('Figure 9.1, the Dirac-GAN', () => {
  const runs = Object.fromEntries(diracRuns(diracFigure).map((run) => [run.key, run.experiment]));

  it('from (1, 1), h = 0.1, 1000 steps: simultaneous 2.650690, alternating 1.414328, R1 γ = 1 → 0', () => {
    const radius = (key: string) => {
      const end = endOf(runs[key]);
      return Math.hypot(end.theta, end.psi);
    };
    expect(radius('simultaneous')).toBeCloseTo(2.65069, 6);
    expect(radius('alternating')).toBeCloseTo(1.414328, 6);
    expect(radius('r1')).toBeLessThan(1e-6);
  });

  it('two time-scales still spiral out: ×√(1 + h_G·h_D/4) per step in (θ/√h_G, ψ/√h_D), ×1.3667 over 1000 steps near (0, 0)', () => {
    const tiny = 1e-7;
    const experiment = { ...runs['two-time-scale'], start: [tiny, tiny] as [number, number] };
    const [hG, hD] = [experiment.learningRates.generator, experiment.learningRates.discriminator];
    expect(hG / hD).toBeCloseTo(TWO_TIME_SCALE_RATIO, 12);
    const end = endOf(experiment, 1000);
    const scaled = (theta: number, psi: number) => Math.hypot(theta / Math.sqrt(hG), psi / Math.sqrt(hD));
    expect(scaled(end.theta, end.psi) / scaled(tiny, tiny)).toBeCloseTo(1.3667, 3);
  });

  it('with the WGAN loss the simultaneous spiral grows ×144.773: from (1, 1) to radius 204.74', () => {
    const experiment = { ...runs.simultaneous, game: { kind: 'dirac-gan' as const, loss: 'wasserstein' as const, r1Weight: 0, instanceNoise: 0 } };
    const end = endOf(experiment);
    expect(Math.hypot(end.theta, end.psi)).toBeCloseTo(Math.SQRT2 * 144.773, 1);
  });
});

describe('Figure 9.2, TTUR’s saddle (seeds 1–3, as the caption says)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: (1e-4, 1e-2) arrives by step 145–165, (1e-3, 1e-3) by 683–900; lr_x = 1e-2 stays 0.2–0.7 away`, () => {
      const results = tturRuns({ ...tturFigure, seed }).map((run) => {
        const radii = createGameSession(run.experiment).train(5000).map((entry) => entry.radius as number);
        return { key: run.key, arrival: arrivalStep(radii), recent: recentDistance(radii) };
      });
      expect(results.map((result) => result.key)).toEqual(tturPairs.map(([x, y]) => `${x}-${y}`));
      const [fastBoth, slowBoth, twoScale, wrongWay] = results;
      expect(twoScale.arrival).toBeGreaterThanOrEqual(145);
      expect(twoScale.arrival).toBeLessThanOrEqual(165);
      expect(slowBoth.arrival).toBeGreaterThanOrEqual(683);
      expect(slowBoth.arrival).toBeLessThanOrEqual(900);
      // "four to six times sooner"
      expect(slowBoth.arrival! / twoScale.arrival!).toBeGreaterThan(4);
      expect(slowBoth.arrival! / twoScale.arrival!).toBeLessThan(6.3);
      for (const bouncing of [fastBoth, wrongWay]) {
        expect(bouncing.recent).toBeGreaterThan(0.19);
        expect(bouncing.recent).toBeLessThan(0.7);
      }
      expect(twoScale.recent).toBeLessThan(0.1);
    });
  }
});

describe("the chapter's exercises, recomputed", () => {
  const fPrime = (t: number) => 1 / (1 + Math.exp(t));

  it('9.1: the Jacobian at (0, 0) has eigenvalues ±i/2 (numerical derivative of the engine’s field)', () => {
    expectAnswer('ex-9-1', fPrime(0));
  });
  it('9.2: √(1 + h²/4)^1000 at h = 0.1, and the session grows a tiny start by the same factor', () => {
    const tiny = 1e-8;
    const end = endOf({ ...diracFigure, game: { ...diracFigure.game, r1Weight: 0 } as GameExperiment['game'], start: [tiny, tiny] });
    const growth = Math.hypot(end.theta, end.psi) / Math.hypot(tiny, tiny);
    expectAnswer('ex-9-2', growth);
    expectAnswer('ex-9-2', Math.sqrt(1 + 0.01 / 4) ** 1000);
  });
  it('9.3: steps for WGAN simultaneous steps to double the radius', () => {
    expectAnswer('ex-9-3', (2 * Math.log(2)) / Math.log(1.01));
    // and the session agrees: the first whole step past it has doubled the radius, the one before has not
    const radii = createGameSession({ ...diracFigure, game: { kind: 'dirac-gan', loss: 'wasserstein', r1Weight: 0, instanceNoise: 0 } })
      .train(140)
      .map((entry) => (entry.radius as number) / Math.SQRT2);
    expect(radii[138]).toBeLessThan(2);
    expect(radii[139]).toBeGreaterThan(2);
  });
  it('9.4: two-sided smoothing, by minimising the pointwise loss numerically', () => {
    const [p, q, tau, tauPrime] = [0.1, 0.4, 0.9, 0.1];
    const loss = (d: number) => -(tau * p + tauPrime * q) * Math.log(d) - ((1 - tau) * p + (1 - tauPrime) * q) * Math.log(1 - d);
    let best = 0.5;
    for (let d = 0.0001; d < 1; d += 0.0001) if (loss(d) < loss(best)) best = d;
    expectAnswer('ex-9-4', best);
  });
  it('9.5: steps for y to shrink tenfold on TTUR’s saddle at lr 1e-3, against the session without noise', () => {
    expectAnswer('ex-9-5', Math.log(10) / -Math.log(0.998));
    const session = createGameSession({ ...tturFigure, gradientNoise: 0, learningRates: { generator: 1e-3, discriminator: 1e-3 }, start: [0, 1e-8] });
    const ys = session.train(1151).map((entry) => Math.abs(entry.psi as number) / 1e-8);
    expect(ys[1149]).toBeGreaterThan(0.1);
    expect(ys[1150]).toBeLessThan(0.1);
  });
  it('9.6: the slower R1 eigenvalue at γ = 2, from the 2 × 2 characteristic polynomial', () => {
    const [a, gamma] = [0.5, 2];
    // λ² + γλ + a² = 0 for [[0, −a], [a, −γ]]
    const roots = [(-gamma + Math.sqrt(gamma * gamma - 4 * a * a)) / 2, (-gamma - Math.sqrt(gamma * gamma - 4 * a * a)) / 2];
    expectAnswer('ex-9-6', Math.max(...roots));
  });
  it('9.7: W₁ between one mode and the ring of 8 (r = 2), by brute-force transport of eighths', () => {
    const r = 2;
    const modes = Array.from({ length: 8 }, (_, k) => [r * Math.cos((2 * Math.PI * k) / 8), r * Math.sin((2 * Math.PI * k) / 8)]);
    const cost = modes.reduce((sum, [x, y]) => sum + Math.hypot(x - modes[0][0], y - modes[0][1]) / 8, 0);
    expectAnswer('ex-9-7', cost);
    expect(cost / r).toBeCloseTo(1.25683, 5);
  });
  it('9.8: alternating steps stay bounded below h = 4 and escape above it (GAN loss, linear regime)', () => {
    const run = (h: number) => {
      const tiny = 1e-9;
      const session = createGameSession({ ...diracFigure, update: 'alternating', game: { ...diracFigure.game, r1Weight: 0 } as GameExperiment['game'], learningRates: { generator: h, discriminator: h }, start: [tiny, tiny] });
      return Math.max(...session.train(400).map((entry) => entry.radius as number)) / tiny;
    };
    expect(run(3.9)).toBeLessThan(100);
    expect(run(4.1)).toBeGreaterThan(1e3);
    expectAnswer('ex-9-8', 2 / fPrime(0));
  });
});

describe('exercise 9.11: the reconstruction term of the dropping preset as point masses', () => {
  it('λ·E‖x − G(E(x))‖² with the light mode sent to the nearest heavy one, from the preset’s own drawing', () => {
    const points = lightModeDrawing();
    const heavy = points.filter(([, y]) => y < 0);
    const light = points.filter(([, y]) => y > 0);
    const nearest = (p: [number, number]) => Math.min(...heavy.map(([x, y]) => (x - p[0]) ** 2 + (y - p[1]) ** 2));
    const term = (30 * light.reduce((sum, p) => sum + nearest(p), 0)) / points.length;
    expectAnswer('ex-9-11', term);
    expect(term / ((light.length / points.length) * Math.log(2))).toBeGreaterThan(200);
  });
});

describe('the W₁ table of “Measuring progress” (point masses on the ring, gan-math §11.2)', () => {
  const ring = (r: number) => Array.from({ length: 8 }, (_, k) => [r * Math.cos((2 * Math.PI * k) / 8), r * Math.sin((2 * Math.PI * k) / 8)]);
  it('all mass at the centre: r; four alternate modes kept: sin(π/8) for r = 1 (each kept mode ships ⅛ to a neighbour)', () => {
    const r = 2;
    expect(ring(r).reduce((sum, [x, y]) => sum + Math.hypot(x, y) / 8, 0)).toBeCloseTo(r, 12);
    const [a, b] = ring(1);
    const shipped = 4 * (1 / 8) * Math.hypot(a[0] - b[0], a[1] - b[1]);
    expect(shipped).toBeCloseTo(0.382683, 6);
    expect(mdx).toContain('| 4 alternate modes kept, $\\tfrac14$ each ($r = 1$) | $0.382683$ |');
  });
});

/**
 * Each claim is checked on TensorFlow.js's WASM backend and on the trainer a reader's figure gets on
 * WASM: the fused fast path where it accepts the run (as kinds/index.ts chooses). The two agree to
 * float32 rounding step by step (fast-path.test.ts), but these runs are chaotic, so after a few
 * hundred steps they are different runs: a claim must hold on both.
 */
describe.each(['wasm', 'wasm-fused'] as const)('the playground presets: each failure and its fix (seeds 1 and 2, %s)', (backend) => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const readersTrainer = (experiment: Experiment, seed: number) =>
    backend === 'wasm-fused' && fastPathAccepts(experiment) === true
      ? Trainer.createFused({ ...experiment, seed })
      : Promise.resolve(Trainer.create({ ...experiment, seed }));

  const preset = (id: string) => playgroundPresets.find((candidate) => candidate.id === id)!.experiment;
  /** Trains `steps` iterations and returns the mean of two metrics over the last `window`. */
  async function trainAndAverage(experiment: Experiment, seed: number, steps: number, window: number) {
    const trainer = await readersTrainer(experiment, seed);
    const metrics = trainer.train(steps).slice(-window);
    trainer.dispose();
    const mean = (key: string) => metrics.reduce((sum, entry) => sum + entry[key], 0) / metrics.length;
    return { discriminatorLoss: mean('discriminatorLoss'), generatorGradNorm: mean('generatorGradNorm') };
  }

  /** Modes captured and the most crowded mode (VEEGAN's rule, 2500 samples) at steps 200, 400, 600, 800. */
  async function coverageOverTraining(experiment: Experiment, seed: number) {
    const trainer = await readersTrainer(experiment, seed);
    const checkpoints: Array<{ captured: number; crowded: number }> = [];
    for (let i = 0; i < 4; i++) {
      trainer.train(200);
      const coverage = trainer.snapshot({ modeCoverage: 2500 }).modeCoverage!;
      checkpoints.push({ captured: coverage.modesCaptured, crowded: coverage.counts.indexOf(Math.max(...coverage.counts)) });
    }
    trainer.dispose();
    return checkpoints;
  }

  /**
   * How far the generator's sample mean (1000 samples) moves between checkpoints 50 steps apart,
   * steps 200 to 400: the mean of the four distances. A run that settles moves it little (the
   * sampling noise alone is about 0.1); an oscillating one sweeps its mass across the plane.
   */
  async function meanSwing(experiment: Experiment, seed: number): Promise<number> {
    const trainer = await readersTrainer(experiment, seed);
    trainer.train(150);
    const means: Array<[number, number]> = [];
    for (let step = 200; step <= 400; step += 50) {
      trainer.train(50);
      const samples = trainer.snapshot({ samples: 1000 }).samples!;
      let [x, y] = [0, 0];
      for (let i = 0; i < samples.length; i += 2) [x, y] = [x + samples[i], y + samples[i + 1]];
      means.push([x / (samples.length / 2), y / (samples.length / 2)]);
    }
    trainer.dispose();
    const moves = means.slice(1).map(([x, y], i) => Math.hypot(x - means[i][0], y - means[i][1]));
    return moves.reduce((sum, move) => sum + move, 0) / moves.length;
  }

  for (const seed of [1, 2]) {
    it(`seed ${seed}: dropping — modes 1–3 of the drawn data hold over 100 samples each at every checkpoint, the light fourth (fair share ≈ 80) at most 10; as heavy as the others, it holds over 50; with the encoder's reconstruction term, over 25 from step 400 on`, async () => {
      const countsAtCheckpoints = async (experiment: Experiment) => {
        const trainer = await readersTrainer(experiment, seed);
        const checkpoints: number[][] = [];
        for (let i = 0; i < 4; i++) {
          trainer.train(200);
          checkpoints.push(trainer.snapshot({ modeCoverage: 2500 }).modeCoverage!.counts);
        }
        trainer.dispose();
        return checkpoints;
      };
      // The fair share of a mode with 1/31 of the mass: 2500 · (1/31) · P(χ²₂ ≤ 9).
      expect(2500 * (1 / 31) * (1 - Math.exp(-4.5))).toBeCloseTo(79.7, 1);
      const dropping = await countsAtCheckpoints(preset('dropping'));
      const contrast = await countsAtCheckpoints(preset('dropping-contrast'));
      console.info(`${backend}: dropping, seed ${seed}: ${JSON.stringify(dropping)}; fourth mode as heavy: ${JSON.stringify(contrast)}`);
      for (const counts of dropping) {
        expect(counts.length).toBe(4);
        for (const heavy of counts.slice(0, 3)) expect(heavy).toBeGreaterThan(100);
        expect(counts[3]).toBeLessThanOrEqual(10);
      }
      for (const counts of contrast) expect(counts[3]).toBeGreaterThan(50);
      const fixed = await countsAtCheckpoints(preset('dropping-fix'));
      console.info(`${backend}: dropping with reconstruction, seed ${seed}: ${JSON.stringify(fixed)}`);
      for (const counts of fixed.slice(1)) {
        for (const heavy of counts.slice(0, 3)) expect(heavy).toBeGreaterThan(100);
        expect(counts[3]).toBeGreaterThan(25);
      }
    }, 180_000);

    it(`seed ${seed}: oscillation — the samples' mean moves more than 1.5 per 50 steps (steps 200–400); with R1 γ = 1, less than 0.8`, async () => {
      const failing = await meanSwing(preset('oscillation'), seed);
      const fixed = await meanSwing(preset('oscillation-fix'), seed);
      console.info(`${backend}: oscillation, seed ${seed}: swing ${failing.toFixed(3)}, with R1 ${fixed.toFixed(3)}`);
      expect(failing).toBeGreaterThan(1.5);
      expect(fixed).toBeLessThan(0.8);
    }, 90_000);

    it(`seed ${seed}: collapse — fewer than half the modes on average over the checkpoints, at most 2 at one of them, and the crowded mode moves`, async () => {
      const checkpoints = await coverageOverTraining(preset('collapse'), seed);
      console.info(`${backend}: collapse, seed ${seed}: ${JSON.stringify(checkpoints)}`);
      const captured = checkpoints.map((checkpoint) => checkpoint.captured);
      expect(captured.reduce((sum, count) => sum + count, 0) / captured.length).toBeLessThanOrEqual(3.5);
      expect(Math.min(...captured)).toBeLessThanOrEqual(2);
      expect(new Set(checkpoints.map(({ crowded }) => crowded)).size).toBeGreaterThanOrEqual(2);
    }, 60_000);

    it(`seed ${seed}: collapse fixed by equal learning rates — at least 7 of 8 modes at every checkpoint`, async () => {
      const checkpoints = await coverageOverTraining(preset('collapse-fix'), seed);
      console.info(`${backend}: equal rates, seed ${seed}: ${JSON.stringify(checkpoints)}`);
      for (const { captured } of checkpoints) expect(captured).toBeGreaterThanOrEqual(7);
    }, 60_000);

    it(`seed ${seed}: vanishing gradients — the minimax generator's gradient is under half the non-saturating one's (measured: a quarter to a third)`, async () => {
      const failing = await trainAndAverage(preset('vanishing-gradients'), seed, 300, 100);
      const fixed = await trainAndAverage(preset('vanishing-gradients-fix'), seed, 300, 100);
      console.info(`${backend}: vanishing gradients, seed ${seed}: minimax ${failing.generatorGradNorm.toFixed(3)}, non-saturating ${fixed.generatorGradNorm.toFixed(3)}`);
      expect(failing.generatorGradNorm).toBeLessThan(fixed.generatorGradNorm / 2);
    }, 60_000);

    it(`seed ${seed}: a winning discriminator — D's loss under 0.6 (log 4 = 1.386); rebalanced, above 1.0`, async () => {
      const failing = await trainAndAverage(preset('winning-discriminator'), seed, 300, 100);
      const fixed = await trainAndAverage(preset('winning-discriminator-fix'), seed, 300, 100);
      console.info(`${backend}: winning discriminator, seed ${seed}: D loss ${failing.discriminatorLoss.toFixed(3)}, rebalanced ${fixed.discriminatorLoss.toFixed(3)}`);
      expect(failing.discriminatorLoss).toBeLessThan(0.6);
      expect(fixed.discriminatorLoss).toBeGreaterThan(1.0);
    }, 60_000);
  }
});
