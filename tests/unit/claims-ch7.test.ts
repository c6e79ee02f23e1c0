/**
 * Chapter 7's claims (EBGAN), checked against gan-math §6 and §11.6 or an independent computation:
 *
 * - the pull-away term is 0 for mutually orthogonal codes, 1 for identical ones, 1/3 for the rows
 *   (1,0), (0,1), (1,1) (objectives/energy.ts, a pure function);
 * - the losses' arithmetic (m = 10: D(x) = 2, D(G(z)) = 7 → L_D = 5, L_G = 7; D(G(z)) = 12 → L_D = 2);
 * - the discrete optimum (§11.6 cases (b) and (c)) by brute force over energies, and the chapter's
 *   exercise answers;
 * - on a seeded run with a frozen generator, the trained 1-D energy approaches D* = m·1[p_data < p_G]
 *   where the densities differ (the 'optimal-energy-1d' figure's experiment);
 * - with margin 0 the fakes drop out of the discriminator's loss, the energy sinks towards 0
 *   everywhere and the generator's gradient fades;
 * - on the ring, the pull-away term lowers the codes' cosine similarity and does not lower mode
 *   coverage (the 'pull-away' figure's experiment, shortened);
 * - determinism, a flat tensor count over 500 steps, and a diverging run caught.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { normalPdf } from '../../src/engine/data';
import { getGanFigure, withChanges } from '../../src/engine/experiments/figures';
import { cellExperiment, cellOf, gridCells, modeHistogram } from '../../src/engine/experiments/ebgan-grid';
import { createEnergyObjective, pullAwayTerm } from '../../src/engine/objectives/energy';
import { Trainer, TrainingDivergedError } from '../../src/engine/kinds/gan/trainer';
import { tf, type Tensor2D } from '../../src/engine/tf';
import { cosineMatrix, meanDistanceToOptimalEnergy, optimalEnergy } from '../../src/components/widgets/energy-shared';
import { chapterAnswers } from './chapter-sources';

beforeAll(async () => {
  await initBackend('cpu');
});

const { expectAnswer, choiceAnswer } = chapterAnswers('energy-based');

const pullAway = (rows: number[][]) => tf.tidy(() => pullAwayTerm(tf.tensor2d(rows)).dataSync()[0]);

/**
 * min over D ∈ [0, ∞)ⁿ of Σ p_i D_i + Σ q_i [m − D_i]⁺, by brute force on a grid of D values per
 * point (the loss separates over points). Independent of the closed form D* = m·1[p < q].
 */
function bruteForceOptimum(p: number[], q: number[], margin: number): { energies: number[]; loss: number } {
  const candidates = Array.from({ length: 401 }, (_, k) => (k / 400) * 2 * margin);
  const energies = p.map((pi, i) => {
    let best = candidates[0];
    let bestValue = Infinity;
    for (const d of candidates) {
      const value = pi * d + q[i] * Math.max(0, margin - d);
      if (value < bestValue - 1e-12) {
        bestValue = value;
        best = d;
      }
    }
    return best;
  });
  const loss = energies.reduce((sum, d, i) => sum + p[i] * d + q[i] * Math.max(0, margin - d), 0);
  return { energies, loss };
}
const totalVariation = (p: number[], q: number[]) => 0.5 * p.reduce((sum, pi, i) => sum + Math.abs(pi - q[i]), 0);

describe('the pull-away term (pure function)', () => {
  it('is 0 for mutually orthogonal codes', () => expect(pullAway([[1, 0, 0], [0, 2, 0], [0, 0, 3]])).toBeCloseTo(0, 6));
  it('is 1 for identical (or parallel) codes', () => expect(pullAway([[1, 2], [1, 2], [2, 4]])).toBeCloseTo(1, 5));
  it('is 1/3 for the rows (1,0), (0,1), (1,1) (gan-math §6)', () => expect(pullAway([[1, 0], [0, 1], [1, 1]])).toBeCloseTo(1 / 3, 5));
  it('equals the mean squared off-diagonal cosine of the widget’s matrix', () => {
    const rows = [[0.3, -1.2, 0.5], [2, 0.1, -0.4], [-0.7, 0.9, 1.1], [0.2, 0.2, 0.2]];
    const { n, values } = cosineMatrix(rows.flat(), 3);
    let sum = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += values[i * n + j] ** 2;
    expect(pullAway(rows)).toBeCloseTo(sum / (n * (n - 1)), 5);
  });
});

