/**
 * The fast path (src/engine/fast: WebAssembly SIMD kernels and their driver) against the
 * TensorFlow.js path on the same seed.
 *
 * - Gradients of one iteration: the discriminator's and the generator's, computed here by
 *   TensorFlow.js (tf.variableGrads of the engine's own objectives on networks built as the Trainer
 *   builds them, fed from the Trainer's streams), agree with the fast path's to 1e-5 relative
 *   (‖g_fast − g_tf‖ / ‖g_tf‖ per weight tensor). Checked for the widget workload, for a variant
 *   that uses every other kernel (tanh hidden layers and output, leaky ReLU, minimax with a real
 *   label of 0.9, 1-D data, uniform 3-D noise, a batch that is not a multiple of 32, momentum), for
 *   WGAN-GP (the wgan-gp workload, whose penalty TensorFlow.js differentiates twice by its tape) and
 *   for a WGAN-GP variant (one-sided penalty, leaky ReLU critic, three hidden layers, 1-D data,
 *   batch 100), and for WGAN with clipping.
 * - Whole runs: the Trainer and the fast path, same experiment, on the CPU and WASM backends. Their
 *   numbers differ only in float32 rounding (summation order), which training slowly amplifies; the
 *   tolerances below are stated per workload and run length.
 * - fastPathAccepts says why it refuses what it cannot train; nothing leaks.
 */
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { workloads } from '../../bench/workloads';
import { createSampler } from '../../src/engine/data';
import { experimentOrThrow, type Experiment } from '../../src/engine/experiments/schema';
import { FastGan, fastPathAccepts } from '../../src/engine/fast/driver';
import { createSessionOn } from '../../src/engine/kinds';
import { createOptimizer, Trainer } from '../../src/engine/kinds/gan/trainer';
import { noiseValues } from '../../src/engine/data/noise';
import { createDiscriminator, createGenerator, type Network } from '../../src/engine/nets';
import { getObjective, totalLoss } from '../../src/engine/objectives';
import { createRng } from '../../src/engine/rng';
import { tf, type Tensor2D } from '../../src/engine/tf';
import { TrainingHost } from '../../src/engine/worker/host';
import type { HostMessage } from '../../src/engine/worker/protocol';

/** Every kernel the widget does not use: tanh, leaky ReLU, minimax, label smoothing, 1-D data, momentum. */
const variant: Experiment = experimentOrThrow({
  data: { kind: 'mixture-1d', components: [{ mean: -2, std: 0.5, weight: 1 }, { mean: 3, std: 1, weight: 2 }] },
  generator: { kind: 'mlp', noiseDim: 3, noise: 'uniform', hidden: [16, 24], activation: 'tanh', output: 'tanh' },
  discriminator: { hidden: [20, 12], activation: 'leaky-relu' },
  objective: { kind: 'minimax' },
  optimizers: {
    discriminator: { kind: 'sgd', learningRate: 0.05, momentum: 0.9 },
    generator: { kind: 'sgd', learningRate: 0.02 },
  },
  training: { steps: 100, batchSize: 100, discriminatorSteps: 1, generatorSteps: 1, realLabel: 0.9 },
  seed: 11,
});

/** WGAN-GP with what the wgan-gp workload leaves out: the one-sided penalty, leaky ReLU, three critic layers, 1-D data, batch 100, SGD. */
const penaltyVariant: Experiment = experimentOrThrow({
  ...variant,
  discriminator: { hidden: [24, 16, 8], activation: 'leaky-relu' },
  objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 5, side: 'one-sided' } },
  optimizers: { discriminator: { kind: 'sgd', learningRate: 0.01 }, generator: { kind: 'adam', learningRate: 1e-3 } },
  training: { ...variant.training, realLabel: 1 },
});

/**
 * WGAN with clipped weights (c = 0.05) on the widget's networks, the critic on SGD: with Adam the
 * clipped critic's many near-zero gradient components are normalised to whole steps, so rounding
 * differences grow tenfold faster (1.7e-5 on D's weights after 10 iterations) than the kernels'.
 */
const clipped: Experiment = experimentOrThrow({
  ...workloads.widget.experiment,
  objective: { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.05 } },
  optimizers: { ...workloads.widget.experiment.optimizers, discriminator: { kind: 'sgd', learningRate: 0.05 } },
});

