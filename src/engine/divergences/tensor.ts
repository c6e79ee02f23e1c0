/**
 * Tensor forms of the output activation g_f and of f*∘g_f, for training (f-GAN objectives, the
 * "climbing the bound" critic). The formulas live in the registry records beside their LaTeX; this
 * adapter hands them the engine's TensorFlow.js namespace, so that the registry itself never loads
 * TensorFlow.js (pages that only draw a table or evaluate a divergence stay light).
 */
import { tf, type Tensor } from '../tf';
import type { FDivergence } from './registry';

/** T = g_f(V), elementwise. Intermediate tensors are freed; only the result is new. */
export function activationTensor(divergence: FDivergence, v: Tensor): Tensor {
  return tf.tidy(() => divergence.tensor.activation(tf, v));
}

/** f*(g_f(V)), elementwise, in the record's numerically stable form. */
export function conjugateOfActivationTensor(divergence: FDivergence, v: Tensor): Tensor {
  return tf.tidy(() => divergence.tensor.conjugateOfActivation(tf, v));
}
