/**
 * ‖∂L/∂h_l‖ for each hidden layer l of an MLP critic: the gradient of a loss with respect to the
 * layer's activations, over a whole batch (WGAN-GP's Figure 1b). The gradient reaching layer l is the
 * product of the later layers' Jacobians, so with clipped weights it grows or shrinks geometrically
 * as l moves away from the output.
 *
 * The network is run with a zero offset added to every hidden layer's output; the gradient with
 * respect to those offsets is the gradient with respect to the activations, for all layers in one
 * backward pass.
 */
import { tf, type Scalar, type Tensor, type Tensor2D } from '../tf';

export interface OffsetNetwork {
  applyWithOffsets?(input: Tensor2D, offsets: readonly Tensor2D[]): Tensor2D;
  readonly hiddenWidths?: readonly number[];
}

/**
 * The Frobenius norm of ∂L/∂h_l (a batch × width matrix) for each hidden layer, first first, where
 * L = loss(network outputs on `input`). Empty if the network cannot take offsets.
 */
export function activationGradientNorms(network: OffsetNetwork, input: Tensor2D, loss: (scores: Tensor2D) => Scalar): number[] {
  const widths = network.hiddenWidths;
  if (!network.applyWithOffsets || !widths?.length) return [];
  return tf.tidy(() => {
    const rows = input.shape[0];
    const offsets = widths.map((width) => tf.zeros([rows, width]) as Tensor2D);
    const gradients = tf.grads((...parts: Tensor[]) => loss(network.applyWithOffsets!(input, parts as Tensor2D[])))(offsets);
    // In double precision: at c = 0.001 the gradients reach 1e-23, whose squares underflow float32.
    return gradients.map((gradient) => Math.hypot(...gradient.dataSync()));
  });
}
