/**
 * The networks: a multilayer perceptron (generator, discriminator, MINE's statistics network), the
 * same with spectrally normalised layers, the autoencoder discriminator of EBGAN, and the 'affine'
 * generator x = A z + b. Weights are drawn in JavaScript from the experiment's Rng and only then
 * copied into tf.Variables, so the initial network is the same on every backend.
 */
import type { Experiment } from './experiments/schema';
import type { Rng } from './rng';
import { tf, type Tensor, type Tensor1D, type Tensor2D, type Variable } from './tf';

export type Activation = 'relu' | 'leaky-relu' | 'tanh' | 'elu' | 'sigmoid';
export type OutputActivation = 'linear' | 'tanh';

/** Negative slope of the leaky ReLU (the value DCGAN popularised). */
export const LEAKY_RELU_SLOPE = 0.2;

export interface Network {
  readonly inputDim: number;
  readonly outputDim: number;
  /** Every trainable variable, for the optimiser and for gradient norms. */
  readonly variables: Variable[];
  /** Forward pass on a batch (rows are examples). Call inside tf.tidy. */
  apply(input: Tensor2D): Tensor2D;
  /** Autoencoders: the encoder's code of each example. */
  embed?(input: Tensor2D): Tensor2D;
  /** Spectral normalisation: run the power iteration on the current weights (once per discriminator update). */
  advancePowerIteration?(): void;
  /** The dense layers' weight matrices (fanIn × fanOut) as the forward pass uses them (normalised where SN is on). Call inside tf.tidy. */
  effectiveWeights?(): Tensor2D[];
  /**
   * MLPs: the forward pass with `offsets[l]` (batch × width of hidden layer l) added to each hidden
   * layer's output, so that the gradient with respect to the offsets at zero is the gradient with
   * respect to the hidden activations (the activationGradientNorms probe). Call inside tf.tidy.
   */
  applyWithOffsets?(input: Tensor2D, offsets: readonly Tensor2D[]): Tensor2D;
  /** MLPs: the widths of the hidden layers, first first. */
  readonly hiddenWidths?: readonly number[];
  dispose(): void;
}

export interface MlpSpec {
  inputDim: number;
  hidden: readonly number[];
  outputDim: number;
  activation: Activation;
  output: OutputActivation;
  /** Normalise every dense layer by its spectral norm, estimated by this many power-iteration steps per update. */
  spectralNorm?: { powerIterations: number };
}

/**
 * Uniform initialisation limits. He (Kaiming) uniform, √(6/fan_in), keeps the activations' scale
 * through ReLU-like layers; Glorot (Xavier) uniform, √(6/(fan_in + fan_out)), suits tanh, sigmoid
 * and the linear output layer.
 */
function initLimit(fanIn: number, fanOut: number, activation: Activation | 'linear'): number {
  const reluLike = activation === 'relu' || activation === 'leaky-relu' || activation === 'elu';
  return reluLike ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
}

/** A dense layer's weights (fanIn × fanOut, uniform in ±limit) and zero bias, as variables. */
function denseVariables(rng: Rng, fanIn: number, fanOut: number, limit: number): [Variable, Variable] {
  const weights = rng.fillUniform(new Float32Array(fanIn * fanOut), -limit, limit);
  return tf.tidy(() => [
    tf.variable(tf.tensor2d(weights, [fanIn, fanOut])),
    tf.variable(tf.zeros([fanOut])),
  ]);
}

function activate(x: Tensor2D, activation: Activation): Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'leaky-relu':
      return tf.leakyRelu(x, LEAKY_RELU_SLOPE);
    case 'tanh':
      return tf.tanh(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
  }
}

/** One dense layer. ReLU and linear layers use the fused kernel (one op on wasm/webgl/webgpu). */
function dense(input: Tensor2D, weights: Tensor2D, bias: Variable, activation: Activation | 'linear'): Tensor2D {
  if (activation === 'relu' || activation === 'linear') {
    return tf.fused.matMul({ a: input, b: weights, bias, activation }) as Tensor2D;
  }
  return activate(tf.add(tf.matMul(input, weights), bias), activation);
}

