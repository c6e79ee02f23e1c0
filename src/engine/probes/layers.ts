/**
 * Per-layer probes of a network: the gradient norm of a loss with respect to each layer's weight
 * matrix (WGAN-GP's Figure 1b), and the singular values of each layer's weight matrix as the
 * forward pass uses it (SN-GAN's Figure 2).
 */
import { singularValues } from '../linalg';
import { tf, type Scalar, type Tensor2D, type Variable } from '../tf';

/** ‖∂L/∂W_l‖ (Frobenius) for each weight matrix W_l, in the network's order (first layer first). */
export function weightGradientNorms(loss: () => Scalar, weights: readonly Variable[]): number[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(loss, [...weights]);
    return weights.map((weight) => tf.norm(grads[weight.name]).dataSync()[0]);
  });
}

/** The singular values of each matrix, largest first (exact, from a Jacobi SVD in double precision). */
export function layerSingularValues(matrices: readonly Tensor2D[]): number[][] {
  return matrices.map((matrix) => {
    const [rows, columns] = matrix.shape;
    const values = matrix.dataSync();
    const dense: number[][] = [];
    for (let i = 0; i < rows; i++) dense.push(Array.from(values.subarray(i * columns, (i + 1) * columns)));
    return singularValues(dense);
  });
}