/** ‖a − b‖ / ‖b‖. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let difference = 0;
  let size = 0;
  for (let i = 0; i < b.length; i++) {
    difference += (a[i] - b[i]) ** 2;
    size += b[i] ** 2;
  }
  return Math.sqrt(difference / size);
}

/**
 * One iteration (1 D + 1 G update) by TensorFlow.js, written out here from the engine's parts and
 * the Trainer's stream order: the D gradient at the initial weights, D's update, then the G gradient.
 */
function tfFirstIterationGradients(experiment: Experiment): { discriminator: Float32Array[]; generator: Float32Array[] } {
  const root = createRng(experiment.seed);
  const generatorInit = root.fork();
  const discriminatorInit = root.fork();
  const dataRng = root.fork();
  const noiseRng = root.fork();
  root.fork(); // the snapshot stream
  root.fork(); // the bound's
  const penaltyRng = root.fork();
  const uniform = (n: number) => tf.tensor2d(penaltyRng.fillUniform(new Float32Array(n)), [n, 1]);
  const sampler = createSampler(experiment.data);
  const generator = createGenerator(generatorInit, experiment.generator, sampler.dim);
  const discriminator = createDiscriminator(discriminatorInit, experiment.discriminator, sampler.dim);
  const objective = getObjective(experiment.objective);
  const critic = { score: (x: Tensor2D) => discriminator.apply(x) };
  const { batchSize: n, realLabel } = experiment.training;
  const { noise, noiseDim } = experiment.generator;
  const optimizer = createOptimizer(experiment.optimizers.discriminator);
  const read = (grads: tf.NamedTensorMap, network: Network) => network.variables.map((variable) => grads[variable.name].dataSync().slice() as Float32Array);
  try {
    const discriminatorGrads = tf.tidy(() => {
      const real = tf.tensor2d(sampler.sample(dataRng, n), [n, sampler.dim]);
      const fake = generator.apply(tf.tensor2d(noiseValues(noiseRng, n, noise, noiseDim), [n, noiseDim]));
      const { grads } = tf.variableGrads(
        () => totalLoss(objective.discriminatorLoss({ real, fake, critic, realLabel, uniform }).terms),
        discriminator.variables,
      );
      const values = read(grads, discriminator);
      optimizer.applyGradients(grads);
      objective.afterDiscriminatorUpdate?.(discriminator.variables);
      return values;
    });
    const generatorGrads = tf.tidy(() => {
      const z = tf.tensor2d(noiseValues(noiseRng, n, noise, noiseDim), [n, noiseDim]);
      const { grads } = tf.variableGrads(() => totalLoss(objective.generatorLoss({ fake: generator.apply(z), critic }).terms), generator.variables);
      return read(grads, generator);
    });
    return { discriminator: discriminatorGrads, generator: generatorGrads };
  } finally {
    optimizer.dispose();
    generator.dispose();
    discriminator.dispose();
  }
}

/** The Trainer's networks (private fields; read here to compare weights). */
function trainerNetworks(trainer: Trainer): { generator: Network; discriminator: Network } {
  return trainer as unknown as { generator: Network; discriminator: Network };
}

describe('fast path: gradients of one iteration', () => {
  it.each([
    ['widget', workloads.widget.experiment],
    ['variant (tanh, leaky ReLU, minimax, label 0.9, 1-D, batch 100)', variant],
    ['wgan-gp', workloads['wgan-gp'].experiment],
    ['WGAN-GP variant (one-sided, leaky ReLU, 3 critic layers, 1-D, batch 100)', penaltyVariant],
    ['WGAN with clipping', clipped],
  ])('%s: D and G gradients match TensorFlow.js to 1e-5 relative', async (_, experiment) => {
    await initBackend('cpu');
    const expected = tfFirstIterationGradients(experiment);
    const fast = await FastGan.create(experiment);
    fast.train(1);
    const actual = fast.gradients();
    for (const network of ['discriminator', 'generator'] as const) {
      expect(actual[network]).toHaveLength(expected[network].length);
      expected[network].forEach((values, i) => {
        // A gradient that vanishes in exact arithmetic (the critic's output bias under the Wasserstein
        // loss, where the ±1/n cancel) is rounding on both sides: there the difference is checked.
        const vanishes = Math.max(...values.map(Math.abs)) < 1e-6;
        if (vanishes) expect(Math.max(...actual[network][i].map(Math.abs)), `${network} variable ${i}`).toBeLessThan(1e-6);
        else expect(relativeError(actual[network][i], values), `${network} variable ${i}`).toBeLessThan(1e-5);
      });
    }
  });
});