interface DenseLayer {
  weights: Variable;
  bias: Variable;
  activation: Activation | 'linear';
  /** Spectral normalisation only: the persistent power-iteration vectors (not trained). */
  u?: Variable;
  v?: Variable;
}

/** x/‖x‖ for a vector. */
function unit(x: Tensor): Tensor {
  return tf.div(x, tf.add(tf.norm(x), 1e-12));
}

/**
 * σ̂(W) = uᵀWv with u, v the persistent power-iteration vectors (gan-math §5, §11.4). u and v are
 * variables outside the optimiser's list, so the gradient of W/σ̂ treats them as constants, as
 * SN-GAN does: ∂σ̂/∂W = uvᵀ.
 */
function spectralNormOf(layer: DenseLayer): Tensor {
  return tf.sum(tf.mul(tf.matMul(tf.reshape(layer.u!, [1, -1]), layer.weights as Tensor2D), tf.reshape(layer.v!, [1, -1])));
}

function effectiveWeight(layer: DenseLayer): Tensor2D {
  return (layer.u ? tf.div(layer.weights, spectralNormOf(layer)) : layer.weights) as Tensor2D;
}

/**
 * One power-iteration step on a matrix W, as a pure function of tensors (exported for the tests that
 * compare it with linalg's double-precision iteration): v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖, σ̂ = uᵀWv.
 * Call inside tf.tidy. A layer applies it to its stored (fanIn × fanOut) weights, whose largest
 * singular value is that of the layer's map.
 */
export function tfPowerIterationStep(w: Tensor2D, u: Tensor1D): { u: Tensor1D; v: Tensor1D; sigma: Tensor } {
  const v = unit(tf.reshape(tf.matMul(tf.reshape(u, [1, -1]), w), [-1])) as Tensor1D;
  const next = unit(tf.reshape(tf.matMul(w, tf.reshape(v, [-1, 1])), [-1])) as Tensor1D;
  const sigma = tf.sum(tf.mul(tf.matMul(tf.reshape(next, [1, -1]), w), tf.reshape(v, [1, -1])));
  return { u: next, v, sigma };
}

/** One power-iteration step on the layer's W, updating its persistent u and v. */
function powerIterationStep(layer: DenseLayer): void {
  tf.tidy(() => {
    const { u, v } = tfPowerIterationStep(layer.weights as Tensor2D, layer.u as Tensor1D);
    layer.v!.assign(v);
    layer.u!.assign(u);
  });
}

function denseLayers(rng: Rng, widths: readonly number[], activation: Activation): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const isOutput = l + 2 === widths.length;
    const layerActivation = isOutput ? 'linear' : activation;
    const [weights, bias] = denseVariables(rng, widths[l], widths[l + 1], initLimit(widths[l], widths[l + 1], layerActivation));
    layers.push({ weights, bias, activation: layerActivation });
  }
  return layers;
}

/** Give each layer its u₀ (uniform on the sphere, from the seed, as SN-GAN draws it) and the matching v. */
function addSpectralNorm(rng: Rng, layers: DenseLayer[]): void {
  for (const layer of layers) {
    const fanIn = layer.weights.shape[0];
    const start = rng.fillNormal(new Float32Array(fanIn));
    tf.tidy(() => {
      layer.u = tf.variable(unit(tf.tensor1d(start)), false);
      layer.v = tf.variable(unit(tf.reshape(tf.matMul(tf.reshape(layer.u, [1, -1]), layer.weights as Tensor2D), [-1])), false);
    });
  }
}

