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

export type { Tensor, Tensor1D, Tensor2D, Scalar, Variable } from '@tensorflow/tfjs-core';