/**
 * Whole runs against the Trainer. After N iterations the weights agree to `weights` (‖Δw‖/‖w‖ per
 * network) and each recorded metric's series to `metrics` (‖Δ‖/‖·‖ over the steps). Largest errors
 * measured (CPU and WASM backends): ganlab-default 200 iterations, metrics 3.8e-7, weights 2.6e-7;
 * widget 50 iterations, 2.6e-7 and 1.5e-7; variant 200 iterations, 1.2e-6 and 3.0e-7. With Adam the
 * rounding differences grow: the widget reaches 1.4e-4 (metrics) and 7.5e-5 (weights) by iteration
 * 200, as two float32 runs of a chaotic system drift apart, so its run here is shorter. Likewise
 * (largest of CPU and WASM): wgan-gp 30 iterations, 9.9e-6 and 9.7e-6 (at 50 the D loss on WASM is
 * 7.5e-4 off); the penalty variant, whose SGD critic is pushed hard by its penalty, 10 iterations,
 * 4.3e-5 and 9.4e-7 (at 30 it is 0.44 off); clipped 10 iterations, 5.4e-6 and 1.7e-6.
 */
const runs = [
  { id: 'ganlab-default', iterations: 200, weights: 2e-6, metrics: 1e-5 },
  { id: 'widget', iterations: 50, weights: 2e-6, metrics: 1e-5 },
  { id: 'variant', iterations: 200, weights: 2e-6, metrics: 1e-5 },
  { id: 'wgan-gp', iterations: 30, weights: 2e-5, metrics: 2e-5 },
  { id: 'penaltyVariant', iterations: 10, weights: 2e-6, metrics: 1e-4 },
  { id: 'clipped', iterations: 10, weights: 5e-6, metrics: 2e-5 },
] as const;
const runExperiments: Record<(typeof runs)[number]['id'], Experiment> = {
  'ganlab-default': workloads['ganlab-default'].experiment,
  widget: workloads.widget.experiment,
  variant,
  'wgan-gp': workloads['wgan-gp'].experiment,
  penaltyVariant,
  clipped,
};

describe.each(['cpu', 'wasm'] as const)('fast path against the Trainer on %s', (backend) => {
  it.each(runs)('$id: $iterations iterations give the same losses, gradient norms and weights', async ({ id, iterations, weights, metrics }) => {
    await initBackend(backend);
    const experiment = runExperiments[id];
    const trainer = Trainer.create(experiment);
    try {
      const fast = await FastGan.create(experiment);
      const expected = trainer.train(iterations);
      const actual = fast.train(iterations);
      expect(actual.map((record) => record.step)).toEqual(expected.map((record) => record.step));
      // The core four, and the Wasserstein objective's estimate, penalty and interpolates' gradient norm.
      const names = Object.keys(expected[0]).filter((name) => name !== 'step');
      expect(Object.keys(actual[0]).filter((name) => name !== 'step').sort()).toEqual([...names].sort());
      for (const name of names) {
        expect(relativeError(actual.map((record) => record[name]), expected.map((record) => record[name])), name).toBeLessThan(metrics);
      }
      const networks = trainerNetworks(trainer);
      const now = fast.weights();
      for (const network of ['generator', 'discriminator'] as const) {
        const reference = networks[network].variables.flatMap((variable) => Array.from(variable.dataSync()));
        expect(relativeError(now[network].flatMap((values) => Array.from(values)), reference), `${network} weights`).toBeLessThan(weights);
      }
    } finally {
      trainer.dispose();
    }
  });
});