describe('the losses (gan-math §6 test values)', () => {
  /** A critic that returns fixed energies: the first row of a batch gets the first value, and so on. */
  const constantCritic = (energy: number) => ({ score: (x: Tensor2D) => tf.fill([x.shape[0], 1], energy) as Tensor2D });
  function losses(margin: number, realEnergy: number, fakeEnergy: number): { discriminator: number; generator: number } {
    return tf.tidy(() => {
      const objective = createEnergyObjective(margin, 0);
      const real = tf.zeros([4, 2]) as Tensor2D;
      const fake = tf.ones([4, 2]) as Tensor2D;
      const critic = { score: (x: Tensor2D) => (x === real ? constantCritic(realEnergy) : constantCritic(fakeEnergy)).score(x) };
      const d = objective.discriminatorLoss({ real, fake, critic, realLabel: 1, uniform: (n) => tf.zeros([n, 1]) as Tensor2D });
      const g = objective.generatorLoss({ fake, critic });
      return { discriminator: d.terms.adversarial.dataSync()[0], generator: g.terms.adversarial.dataSync()[0] };
    });
  }
  it('m = 10, D(x) = 2, D(G(z)) = 7: L_D = 5, L_G = 7', () => {
    const { discriminator, generator } = losses(10, 2, 7);
    expect(discriminator).toBeCloseTo(5, 6);
    expect(generator).toBeCloseTo(7, 6);
  });
  it('m = 10, D(x) = 2, D(G(z)) = 12: L_D = 2 (the hinge is off)', () => expect(losses(10, 2, 12).discriminator).toBeCloseTo(2, 6));
  it('m = 0: L_D = E D(x), whatever the fakes’ energies', () => {
    expect(losses(0, 0.3, 0).discriminator).toBeCloseTo(0.3, 6);
    expect(losses(0, 0.3, 5).discriminator).toBeCloseTo(0.3, 6);
  });
});

describe('the optimal energy for a fixed generator (gan-math §11.6)', () => {
  const caseB = { p: [0.1, 0.2, 0.3, 0.4], q: [0.25, 0.25, 0.25, 0.25] };
  const caseC = { p: [0.8, 0.2], q: [0.4, 0.6] };
  it('case (b), m = 10: D* = [10, 10, 0, 0], min L_D = 8 = m(1 − TV)', () => {
    const { energies, loss } = bruteForceOptimum(caseB.p, caseB.q, 10);
    expect(energies).toEqual([10, 10, 0, 0]);
    expect(Array.from(optimalEnergy(caseB.p, caseB.q, 10))).toEqual([10, 10, 0, 0]);
    expect(loss).toBeCloseTo(8, 9);
    expect(loss).toBeCloseTo(10 * (1 - totalVariation(caseB.p, caseB.q)), 9);
  });
  it('case (c), m = 10: D* = [0, 10], min L_D = 6', () => {
    const { energies, loss } = bruteForceOptimum(caseC.p, caseC.q, 10);
    expect(energies).toEqual([0, 10]);
    expect(loss).toBeCloseTo(6, 9);
  });
  it('the gap E_G D* − E_data D* is m·TV (case (b): 2)', () => {
    const d = optimalEnergy(caseB.p, caseB.q, 10);
    const gap = caseB.q.reduce((s, qi, i) => s + qi * d[i], 0) - caseB.p.reduce((s, pi, i) => s + pi * d[i], 0);
    expect(gap).toBeCloseTo(10 * totalVariation(caseB.p, caseB.q), 9);
  });
});

