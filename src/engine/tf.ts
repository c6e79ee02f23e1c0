/**
 * The one place the engine imports TensorFlow.js. Every engine module imports `tf` from here, so
 * there is a single copy of tfjs-core and the CPU backend is always registered (Node, tests, and
 * the last fallback in the browser). The faster browser backends are loaded on demand by
 * `backend-browser.ts`, which Node never imports.
 *
 * tfjs-core registers no gradient functions by itself; `initBackend()` does it (see backend-browser.ts
 * and backend-node.ts), so call it once before training.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export { tf };

/** True once the gradient functions are registered (by initBackend). */
export function gradientsRegistered(): boolean {
  return tf.getGradient(tf.Softplus) !== undefined && tf.getGradient(tf.Add) !== undefined;
}
/**
 * Zero gradients for the comparisons Greater and Less, which tfjs-core leaves without any (it has one
 * for GreaterEqual). Leaky ReLU's gradient compares its input with 0, so without them a gradient
 * penalty on a leaky ReLU critic, which differentiates that gradient again, cannot be computed. A
 * comparison is piecewise constant: zero is its gradient wherever it has one.
 */
export function registerComparisonGradients(): void {
  for (const kernelName of [tf.Greater, tf.Less]) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]), b: () => tf.zerosLike(saved[1]) }),
    });
  }
}

/**
 * The most inputs one AddN kernel may take. WebGPU binds every input and the output of a kernel as a
 * storage buffer, and a device allows 8 per shader stage unless it asks for more (tf.js does not ask);
 * tf.js's WebGPU AddN does not split itself, so with 8 inputs its pipeline fails validation and every
 * number read back after it is NaN (measured: a GAN with three hidden layers of 256 on an H200).
 */
export const maxAddInputs = 7;

/** The sum of same-shaped tensors, in AddN kernels of at most `maxAddInputs` inputs each. */
export function addMany(tensors: readonly tf.Tensor[]): tf.Tensor {
  if (tensors.length <= maxAddInputs) return tensors.length === 1 ? tensors[0] : tf.addN([...tensors]);
  const partial: tf.Tensor[] = [];
  for (let i = 0; i < tensors.length; i += maxAddInputs) partial.push(addMany(tensors.slice(i, i + maxAddInputs)));
  return addMany(partial);
}

export type { Tensor, Tensor1D, Tensor2D, Scalar, Variable } from '@tensorflow/tfjs-core';