function forward(layers: readonly DenseLayer[], input: Tensor2D, offsets?: readonly Tensor2D[]): Tensor2D {
  let h = input;
  layers.forEach((layer, l) => {
    h = dense(h, effectiveWeight(layer), layer.bias, layer.activation);
    if (offsets && l < offsets.length) h = tf.add(h, offsets[l]) as Tensor2D;
  });
  return h;
}

function disposeLayers(layers: readonly DenseLayer[]): void {
  for (const layer of layers) {
    layer.weights.dispose();
    layer.bias.dispose();
    layer.u?.dispose();
    layer.v?.dispose();
  }
}

/**
 * One dense layer x ↦ act(xW + b) as a Network, for networks that are not a plain chain (MSG-GAN's
 * generator heads and the discriminator that concatenates an image into a hidden layer). Initialised
 * like createMlp's layers of the same activation.
 */
export function createDenseLayer(rng: Rng, fanIn: number, fanOut: number, activation: Activation | 'linear'): Network {
  const [weights, bias] = denseVariables(rng, fanIn, fanOut, initLimit(fanIn, fanOut, activation));
  return {
    inputDim: fanIn,
    outputDim: fanOut,
    variables: [weights, bias],
    apply: (input) => dense(input, weights as Tensor2D, bias, activation),
    dispose() {
      weights.dispose();
      bias.dispose();
    },
  };
}

export function createMlp(rng: Rng, spec: MlpSpec): Network {
  const layers = denseLayers(rng, [spec.inputDim, ...spec.hidden, spec.outputDim], spec.activation);
  // Drawn after every weight, so a network without SN has exactly the weights it had before SN existed.
  if (spec.spectralNorm) addSpectralNorm(rng, layers);
  const powerIterations = spec.spectralNorm?.powerIterations ?? 0;
  return {
    inputDim: spec.inputDim,
    outputDim: spec.outputDim,
    variables: layers.flatMap((layer) => [layer.weights, layer.bias]),
    apply(input) {
      const h = forward(layers, input);
      return spec.output === 'tanh' ? tf.tanh(h) : h;
    },
    applyWithOffsets(input, offsets) {
      const h = forward(layers, input, offsets);
      return spec.output === 'tanh' ? tf.tanh(h) : h;
    },
    hiddenWidths: [...spec.hidden],
    ...(spec.spectralNorm
      ? {
          advancePowerIteration() {
            for (let k = 0; k < powerIterations; k++) for (const layer of layers) powerIterationStep(layer);
          },
        }
      : {}),
    effectiveWeights: () => layers.map(effectiveWeight),
    dispose: () => disposeLayers(layers),
  };
}

/**
 * EBGAN's discriminator: an encoder MLP (dataDim → hidden → embeddingDim) and a decoder MLP with the
 * hidden widths mirrored (embeddingDim → … → dataDim), both with linear outputs. Its output is the
 * energy E(x) = (1/dim)·‖Dec(Enc(x)) − x‖², the mean squared reconstruction error. The paper uses the
 * norm ‖Dec(Enc(x)) − x‖; we use its mean square, as most implementations do, because the norm's
 * gradient is undefined at a perfect reconstruction — exactly where training drives real points —
 * and the square is smooth there. The margin m is in the same units (squared data units).
 */
export function createAutoencoder(rng: Rng, dataDim: number, hidden: readonly number[], embeddingDim: number, activation: Activation): Network {
  const encoder = denseLayers(rng, [dataDim, ...hidden, embeddingDim], activation);
  const decoder = denseLayers(rng, [embeddingDim, ...[...hidden].reverse(), dataDim], activation);
  const embed = (input: Tensor2D) => forward(encoder, input);
  return {
    inputDim: dataDim,
    outputDim: 1,
    variables: [...encoder, ...decoder].flatMap((layer) => [layer.weights, layer.bias]),
    embed,
    apply(input) {
      const reconstruction = forward(decoder, embed(input));
      return tf.mean(tf.square(tf.sub(reconstruction, input)), 1, true) as Tensor2D;
    },
    effectiveWeights: () => [...encoder, ...decoder].map(effectiveWeight),
    dispose: () => disposeLayers([...encoder, ...decoder]),
  };
}

