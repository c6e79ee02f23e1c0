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
export type { Tensor, Tensor1D, Tensor2D, Scalar, Variable } from '@tensorflow/tfjs-core';
