/**
 * Per-layer probes of a network: the gradient norm of a loss with respect to each layer's
 * activations (WGAN-GP's Figure 1b), and each layer's weight matrix as the forward pass uses it
 * (for singular-value spectra).
 */
import { tf, type Scalar, type Tensor2D } from '../tf';

/**
 * ‖∂L/∂h_l‖ for each layer l of a stack of functions h_l = layer_l(h_{l−1}), where L = loss(h_last):
 * the size of the gradient that reaches each layer's output, last layer first in the result's
 * order reversed (index 0 = the first layer's output). Norms are over the whole batch.
 */
export function activationGradientNorms(layers: readonly ((h: Tensor2D) => Tensor2D)[], input: Tensor2D, loss: (output: Tensor2D) => Scalar): number[] {
  return tf.tidy(() => {
    const activations: Tensor2D[] = [];
    let h = input;
    for (const layer of layers) {
      h = layer(h);
      activations.push(h);
    }
    // Gradient with respect to each activation: differentiate the rest of the network from there.
    return activations.map((activation, l) => {
      const rest = (x: Tensor2D) => {
        let out = x;
        for (let k = l + 1; k < layers.length; k++) out = layers[k](out);
        return loss(out);
      };
      const gradient = tf.grad((x) => rest(x as Tensor2D))(activation);
      return tf.norm(gradient).dataSync()[0];
    });
  });
}