/**
 * The affine generator x = A z + b, A of shape (outputDim × inputDim) initialised Glorot-uniform and
 * b = 0. With 1-D normal noise its distribution is exactly N(b, a²); with uniform noise U[b − |a|, b + |a|].
 */
export function createAffine(rng: Rng, inputDim: number, outputDim: number, init?: AffineInit): Network {
  // Stored transposed (inputDim × outputDim) so that a batch of row vectors maps as Z·Aᵀ + b.
  const [weights, bias] = init
    ? affineVariablesFrom(init, inputDim, outputDim)
    : denseVariables(rng, inputDim, outputDim, initLimit(inputDim, outputDim, 'linear'));
  return {
    inputDim,
    outputDim,
    variables: [weights, bias],
    apply: (input) => dense(input, weights as Tensor2D, bias, 'linear'),
    dispose() {
      weights.dispose();
      bias.dispose();
    },
  };
}

/** A known affine map: x_j = scale_j·z_j + shift_j (A = diag(scale), zero columns for extra noise dimensions). */
export interface AffineInit {
  shift: readonly number[];
  scale: readonly number[];
}

function affineVariablesFrom(init: AffineInit, inputDim: number, outputDim: number): [Variable, Variable] {
  if (init.shift.length !== outputDim || init.scale.length !== outputDim || inputDim < outputDim) {
    throw new RangeError(`affine init needs ${outputDim} shift and scale entries and at least ${outputDim} noise dimensions`);
  }
  const weights = new Float32Array(inputDim * outputDim);
  for (let j = 0; j < outputDim; j++) weights[j * outputDim + j] = init.scale[j];
  return tf.tidy(() => [tf.variable(tf.tensor2d(weights, [inputDim, outputDim])), tf.variable(tf.tensor1d(Float32Array.from(init.shift)))]);
}

/**
 * The fixed 'data-plus-noise' generator: its input rows are (x, ε), a data point and a standard
 * normal vector of the same dimension (the trainer draws them), and its output is x + noiseStd·ε.
 * It has no variables.
 */
export function createDataPlusNoise(dataDim: number, noiseStd: number): Network {
  return {
    inputDim: 2 * dataDim,
    outputDim: dataDim,
    variables: [],
    apply: (input) =>
      tf.tidy(() => {
        const [data, noise] = tf.split(input, [dataDim, dataDim], 1);
        return tf.add(data, tf.mul(noise, noiseStd)) as Tensor2D;
      }),
    dispose() {},
  };
}

export function createGenerator(rng: Rng, spec: Experiment['generator'], dataDim: number): Network {
  if (spec.kind === 'affine') return createAffine(rng, spec.noiseDim, dataDim, spec.init);
  if (spec.kind === 'data-plus-noise') return createDataPlusNoise(dataDim, spec.noiseStd ?? 1);
  return createMlp(rng, {
    inputDim: spec.noiseDim,
    hidden: spec.hidden,
    outputDim: dataDim,
    activation: spec.activation,
    output: spec.output,
  });
}

/**
 * The discriminator outputs one number per example: an unconstrained score V(x) that the objective
 * maps to D (an MLP, optionally spectrally normalised), or an energy (the autoencoder).
 */
export function createDiscriminator(rng: Rng, spec: Experiment['discriminator'], dataDim: number): Network {
  if (spec.kind === 'autoencoder') return createAutoencoder(rng, dataDim, spec.hidden, spec.embeddingDim, spec.activation);
  return createMlp(rng, {
    inputDim: dataDim * (spec.packing ?? 1),
    hidden: spec.hidden,
    outputDim: 1,
    activation: spec.activation,
    output: 'linear',
    ...(spec.spectralNorm ? { spectralNorm: spec.spectralNorm } : {}),
  });
}