describe('fast path: what it accepts', () => {
  it('accepts the bench workloads and the variants above', () => {
    for (const experiment of Object.values(runExperiments)) expect(fastPathAccepts(experiment)).toBe(true);
    expect(fastPathAccepts(experimentOrThrow({ ...workloads.widget.experiment, objective: { kind: 'wasserstein', constraint: { kind: 'none' } } }))).toBe(true);
  });

  it.each([
    ['WGAN-GP with a tanh critic', { discriminator: { hidden: [64, 64], activation: 'tanh' }, objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } } }, /gradient penalty needs a ReLU or leaky ReLU critic, not 'tanh'/],
    ['least squares', { objective: { kind: 'least-squares' } }, /minimax, non-saturating and Wasserstein/],
    ['R1', { objective: { kind: 'non-saturating', r1Weight: 1 } }, /R1/],
    ['spectral norm', { discriminator: { hidden: [64, 64], spectralNorm: { powerIterations: 1 } } }, /spectral normalisation/],
    ['ELU', { discriminator: { hidden: [64, 64], activation: 'elu' } }, /'elu'/],
    ['sigmoid generator', { generator: { kind: 'mlp', hidden: [8], activation: 'sigmoid' } }, /'sigmoid'/],
    ['affine generator', { generator: { kind: 'affine', noiseDim: 1 } }, /MLP generator/],
    ['autoencoder', { objective: { kind: 'energy' }, discriminator: { kind: 'autoencoder', hidden: [16] } }, /minimax, non-saturating and Wasserstein|MLP discriminator/],
    ['RMSProp', { optimizers: { discriminator: { kind: 'rmsprop' }, generator: { kind: 'adam' } } }, /RMSProp/],
    ['frozen generator', { training: { generatorSteps: 0 } }, /generator step/],
    ['MINE', { mine: {} }, /MINE/],
    ['PacGAN packing', { discriminator: { hidden: [64, 64], packing: 2 } }, /packed discriminator/],
    ['an encoder with a reconstruction term', { reconstruction: {} }, /reconstruction/],
  ])('refuses %s with a reason', (_, change, reason) => {
    const experiment = experimentOrThrow({ ...workloads.widget.experiment, ...change });
    const answer = fastPathAccepts(experiment);
    expect(answer).not.toBe(true);
    expect(answer).toMatch(reason);
  });

  it('FastGan.create refuses with the same reason', async () => {
    await initBackend('cpu');
    const experiment = experimentOrThrow({ ...workloads.widget.experiment, objective: { kind: 'hinge' } });
    await expect(FastGan.create(experiment)).rejects.toThrow(/cannot take the fast path: .*minimax, non-saturating and Wasserstein/);
  });
});

describe('fast path: tensors and weights', () => {
  it('creates, trains and copies its weights back without leaving a tensor behind', async () => {
    await initBackend('wasm');
    const experiment = workloads['ganlab-default'].experiment;
    const sampler = createSampler(experiment.data);
    const rng = createRng(5);
    const networks = { generator: createGenerator(rng, experiment.generator, sampler.dim), discriminator: createDiscriminator(rng, experiment.discriminator, sampler.dim) };
    const before = tf.memory().numTensors;
    const fast = await FastGan.create(experiment);
    fast.train(10);
    fast.writeInto(networks);
    fast.train(10);
    fast.writeInto(networks);
    expect(tf.memory().numTensors).toBe(before);
    // The copy is exact.
    const now = fast.weights();
    networks.generator.variables.forEach((variable, i) => expect(Array.from(variable.dataSync())).toEqual(Array.from(now.generator[i])));
    networks.discriminator.variables.forEach((variable, i) => expect(Array.from(variable.dataSync())).toEqual(Array.from(now.discriminator[i])));
    networks.generator.dispose();
    networks.discriminator.dispose();
  });

  it('starts from the weights of the networks it is given', async () => {
    await initBackend('cpu');
    const experiment = workloads.widget.experiment;
    const sampler = createSampler(experiment.data);
    const rng = createRng(99);
    const networks = { generator: createGenerator(rng, experiment.generator, sampler.dim), discriminator: createDiscriminator(rng, experiment.discriminator, sampler.dim) };
    const fast = await FastGan.create(experiment, networks);
    const start = fast.weights();
    networks.discriminator.variables.forEach((variable, i) => expect(Array.from(start.discriminator[i])).toEqual(Array.from(variable.dataSync())));
    networks.generator.dispose();
    networks.discriminator.dispose();
  });
});

