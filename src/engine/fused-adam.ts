/**
 * Adam for one network in a single update over all of its weights at once: the weights and their
 * gradients are flattened into one vector, the moments live as one vector each, and the update's
 * element-wise kernels run once per step instead of once per weight tensor (TensorFlow.js's
 * AdamOptimizer dispatches 14 kernels per tensor: 84 for a 2→64→64→1 MLP; this one about 40).
 *
 * The arithmetic is TensorFlow.js's AdamOptimizer (tfjs-core 4.22, adam_optimizer.js), operation for
 * operation, with the same constants and the same ε (the backend's): every operation is element-wise,
 * so each weight gets the very same floating-point result, bit for bit, as with one update per tensor
 * (tests/unit/fused-adam.test.ts checks this on the CPU and WASM backends, and for a whole seeded
 * training run).
 */
import { tf } from './tf';

export class FusedAdam {
  private readonly sizes: number[];
  private readonly firstMoment: tf.Variable;
  private readonly secondMoment: tf.Variable;
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;
  private readonly epsilon: number;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly learningRate: number,
    private readonly beta1: number,
    private readonly beta2: number,
  ) {
    this.sizes = variables.map((variable) => variable.size);
    const total = this.sizes.reduce((sum, size) => sum + size, 0);
    this.firstMoment = tf.tidy(() => tf.zeros([total]).variable(false));
    this.secondMoment = tf.tidy(() => tf.zeros([total]).variable(false));
    this.accBeta1 = tf.tidy(() => tf.scalar(beta1).variable());
    this.accBeta2 = tf.tidy(() => tf.scalar(beta2).variable());
    this.epsilon = tf.backend().epsilon();
  }

  /** One update from gradients named by variable name (what tf.variableGrads returns). */
  applyGradients(gradients: tf.NamedTensorMap): void {
    const all = this.variables.every((variable) => gradients[variable.name] !== undefined);
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      if (all) {
        const gradient = flatten(this.variables.map((variable) => gradients[variable.name]));
        const value = flatten(this.variables);
        const [m, v, next] = this.step(this.firstMoment, this.secondMoment, gradient, value, oneMinusAccBeta1, oneMinusAccBeta2);
        this.firstMoment.assign(m);
        this.secondMoment.assign(v);
        tf.split(next, this.sizes).forEach((part, i) => this.variables[i].assign(tf.reshape(part, this.variables[i].shape)));
      } else {
        // As TensorFlow.js: a weight without a gradient keeps its value and its moments.
        const ms: tf.Tensor[] = [];
        const vs: tf.Tensor[] = [];
        let offset = 0;
        this.variables.forEach((variable, i) => {
          const m = tf.slice(this.firstMoment, offset, this.sizes[i]);
          const v = tf.slice(this.secondMoment, offset, this.sizes[i]);
          offset += this.sizes[i];
          const gradient = gradients[variable.name];
          if (gradient === undefined) {
            ms.push(m);
            vs.push(v);
            return;
          }
          const [newM, newV, next] = this.step(m, v, tf.reshape(gradient, [-1]), tf.reshape(variable, [-1]), oneMinusAccBeta1, oneMinusAccBeta2);
          ms.push(newM);
          vs.push(newV);
          variable.assign(tf.reshape(next, variable.shape));
        });
        this.firstMoment.assign(tf.concat(ms));
        this.secondMoment.assign(tf.concat(vs));
      }
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
  }

  /** adam_optimizer.js's update, in its order: new first and second moments and the new value. */
  private step(m: tf.Tensor, v: tf.Tensor, gradient: tf.Tensor, value: tf.Tensor, oneMinusAccBeta1: tf.Tensor, oneMinusAccBeta2: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor] {
    const newFirstMoment = tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1));
    const newSecondMoment = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
    const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
    const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
    const newValue = tf.add(tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), this.epsilon)), -this.learningRate), value);
    return [newFirstMoment, newSecondMoment, newValue];
  }

  dispose(): void {
    tf.dispose([this.firstMoment, this.secondMoment, this.accBeta1, this.accBeta2]);
  }
}

function flatten(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((tensor) => tf.reshape(tensor, [-1]))) as tf.Tensor1D;
}
