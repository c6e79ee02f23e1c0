/**
 * MINE's two lower bounds on I(X; Z) and the moving-average gradient correction, as small functions
 * of the statistic's values on a joint batch (T_joint) and on a marginal batch (T_marginal).
 *
 * The tensor functions reduce over the last axis: a batch is a vector and gives a scalar; a stack of
 * K batches (K × b) gives K values, one per batch (the tests average the bias over many batches in
 * one call). `evaluateBounds` computes both bounds in double precision on read-back values, with
 * their Monte-Carlo standard errors, for probes and reports.
 *
 * - Donsker–Varadhan (MINE): DV(T) = E_joint[T] − log E_marginal[e^T].
 * - f-divergence (MINE-f): F(T) = E_joint[T] − E_marginal[e^(T − 1)].
 * Since log y ≤ y/e for every y > 0 (the tangent of log at e), log E[e^T] ≤ E[e^(T − 1)], so
 * DV(T) ≥ F(T) for the same T and the same samples.
 */
import { tf, type Tensor } from '../../tf';

/** log((1/n)·Σ e^(t_i)) over the last axis, stably (tf.logSumExp subtracts the maximum first). */
export function logMeanExp(t: Tensor): Tensor {
  const n = t.shape[t.shape.length - 1];
  return tf.sub(tf.logSumExp(t, -1), Math.log(n));
}

/** The Donsker–Varadhan bound on each batch: mean(T_joint) − log mean(e^T_marginal). */
export function donskerVaradhanBound(joint: Tensor, marginal: Tensor): Tensor {
  return tf.sub(tf.mean(joint, -1), logMeanExp(marginal));
}

/** The f-divergence (MINE-f) bound on each batch: mean(T_joint) − mean(e^(T_marginal − 1)). */
export function fDivergenceBound(joint: Tensor, marginal: Tensor): Tensor {
  return tf.sub(tf.mean(joint, -1), tf.mean(tf.exp(tf.sub(marginal, 1)), -1));
}

/**
 * MINE's bias-corrected objective (Belghazi et al. 2018, §3.2). The minibatch gradient of DV is
 *   ∇mean(T_joint) − ∇mean(e^T_marginal) / mean(e^T_marginal),
 * biased because the minibatch mean sits in the denominator. With a moving average m of
 * E_marginal[e^T] in its place (a constant for the gradient) the gradient becomes
 *   ∇mean(T_joint) − ∇mean(e^T_marginal) / m.
 * This surrogate has that gradient: S = mean(T_joint) − (log m + mean(e^T_marginal)/m − 1). The
 * added constants make its value meaningful: log m + y/m − 1 is the tangent of log y at y = m, which
 * lies above log y, so S ≤ DV on the same batch, with equality when m is the batch's own mean.
 *
 * `logAverage` is log m, one per batch (shape of the reduced batch: a scalar for a vector batch),
 * and must carry no gradient. m is kept in log space so that e^T never has to be formed: e^T/m = e^(T − log m).
 */
export function movingAverageSurrogate(joint: Tensor, marginal: Tensor, logAverage: Tensor): Tensor {
  const scaled = tf.mean(tf.exp(tf.sub(marginal, tf.expandDims(logAverage, -1))), -1);
  return tf.sub(tf.mean(joint, -1), tf.add(logAverage, tf.sub(scaled, 1)));
}

/**
 * The moving average's update in log space: m ← (1 − rate)·m + rate·mean(e^T_marginal), i.e.
 * log m ← logaddexp(log(1 − rate) + log m, log rate + log mean(e^T_marginal)). rate = 1 keeps only
 * the batch's own mean (then the surrogate's gradient is the plain minibatch DV gradient).
 */
export function updateLogAverage(logAverage: Tensor, marginal: Tensor, rate: number): Tensor {
  const batch = logMeanExp(marginal);
  if (rate >= 1) return batch;
  return tf.logSumExp(tf.stack([tf.add(logAverage, Math.log1p(-rate)), tf.add(batch, Math.log(rate))]), 0);
}

