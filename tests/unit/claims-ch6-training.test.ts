/**
 * Chapter 6's claims about training with spectral normalisation, checked on seeded runs of the
 * engine: the σ̂ that the network divides by agrees with the exact σ₁ of its W (Jacobi SVD), a
 * normalised layer stretches by at most one, an SN critic's measured slope stays at most one while a
 * free critic's does not, clipping concentrates a layer's spectrum where SN keeps it broad, the
 * engine's TF power step reproduces gan-math §11.4, and SN + hinge training is deterministic and
 * leaks no tensors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getGanFigure } from '../../src/engine/experiments/figures';
import { withMethod } from '../../src/engine/experiments/figures-ch6';
import { experimentOrThrow, type Experiment } from '../../src/engine/experiments/schema';
import { Trainer } from '../../src/engine/kinds/gan/trainer';
import { normalisedOnes, powerIteration, spectralNorm, type Matrix } from '../../src/engine/linalg';
import { createMlp, tfPowerIterationStep } from '../../src/engine/nets';
import { createRng } from '../../src/engine/rng';
import { tf, type Tensor1D, type Tensor2D } from '../../src/engine/tf';
import { stableRank } from '../../src/components/widgets/singular-value-spectra';

beforeAll(async () => {
  await initBackend('cpu');
});

function toMatrix(tensor: Tensor2D): Matrix {
  const [rows, columns] = tensor.shape;
  const values = tensor.dataSync();
  return Array.from({ length: rows }, (_, i) => Array.from(values.subarray(i * columns, (i + 1) * columns)));
}

/** A small SN-GAN on the ring with a hinge loss, for the checks below. */
function snExperiment(changes: Partial<{ powerIterations: number; steps: number; hidden: number[] }> = {}): Experiment {
  return experimentOrThrow({
    data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
    generator: { hidden: [32, 32] },
    discriminator: { hidden: changes.hidden ?? [32, 32], spectralNorm: { powerIterations: changes.powerIterations ?? 1 } },
    objective: { kind: 'hinge' },
    optimizers: {
      discriminator: { kind: 'adam', learningRate: 2e-4, beta1: 0, beta2: 0.9 },
      generator: { kind: 'adam', learningRate: 2e-4, beta1: 0, beta2: 0.9 },
    },
    training: { steps: changes.steps ?? 200, batchSize: 64, discriminatorSteps: 2 },
    seed: 3,
  });
}

describe('the spectral norm that the network divides by', () => {
  it('σ̂ = uᵀWv matches the exact σ₁ of W (Jacobi SVD) within 1e-3 once the power iteration has run', () => {
    const rng = createRng(7);
    const network = createMlp(rng, { inputDim: 2, hidden: [32, 32], outputDim: 1, activation: 'relu', output: 'linear', spectralNorm: { powerIterations: 30 } });
    const optimizer = tf.train.adam(1e-2);
    const input = tf.tensor2d(rng.fillNormal(new Float32Array(2 * 64)), [64, 2]);
    // Train a few steps (on a loss that wants a steep network), so W is no longer its initial draw.
    for (let step = 0; step < 10; step++) {
      network.advancePowerIteration!();
      optimizer.minimize(() => tf.neg(tf.mean(tf.square(network.apply(input)))) as tf.Scalar, false, network.variables);
    }
    network.advancePowerIteration!();
    const weights = network.variables.filter((variable) => variable.rank === 2) as unknown as Tensor2D[];
    const effective = network.effectiveWeights!();
    weights.forEach((w, layer) => {
      const exact = spectralNorm(toMatrix(w));
      // W_eff = W/σ̂, so σ̂ is the ratio of any entry, or of the two Frobenius norms.
      const estimate = tf.norm(w).dataSync()[0] / tf.norm(effective[layer]).dataSync()[0];
      expect(Math.abs(estimate - exact), `layer ${layer + 1}: σ̂ ${estimate}, σ₁ ${exact}`).toBeLessThan(1e-3);
      expect(spectralNorm(toMatrix(effective[layer]))).toBeCloseTo(1, 3);
    });
    // The network's W themselves were trained, not overwritten by W/σ̂: their σ₁ is not 1.
    expect(weights.some((w) => Math.abs(spectralNorm(toMatrix(w)) - 1) > 0.1)).toBe(true);
    tf.dispose([input, ...effective]);
    optimizer.dispose();
    network.dispose();
  });

  it("every normalised layer's largest singular value is at most 1 + 1e-3 after training (layerSingularValues)", () => {
    const trainer = Trainer.create(snExperiment({ powerIterations: 10, steps: 150 }));
    trainer.train(150);
    const layers = trainer.snapshot({ layerSingularValues: true }).layerSingularValues!;
    expect(layers).toHaveLength(3);
    for (const values of layers) {
      expect(values[0]).toBeLessThanOrEqual(1 + 1e-3);
      // σ̂ = uᵀWv ≤ σ₁ for unit u, v, so W/σ̂ never stretches by less than 1.
      expect(values[0]).toBeGreaterThanOrEqual(1 - 1e-5);
    }
    trainer.dispose();
  });
});

