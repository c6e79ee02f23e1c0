/**
 * The networks: a multilayer perceptron (generator and discriminator) and the 'affine' generator
 * x = A z + b. Weights are drawn in JavaScript from the experiment's Rng and only then copied into
 * tf.Variables, so the initial network is the same on every backend.
 */
import type { Experiment } from './experiments/schema';
import type { Rng } from './rng';
import { tf, type Tensor2D, type Variable } from './tf';

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
  dispose(): void;
}

export interface MlpSpec {
  inputDim: number;
  hidden: readonly number[];
  outputDim: number;
  activation: Activation;
  output: OutputActivation;
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
function dense(input: Tensor2D, weights: Variable, bias: Variable, activation: Activation | 'linear'): Tensor2D {
  if (activation === 'relu' || activation === 'linear') {
    return tf.fused.matMul({ a: input, b: weights as Tensor2D, bias, activation }) as Tensor2D;
  }
  return activate(tf.add(tf.matMul(input, weights as Tensor2D), bias), activation);
}

export function createMlp(rng: Rng, spec: MlpSpec): Network {
  const widths = [spec.inputDim, ...spec.hidden, spec.outputDim];
  const layers: { weights: Variable; bias: Variable; activation: Activation | 'linear' }[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const isOutput = l + 2 === widths.length;
    const activation = isOutput ? 'linear' : spec.activation;
    const [weights, bias] = denseVariables(rng, widths[l], widths[l + 1], initLimit(widths[l], widths[l + 1], activation));
    layers.push({ weights, bias, activation });
  }
  return {
    inputDim: spec.inputDim,
    outputDim: spec.outputDim,
    variables: layers.flatMap((layer) => [layer.weights, layer.bias]),
    apply(input) {
      let h = input;
      for (const layer of layers) h = dense(h, layer.weights, layer.bias, layer.activation);
      return spec.output === 'tanh' ? tf.tanh(h) : h;
    },
    dispose() {
      for (const layer of layers) {
        layer.weights.dispose();
        layer.bias.dispose();
      }
    },
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
    apply: (input) => dense(input, weights, bias, 'linear'),
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

export function createGenerator(rng: Rng, spec: Experiment['generator'], dataDim: number): Network {
  if (spec.kind === 'affine') return createAffine(rng, spec.noiseDim, dataDim, spec.init);
  return createMlp(rng, {
    inputDim: spec.noiseDim,
    hidden: spec.hidden,
    outputDim: dataDim,
    activation: spec.activation,
    output: spec.output,
  });
}

/** The discriminator outputs one unconstrained score V(x) per example; the objective maps it to D. */
export function createDiscriminator(rng: Rng, spec: Experiment['discriminator'], dataDim: number): Network {
  return createMlp(rng, { inputDim: dataDim, hidden: spec.hidden, outputDim: 1, activation: spec.activation, output: 'linear' });
}