describe('the chapter’s exercises', () => {
  it('7.1: L_D with m = 10, D(x) = 2, D(G(z)) = 7', () => expectAnswer('ex-7-1', 2 + Math.max(0, 10 - 7)));
  it('7.2: min L_D for case (b), m = 10', () => expectAnswer('ex-7-2', bruteForceOptimum([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], 10).loss));
  it('7.3: min L_D for case (c), m = 10', () => expectAnswer('ex-7-3', bruteForceOptimum([0.8, 0.2], [0.4, 0.6], 10).loss));
  it('7.4: f_PT of (1,0), (0,1), (1,1)', () => expectAnswer('ex-7-4', pullAway([[1, 0], [0, 1], [1, 1]])));
  it('7.5: the generator’s value m·TV for P = N(0,1), Q = N(1,1), m = 1', () => {
    // TV between unit Gaussians a distance 1 apart: 2Φ(1/2) − 1, by Simpson on ½∫|p − q|.
    const n = 20000;
    const h = 20 / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const x = -10 + i * h;
      const weight = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
      sum += weight * Math.abs(normalPdf(x, 0, 1) - normalPdf(x, 1, 1));
    }
    expectAnswer('ex-7-5', 0.5 * (sum * h) / 3);
  });
  it('7.6: the mean-square margin equivalent to a norm margin of 10 over 784 pixels', () => {
    // An actual residual image on the hinge's edge (norm exactly 10), and its mean squared error.
    const residual = Array.from({ length: 784 }, (_, i) => Math.sin(1.7 * i) + 0.3 * Math.cos(0.2 * i * i));
    const norm = Math.hypot(...residual);
    const onEdge = residual.map((value) => (value * 10) / norm);
    expectAnswer('ex-7-6', onEdge.reduce((sum, value) => sum + value * value, 0) / onEdge.length);
  });
  it('7.7: the energy where p_data = 0.3, p_G = 0.1 (choice)', () => expect(choiceAnswer('ex-7-7')).toBe('0'));
  it('7.8: what margin 0 does (choice)', () => expect(choiceAnswer('ex-7-8')).toMatch(/fakes drop out/));
  it('7.9: the pull-away term of four codes (±1, 0), (0, ±1)', () => expectAnswer('ex-7-9', pullAway([[1, 0], [-1, 0], [0, 1], [0, -1]])));
  it('7.10: the floor (N/k − 1)/(N − 1) for N = 128, k = 8 is attained by 16 copies of each basis vector, and random codes stay above it', () => {
    const basisCopies = Array.from({ length: 128 }, (_, i) => Array.from({ length: 8 }, (_, k) => (k === i % 8 ? 1 : 0)));
    const attained = pullAway(basisCopies);
    expectAnswer('ex-7-10', attained);
    const random = Array.from({ length: 128 }, (_, i) => Array.from({ length: 8 }, (_, k) => Math.sin(12.9898 * (i + 1) + 78.233 * (k + 1)) * 43758.5453 % 1));
    expect(pullAway(random)).toBeGreaterThan(attained);
  });
});

describe('training claims (seeded, CPU)', () => {
  it('with G frozen, the trained 1-D energy approaches D* = m·1[p_data < p_G] where the densities differ (within 0.3·m)', () => {
    const figure = getGanFigure('optimal-energy-1d')!;
    expect(figure.experiment.training.generatorSteps).toBe(0);
    const margin = figure.experiment.objective.kind === 'energy' ? figure.experiment.objective.margin : NaN;
    const trainer = Trainer.create(figure.experiment);
    const distance = () => {
      const snapshot = trainer.snapshot({ discriminatorGrid: { x: [-4, 4, 161] } });
      const { x, values } = snapshot.discriminatorGrid!;
      const generator = Array.from(x, (xi) => normalPdf(xi, 0, 1.5));
      return meanDistanceToOptimalEnergy(values, snapshot.dataDensity!.density, generator, margin);
    };
    const untrained = distance();
    trainer.train(400);
    const trained = distance();
    trainer.dispose();
    expect(trained.points).toBeGreaterThan(60);
    expect(trained.distance).toBeLessThan(0.3 * margin);
    expect(trained.distance).toBeLessThan(untrained.distance / 2);
  }, 60_000);

  it('with margin 0 the energy sinks towards 0 and the generator’s gradient fades; with margin 1 it does not', () => {
    const base = getGanFigure('energy-landscape')!.experiment;
    const run = (margin: number) => {
      const trainer = Trainer.create(withChanges(base, (draft) => {
        draft.objective = { kind: 'energy', margin, pullAwayWeight: 0 };
        draft.training.batchSize = 64;
      }));
      const metrics = trainer.train(300);
      trainer.dispose();
      const tail = metrics.slice(-50);
      const mean = (name: string) => tail.reduce((s, m) => s + m[name], 0) / tail.length;
      return { gradient: mean('generatorGradNorm'), fakeEnergy: mean('fakeEnergy'), first: metrics[0].generatorGradNorm };
    };
    const silent = run(0);
    const working = run(1);
    expect(silent.fakeEnergy).toBeLessThan(0.02);
    expect(silent.gradient).toBeLessThan(silent.first / 10);
    expect(working.gradient).toBeGreaterThan(5 * silent.gradient);
  }, 60_000);
});

describe('Figure 7.1’s text (seeded, CPU)', () => {
  it('the real energy falls well below m and the fakes’ energy hovers around m', () => {
    const experiment = getGanFigure('energy-landscape')!.experiment;
    const margin = experiment.objective.kind === 'energy' ? experiment.objective.margin : NaN;
    const trainer = Trainer.create(experiment);
    const metrics = trainer.train(400);
    trainer.dispose();
    const late = metrics.slice(200);
    const mean = (name: string) => late.reduce((s, m) => s + m[name], 0) / late.length;
    expect(mean('realEnergy')).toBeLessThan(0.5 * margin);
    expect(mean('fakeEnergy')).toBeGreaterThan(0.5 * margin);
    expect(mean('fakeEnergy')).toBeLessThan(1.5 * margin);
  }, 60_000);
});