describe('the slope of an SN critic', () => {
  const grid = { x: [-3, 3, 31] as [number, number, number], y: [-3, 3, 31] as [number, number, number] };
  const maxSlope = (experiment: Experiment, steps: number) => {
    const trainer = Trainer.create(experiment);
    trainer.train(steps);
    const values = trainer.snapshot({ discriminatorGrid: grid, gradientNormGrid: true }).gradientNormGrid!.values;
    trainer.dispose();
    return Math.max(...values);
  };

  it('max ‖∇ₓD‖ over a grid stays ≤ 1.05 with SN, while the same critic without a constraint exceeds it', () => {
    const sn = snExperiment({ powerIterations: 5, steps: 150 });
    const free = structuredClone(sn);
    delete free.discriminator.spectralNorm;
    free.objective = { kind: 'wasserstein', constraint: { kind: 'none' } };
    const snSlope = maxSlope(sn, 150);
    const freeSlope = maxSlope(experimentOrThrow(free), 150);
    // The product bound makes an SN ReLU MLP at most 1-Lipschitz (up to σ̂'s lag behind σ₁); the
    // measured slope is usually well below 1, since the bound is loose.
    expect(snSlope).toBeLessThanOrEqual(1.05);
    expect(snSlope).toBeGreaterThan(0.05);
    expect(freeSlope).toBeGreaterThan(1.05);
  });
});

describe('Figure 6.3: clipping concentrates the spectrum, SN keeps it broad', () => {
  it('on a seeded run the clipped critic ends with a stable rank Σσᵢ²/σ₁² several times smaller than the SN critic, in every hidden layer', () => {
    const figure = getGanFigure('singular-value-spectra')!;
    const short = structuredClone(figure.experiment);
    short.training.steps = 40;
    /** Stable ranks of the 64 × 64 layers after each of the given numbers of iterations. */
    const ranks = (method: 'clip' | 'spectral-norm', checkpoints: number[]) => {
      const trainer = Trainer.create(withMethod(short, method));
      const out: number[][] = [];
      for (const checkpoint of checkpoints) {
        trainer.train(checkpoint - trainer.step);
        out.push(trainer.snapshot({ layerSingularValues: true }).layerSingularValues!.slice(1, -1).map(stableRank));
      }
      trainer.dispose();
      return out;
    };
    const [clippedAtStart, clipped] = ranks('clip', [1, 40]);
    const [normalised] = ranks('spectral-norm', [40]);
    expect(clipped).toHaveLength(2);
    clipped.forEach((value, layer) => {
      expect(value, `layer ${layer + 2}: clip ${value}, SN ${normalised[layer]}`).toBeLessThan(normalised[layer] / 3);
      // Not the clipping itself: right after the first clip the entries are nearly all ±c, a
      // random sign pattern with a broad spectrum; training pushes them into a few directions.
      expect(clippedAtStart[layer], `layer ${layer + 2} after one iteration`).toBeGreaterThan(normalised[layer] / 3);
    });
  });
});

describe("the engine's TF power step reproduces gan-math §11.4 from u₀ = ones", () => {
  const cases: Array<{ name: string; w: Matrix; expected: number[] }> = [
    { name: '[[0, −2], [2, 0]] (σ̂ exact from the start)', w: [[0, -2], [2, 0]], expected: [2, 2, 2] },
    { name: 'diag(1, 0.9)', w: [[1, 0], [0, 0.9]], expected: [0.956542, 0.966471, 0.97513] },
    { name: '[[1, 0.1], [0.1, 0.9]]', w: [[1, 0.1], [0.1, 0.9]], expected: [1.0550675, 1.05913791, 1.0607606] },
    { name: 'tridiagonal (2, −1)', w: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]], expected: [2.44948974, 3.41277875, 3.41421232] },
    { name: 'Hilbert 3 × 3', w: [[1, 1 / 2, 1 / 3], [1 / 2, 1 / 3, 1 / 4], [1 / 3, 1 / 4, 1 / 5]], expected: [1.40751288, 1.40831888, 1.40831893] },
  ];
  for (const { name, w, expected } of cases) {
    it(name, () => {
      const reference = powerIteration(w, normalisedOnes(w.length), 3);
      const estimates = tf.tidy(() => {
        const matrix = tf.tensor2d(w) as Tensor2D;
        let u = tf.tensor1d(normalisedOnes(w.length)) as Tensor1D;
        const sigmas: number[] = [];
        for (let k = 0; k < 3; k++) {
          const next = tfPowerIterationStep(matrix, u);
          sigmas.push(next.sigma.dataSync()[0]);
          u = next.u;
        }
        return sigmas;
      });
      estimates.forEach((sigma, k) => {
        // float32 against double precision, and against the table's printed digits.
        expect(sigma).toBeCloseTo(reference[k].sigma, 5);
        expect(sigma).toBeCloseTo(expected[k], 5);
      });
    });
  }
});

describe('SN + hinge training', () => {
  it('is deterministic: the same experiment gives the same metrics and the same critic', () => {
    const run = () => {
      const trainer = Trainer.create(snExperiment({ steps: 30 }));
      const metrics = trainer.train(30);
      const values = trainer.snapshot({ discriminatorGrid: { x: [-2, 2, 5], y: [-2, 2, 5] } }).discriminatorGrid!.values;
      trainer.dispose();
      return { metrics, values: Array.from(values) };
    };
    const first = run();
    const second = run();
    expect(second.metrics).toEqual(first.metrics);
    expect(second.values).toEqual(first.values);
    expect(first.metrics[0].discriminatorLoss).toBeGreaterThan(0); // the hinge loss is positive before the margins are met
  });

  it('keeps the live tensor count flat over 500 steps with SN on and every Chapter 6 probe', () => {
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(snExperiment({ steps: 600, hidden: [8, 8] }));
    trainer.train(1);
    const baseline = tf.memory().numTensors;
    const request = { layerSingularValues: true, discriminatorGrid: { x: [-2, 2, 4], y: [-2, 2, 4] } as const, gradientNormGrid: true, modeCoverage: 100, samples: 16 };
    for (let done = 0; done < 500; done += 50) {
      trainer.train(50);
      trainer.snapshot(structuredClone(request) as never);
    }
    expect(tf.memory().numTensors).toBe(baseline);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