/**
 * One batch of MINE's Donsker–Varadhan training with the moving-average correction: the batch's DV
 * bound, the updated log m (this batch's mean(e^T_marginal) entered with weight `rate` before use,
 * or the batch's own mean when there is no previous value) and the surrogate to maximise, whose
 * gradient is ∇mean(T_joint) − ∇mean(e^T_marginal)/m. With m including the current batch, rate 1
 * gives exactly the plain minibatch DV gradient, and the correlation between the numerator
 * ∇mean(e^T) and the denominator m, the source of the bias, enters only with weight `rate`.
 * Used by the `mine` kind and by the GAN's MINE regulariser.
 */
export function correctedDonskerVaradhan(
  joint: Tensor,
  marginal: Tensor,
  previousLogAverage: Tensor | null,
  rate: number,
): { bound: Tensor; logAverage: Tensor; objective: Tensor } {
  const bound = donskerVaradhanBound(joint, marginal);
  const constant = stopGradient(marginal);
  const logAverage = previousLogAverage ? updateLogAverage(previousLogAverage, constant, rate) : logMeanExp(constant);
  return { bound, logAverage, objective: movingAverageSurrogate(joint, marginal, logAverage) };
}

/**
 * The identity, with a zero gradient (tfjs-core has no stop-gradient op): what goes through it is a
 * constant for tf.grad and tf.variableGrads.
 */
export const stopGradient = tf.customGrad((...inputs) => {
  const x = inputs[0] as Tensor; // the last argument is tf's save function, not needed here
  return { value: tf.clone(x), gradFunc: (dy: Tensor) => tf.zerosLike(dy) };
}) as (x: Tensor) => Tensor;

export interface BoundEstimates {
  donskerVaradhan: number;
  fDivergence: number;
  /** Delta-method standard errors of the two estimates (joint and marginal samples independent). */
  donskerVaradhanStandardError: number;
  fDivergenceStandardError: number;
  /** Samples of each of the joint and the marginal. */
  samples: number;
}

/** Both bounds from the statistic's values on n joint and n marginal samples, in double precision. */
export function evaluateBounds(joint: ArrayLike<number>, marginal: ArrayLike<number>): BoundEstimates {
  const n = joint.length;
  const m = marginal.length;
  let jointSum = 0;
  for (let i = 0; i < n; i++) jointSum += joint[i];
  const jointMean = jointSum / n;
  let jointSquares = 0;
  for (let i = 0; i < n; i++) jointSquares += (joint[i] - jointMean) ** 2;
  const jointVariance = jointSquares / n;

  let peak = -Infinity;
  for (let i = 0; i < m; i++) peak = Math.max(peak, marginal[i]);
  // e^T = e^peak·w with w = e^(T − peak) ≤ 1: the mean and variance of w never overflow.
  let weightSum = 0;
  for (let i = 0; i < m; i++) weightSum += Math.exp(marginal[i] - peak);
  const weightMean = weightSum / m;
  let weightSquares = 0;
  for (let i = 0; i < m; i++) weightSquares += (Math.exp(marginal[i] - peak) - weightMean) ** 2;
  const weightVariance = weightSquares / m;

  const logMean = peak + Math.log(weightMean); // log mean e^T
  const shift = Math.exp(peak - 1); // e^(T − 1) = shift·w
  return {
    donskerVaradhan: jointMean - logMean,
    fDivergence: jointMean - shift * weightMean,
    // Var(log mean e^T) ≈ Var(e^T)/(n·E[e^T]²), the delta method; the factor e^peak cancels.
    donskerVaradhanStandardError: Math.sqrt(jointVariance / n + weightVariance / (m * weightMean * weightMean)),
    fDivergenceStandardError: Math.sqrt(jointVariance / n + (shift * shift * weightVariance) / m),
    samples: n,
  };
}