describe('fast path in the engine: the wasm-fused backend', () => {
  const report = (name: 'wasm' | 'cpu') => ({ name, reason: `Using ${name}.` }) as const;

  it('on WASM, a GAN it accepts trains on wasm-fused: the Trainer’s metrics and probes, from the fast path’s weights', async () => {
    await initBackend('wasm');
    const experiment = workloads.widget.experiment;
    const { session, backend } = await createSessionOn(experiment, report('wasm'));
    const plain = Trainer.create(experiment);
    try {
      expect(backend.name).toBe('wasm-fused');
      expect(backend.reason).toMatch(/^Using the fused WASM SIMD fast path: .* Using wasm\.$/);
      const fast = await FastGan.create(experiment);
      // The fused session is the fast path, number for number.
      expect(session.train(30)).toEqual(fast.train(30));
      const expected = plain.train(30);
      expect(session.step).toBe(30);
      // Probes read the TensorFlow.js networks, which now hold the fast path's weights.
      const request = { samples: 200, discriminatorGrid: { x: [-3, 3, 12] as [number, number, number], y: [-3, 3, 12] as [number, number, number] } };
      const fused = session.snapshot(request);
      const reference = plain.snapshot(request);
      expect(relativeError(fused.samples!, reference.samples!)).toBeLessThan(1e-5);
      expect(fused.discriminatorGrid).toBeDefined();
      expect(relativeError(fused.discriminatorGrid!.values, reference.discriminatorGrid!.values)).toBeLessThan(1e-5);
      expect(expected).toHaveLength(30);
    } finally {
      session.dispose();
      plain.dispose();
    }
  });

  it('stays on plain WASM when the run asks for it, off WASM, and for what the fast path refuses (saying why when asked)', async () => {
    await initBackend('wasm');
    const asked = await createSessionOn(workloads.widget.experiment, report('wasm'), 'wasm');
    expect(asked.backend).toEqual(report('wasm'));
    asked.session.dispose();
    const cpu = await createSessionOn(workloads.widget.experiment, report('cpu'), 'wasm-fused');
    expect(cpu.backend.name).toBe('cpu');
    expect(cpu.backend.reason).toContain('Not the fused fast path: it needs WASM.');
    cpu.session.dispose();
    const leastSquares = experimentOrThrow({ ...workloads.widget.experiment, objective: { kind: 'least-squares' } });
    const refused = await createSessionOn(leastSquares, report('wasm'), 'wasm-fused');
    expect(refused.backend.name).toBe('wasm');
    expect(refused.backend.reason).toContain("Not the fused fast path: the fast path trains the minimax, non-saturating and Wasserstein objectives only, not 'least-squares'.");
    refused.session.dispose();
    const quiet = await createSessionOn(leastSquares, report('wasm'));
    expect(quiet.backend).toEqual(report('wasm'));
    quiet.session.dispose();
  });

  it('a fused run that diverges stops with the Trainer’s error, and frees its tensors', async () => {
    await initBackend('wasm');
    const experiment = experimentOrThrow({ ...workloads.widget.experiment, optimizers: { discriminator: { kind: 'adam', learningRate: 10 }, generator: { kind: 'adam', learningRate: 10 } } });
    const before = tf.memory().numTensors;
    const trainer = await Trainer.createFused(experiment);
    expect(() => {
      for (let i = 0; i < 20; i++) trainer.train(10);
    }).toThrow(/Training diverged at step \d+/);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the training host reports wasm-fused in its ready message when asked for it in Node', async () => {
    const messages: HostMessage[] = [];
    const host = new TrainingHost((message) => void messages.push(message));
    await host.receive({ type: 'init', runId: 'a', experiment: workloads['ganlab-default'].experiment, snapshot: { samples: 4 }, backend: 'wasm-fused' });
    await host.receive({ type: 'step', runId: 'a', count: 5 });
    await host.receive({ type: 'dispose', runId: 'a' });
    const ready = messages.find((message) => message.type === 'ready');
    expect(ready?.type === 'ready' && ready.backend.name).toBe('wasm-fused');
    const progress = messages.find((message) => message.type === 'progress');
    expect(progress?.type === 'progress' && progress.step).toBe(5);
  });
});

describe('fast path: the build-time binary', () => {
  it('the ?wasm-bytes module the site imports carries the binary of mlp.wat, and it instantiates', async () => {
    const { default: wasmBytes } = await import('../../src/plugins/vite-wasm-bytes');
    const { compileWat } = await import('../../src/engine/fast/compile-wat');
    const { readFile } = await import('node:fs/promises');
    const file = new URL('../../src/engine/fast/mlp.wat', import.meta.url).pathname;
    const plugin = wasmBytes();
    const load = plugin.load as unknown as (this: { addWatchFile(file: string): void }, id: string) => Promise<string>;
    const source = await load.call({ addWatchFile: () => {} }, `${file}?wasm-bytes`);
    // Run the module's own decoding (atob and a loop) on its embedded base64.
    const bytes = new Function(source.replace('export default bytes;', 'return bytes;'))() as Uint8Array;
    const expected = await compileWat(await readFile(file, 'utf8'), 'mlp.wat');
    expect(Array.from(bytes)).toEqual(Array.from(expected));
    const { instance } = (await WebAssembly.instantiate(bytes)) as unknown as { instance: WebAssembly.Instance };
    const exports = instance.exports;
    expect(Object.keys(exports).sort()).toEqual(['adam', 'logitGradient', 'memory', 'momentum', 'product', 'setLeakySlope', 'sgd', 'sumOfSquares', 'weightGradient']);
  });
});