describe('the pull-away term in training (the pull-away figure’s experiment, batch 64)', () => {
  const pullAwayExperiment = (seed: number, weight: number, frozenEnergy: boolean) =>
    withChanges(getGanFigure('pull-away')!.experiment, (draft) => {
      draft.seed = seed;
      draft.training.batchSize = 64;
      if (frozenEnergy) draft.optimizers.discriminator.learningRate = 1e-6;
      if (draft.objective.kind === 'energy') draft.objective.pullAwayWeight = weight;
    });
  function finalState(seed: number, weight: number, frozenEnergy: boolean, steps: number) {
    const trainer = Trainer.create(pullAwayExperiment(seed, weight, frozenEnergy));
    trainer.train(steps);
    const snapshot = trainer.snapshot({ embeddings: 64, modeCoverage: 2000 });
    trainer.dispose();
    return { pullAway: snapshot.embeddings!.pullAway, modes: snapshot.modeCoverage!.modesCaptured };
  }

  it('against a (nearly) frozen energy, the term keeps the codes apart: f_PT is lower with it (seed 1: 0.60 → 0.36)', () => {
    const without = finalState(1, 0, true, 300);
    const withTerm = finalState(1, 0.1, true, 300);
    expect(withTerm.pullAway).toBeLessThan(without.pullAway - 0.1);
  }, 60_000);

  it('in full training it does not lower mode coverage on the ring (seed 3, 600 steps: 6 → 8 modes)', () => {
    const without = finalState(3, 0, false, 600);
    const withTerm = finalState(3, 0.1, false, 600);
    expect(withTerm.modes).toBeGreaterThanOrEqual(without.modes);
  }, 90_000);
});

describe('the engine on EBGAN: determinism, leaks, divergence', () => {
  const small = () =>
    withChanges(getGanFigure('energy-landscape')!.experiment, (draft) => {
      draft.generator.hidden = [8];
      draft.discriminator.hidden = [8];
      draft.training.batchSize = 32;
      if (draft.objective.kind === 'energy') draft.objective.pullAwayWeight = 0.1;
    });

  it('the same experiment gives the same numbers twice (CPU)', () => {
    const run = () => {
      const trainer = Trainer.create(small());
      const metrics = trainer.train(30);
      const snapshot = trainer.snapshot({ embeddings: 8, discriminatorGrid: { x: [-3, 3, 5], y: [-3, 3, 5] } });
      trainer.dispose();
      return { metrics, codes: Array.from(snapshot.embeddings!.codes), energy: Array.from(snapshot.discriminatorGrid!.values) };
    };
    expect(run()).toEqual(run());
  });

  it('the live tensor count stays flat over 500 steps with the pull-away term and snapshots', () => {
    const trainer = Trainer.create(small());
    trainer.train(5);
    trainer.snapshot({ embeddings: 16, discriminatorGrid: { x: [-3, 3, 8], y: [-3, 3, 8] }, modeCoverage: 100 });
    const baseline = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) {
      trainer.train(100);
      trainer.snapshot({ embeddings: 16, discriminatorGrid: { x: [-3, 3, 8], y: [-3, 3, 8] }, modeCoverage: 100 });
    }
    expect(tf.memory().numTensors).toBe(baseline);
    trainer.dispose();
  }, 60_000);

  it('a runaway EBGAN (SGD at learning rate 10, margin 100) is stopped with a TrainingDivergedError', () => {
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(
      withChanges(small(), (draft) => {
        draft.objective = { kind: 'energy', margin: 100, pullAwayWeight: 0 };
        draft.optimizers = { discriminator: { kind: 'sgd', learningRate: 10, beta1: 0.5, beta2: 0.999, momentum: 0 }, generator: { kind: 'sgd', learningRate: 10, beta1: 0.5, beta2: 0.999, momentum: 0 } };
      }),
    );
    expect(() => trainer.train(200)).toThrow(TrainingDivergedError);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the grid search module', () => {
  it('has 24 cells, 8 per model, and each cell’s experiment maps back to its cell', () => {
    const cells = gridCells();
    expect(cells).toHaveLength(24);
    const base = getGanFigure('ebgan-grid-search')!.experiment;
    for (const cell of cells) expect(cellOf(cellExperiment(base, cell))?.key).toBe(cell.key);
  });
  it('histograms count cells per number of modes', () => {
    const histogram = modeHistogram([{ model: 'gan', modesCaptured: 8 }, { model: 'gan', modesCaptured: 8 }, { model: 'ebgan', modesCaptured: 3 }], 8);
    expect(histogram.gan[8]).toBe(2);
    expect(histogram.ebgan[3]).toBe(1);
    expect(histogram['ebgan-pt'].reduce((a, b) => a + b, 0)).toBe(0);
  });
});
