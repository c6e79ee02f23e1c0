/**
 * The MINE session (Belghazi et al. 2018; gan-math §7, §11.5): a statistics network T(x, z), an MLP
 * on the concatenation [x, z] with one output, trained by gradient ascent on a lower bound of
 * I(X; Z) = KL(P_XZ ‖ P_X ⊗ P_Z).
 *
 * One step draws a joint batch of b pairs and a marginal batch (the same x's with independent z's:
 * fresh, or the joint z's permuted; see data.ts), evaluates T on both and takes one optimiser step
 * on the loss −(objective):
 * - 'donsker-varadhan' without a moving average: the objective is the batch's DV bound;
 * - 'donsker-varadhan' with movingAverage r: MINE's bias-corrected surrogate, whose gradient is
 *   ∇mean(T_joint) − ∇mean(e^T_marginal)/m with m a moving average of mean(e^T_marginal) (bounds.ts);
 * - 'f-divergence': the batch's MINE-f bound (its minibatch gradient is unbiased; movingAverage is
 *   not used).
 * Recorded per step: `bound` (the batch's value of the experiment's bound), `loss` (what the
 * optimiser minimised) and `gradNorm` (‖∇loss‖ over all weights).
 *
 * Random streams (forks of the seed, in this order): the network's initial weights, the joint
 * batches, the marginal batches (fresh z or permutations), the evaluation set, the snapshots.
 */
import { createMlp, type Network } from '../../nets';
import { globalNorm } from '../../metrics';
import { gridAxis } from '../../probes';
import { runProbes, type ProbeTable } from '../../probes/table';
import { createRng, stepSeed, type Rng } from '../../rng';
import { gradientsRegistered, tf, type Tensor, type Tensor1D, type Tensor2D, type Variable } from '../../tf';
import type { MiEstimate, Snapshot, SnapshotRequest, StepMetrics } from '../../types';
import { createOptimizer, disposeOptimizer } from '../gan/trainer';
import { metricWords, runSteps, stepRecords, TrainingDivergedError, type Session } from '../session';
import {
  donskerVaradhanBound,
  evaluateBounds,
  fDivergenceBound,
  correctedDonskerVaradhan,
  logMeanExp,
  movingAverageSurrogate,
  stopGradient,
  updateLogAverage,
} from './bounds';
import { createMineSampler, marginalZ, pairRows, type MineSampler } from './data';
import type { MineExperiment } from './schema';

/** The metrics recorded per step, in this order. */
const METRICS = ['bound', 'loss', 'gradNorm'] as const;

/**
 * |bound| or |loss| above which training counts as run away: the largest true MI the schema allows
 * is 10·log(1/(1 − 0.999²)) ≈ 62 nats, so no honest run comes near it.
 */
const RUNAWAY = 1e6;

/** Joint and marginal samples (each) of the evaluation set behind report(): a few tenths of a second. */
export const REPORT_SAMPLES = 4000;

/** A copy that owns its buffer, so the worker can transfer it without detaching backend memory. */
const readFloats = (tensor: Tensor) => new Float32Array(tensor.dataSync());

/** JSON has no infinity or NaN: such a number is written as a string. */
const jsonNumber = (value: number) => (Number.isFinite(value) ? value : String(value));

export class MineSession implements Session {
  readonly experiment: MineExperiment;
  readonly sampler: MineSampler;
  private readonly statistics: Network;
  private readonly optimizer: tf.Optimizer;
  private readonly jointRng: Rng;
  private readonly marginalRng: Rng;
  private readonly evaluationSeed: number;
  private readonly snapshotSeed: number;
  /**
   * log m, m the moving average of mean(e^T_marginal) (DV with movingAverage only): not trained,
   * set from the first batch and updated every step before it is used (see advance()).
   */
  private readonly logAverage: Variable | null;
  private evaluationSet: { samples: number; joint: Tensor2D; marginal: Tensor2D } | null = null;
  /** Whether logAverage holds a value yet (it is set from the first batch). */
  private averageStarted = false;
  private steps = 0;
  private divergence: TrainingDivergedError | null = null;
  private disposed = false;

  constructor(experiment: MineExperiment) {
    if (!gradientsRegistered()) throw new Error('Call initBackend() before creating a MINE session: it sets up TensorFlow.js and its gradients.');
    this.experiment = experiment;
    this.sampler = createMineSampler(experiment.data);
    // The order of these forks is part of the reproducibility contract: do not reorder.
    const root = createRng(experiment.seed);
    const initRng = root.fork();
    this.jointRng = root.fork();
    this.marginalRng = root.fork();
    this.evaluationSeed = root.fork().int(4294967296);
    this.snapshotSeed = root.fork().int(4294967296);
    const { hidden, activation } = experiment.statistics;
    this.statistics = createMlp(initRng, { inputDim: 2 * this.sampler.dim, hidden, outputDim: 1, activation, output: 'linear' });
    this.optimizer = createOptimizer(experiment.optimizer);
    this.logAverage = this.usesMovingAverage ? tf.tidy(() => tf.variable(tf.scalar(0), false)) : null;
  }

  private get usesMovingAverage(): boolean {
    return this.experiment.bound === 'donsker-varadhan' && this.experiment.movingAverage !== null;
  }

  get step(): number {
    return this.steps;
  }

  // ── Training ──────────────────────────────────────────────────────────────────────────────────

  /** Run `count` steps; their numbers are read back together at the end (one sync per call). */
  train(count: number): StepMetrics[] {
    this.assertUsable();
    if (this.divergence) throw this.divergence;
    const n = Math.max(0, Math.floor(count));
    if (n === 0) return [];
    const values = runSteps(n, () => this.advance());
    const firstStep = this.steps + 1;
    this.steps += n;
    const badColumn = (row: Float32Array) => row.findIndex((value, k) => !Number.isFinite(value) || (METRICS[k] !== 'gradNorm' && Math.abs(value) > RUNAWAY));
    return stepRecords(values, METRICS, firstStep, badColumn, (step, name, value, earlier) => {
      this.divergence = this.divergedError(step, name, value, earlier);
      return this.divergence;
    });
  }

  /** One step on a fresh joint batch and its marginal batch; returns [bound, loss, gradNorm] as a tensor. */
  private advance(): Tensor1D {
    const { batchSize } = this.experiment.training;
    const { bound, movingAverage, marginals } = this.experiment;
    const dim = this.sampler.dim;
    const joint = this.sampler.joint(this.jointRng, batchSize);
    const product = marginalZ(this.sampler, marginals, this.marginalRng, joint);
    const jointRows = pairRows(joint.x, joint.z, dim);
    const marginalRows = pairRows(joint.x, product, dim);
    // Not this.steps: a train() call counts its steps only at its end.
    const first = !this.averageStarted;
    this.averageStarted = true;
    return tf.tidy(() => {
      const jointInput = tf.tensor2d(jointRows, [batchSize, 2 * dim]);
      const marginalInput = tf.tensor2d(marginalRows, [batchSize, 2 * dim]);
      const kept: { bound?: Tensor; logAverage?: Tensor } = {};
      const { value: loss, grads } = tf.variableGrads(() => {
        const tJoint = tf.reshape(this.statistics.apply(jointInput), [-1]);
        const tMarginal = tf.reshape(this.statistics.apply(marginalInput), [-1]);
        if (bound === 'f-divergence') {
          kept.bound = tf.keep(fDivergenceBound(tJoint, tMarginal));
          return tf.neg(kept.bound) as tf.Scalar;
        }
        if (!this.logAverage) {
          kept.bound = tf.keep(donskerVaradhanBound(tJoint, tMarginal));
          return tf.neg(kept.bound) as tf.Scalar;
        }
        // m includes the current batch (see correctedDonskerVaradhan); the first step (m = the
        // batch's own mean) is a plain DV step.
        const corrected = correctedDonskerVaradhan(tJoint, tMarginal, first ? null : this.logAverage, movingAverage!);
        kept.bound = tf.keep(corrected.bound);
        kept.logAverage = tf.keep(corrected.logAverage);
        return tf.neg(corrected.objective) as tf.Scalar;
      }, this.statistics.variables);
      const gradNorm = globalNorm(Object.values(grads));
      this.optimizer.applyGradients(grads);
      if (kept.logAverage) this.logAverage!.assign(kept.logAverage as tf.Scalar);
      const record = tf.stack([kept.bound!, loss, gradNorm]) as Tensor1D;
      tf.dispose([kept.bound!, ...(kept.logAverage ? [kept.logAverage] : [])]); // kept past variableGrads, so freed by hand
      return record;
    });
  }

  private divergedError(step: number, name: string, value: number, metrics: StepMetrics[]): TrainingDivergedError {
    const what = Number.isFinite(value) ? `ran away to ${value.toPrecision(3)}` : `became ${value}`;
    const bound = this.experiment.bound === 'f-divergence' ? 'MINE-f bound' : 'Donsker–Varadhan bound';
    const subjects: Record<string, string> = {
      bound: `the minibatch ${bound}`,
      loss: `the loss (minus the ${bound})`,
      gradNorm: "the statistics network's gradient norm",
    };
    const subject = subjects[name] ?? `the ${metricWords(name)}`;
    return new TrainingDivergedError(
      step,
      `Training diverged at step ${step}: ${subject} ${what}. ` +
        `The statistics network's outputs grew until e^T was no longer finite; try a lower learning rate ` +
        `(now ${this.experiment.optimizer.learningRate}) or a smaller network.`,
      metrics,
    );
  }

  // ── Snapshots and reports ─────────────────────────────────────────────────────────────────────

  /**
   * What a figure asked for: the requested probes of `mineProbes`. Never changes the training
   * numbers: the evaluation set has its own stream (fixed for the session's lifetime), and
   * pairSamples a stream seeded by (seed, step).
   */
  snapshot(request: SnapshotRequest): Snapshot {
    this.assertUsable();
    return runProbes(mineProbes, request, this, { step: this.steps, dim: this.sampler.dim });
  }

  /** n fresh joint pairs and as many marginal pairs (the session's marginals rule), from the (seed, step) stream. */
  pairSamples(n: number): NonNullable<Snapshot['pairSamples']> {
    const dim = this.sampler.dim;
    const rng = createRng(stepSeed(this.snapshotSeed, this.steps));
    const joint = this.sampler.joint(rng, n);
    const product = marginalZ(this.sampler, this.experiment.marginals, rng, joint);
    return { joint: pairRows(joint.x, joint.z, dim), marginal: pairRows(joint.x, product, dim) };
  }

  /** Both bounds of the current T on the fixed evaluation set (see bounds.evaluateBounds). */
  estimate(samples: number): MiEstimate {
    const { joint, marginal } = this.evaluation(samples);
    const [tJoint, tMarginal] = tf.tidy(() => [readFloats(this.statistics.apply(joint)), readFloats(this.statistics.apply(marginal))]);
    const bounds = evaluateBounds(tJoint, tMarginal);
    const dv = this.experiment.bound === 'donsker-varadhan';
    return {
      bound: this.experiment.bound,
      value: dv ? bounds.donskerVaradhan : bounds.fDivergence,
      standardError: dv ? bounds.donskerVaradhanStandardError : bounds.fDivergenceStandardError,
      ...bounds,
    };
  }

  /**
   * n joint pairs and n marginal pairs, drawn once from the evaluation stream (kept until n changes).
   * The marginal pairs always take fresh z's ('independent'), whatever the training rule: a
   * permutation would keep about one joint pair, a bias of order 1/n that a large set need not carry.
   */
  private evaluation(samples: number): { joint: Tensor2D; marginal: Tensor2D } {
    if (!this.evaluationSet || this.evaluationSet.samples !== samples) {
      this.disposeEvaluationSet();
      const rng = createRng(this.evaluationSeed);
      const jointRng = rng.fork();
      const marginalRng = rng.fork();
      const dim = this.sampler.dim;
      const joint = this.sampler.joint(jointRng, samples);
      const product = this.sampler.marginalZ(marginalRng, samples);
      this.evaluationSet = {
        samples,
        joint: tf.tensor2d(pairRows(joint.x, joint.z, dim), [samples, 2 * dim]),
        marginal: tf.tensor2d(pairRows(joint.x, product, dim), [samples, 2 * dim]),
      };
    }
    return this.evaluationSet;
  }

  /** T on the grid (row-major, z outer) and T* at the same points. */
  statisticsGrid(grid: NonNullable<SnapshotRequest['statisticsGrid']>): NonNullable<Snapshot['statisticsGrid']> {
    const xs = gridAxis(grid.x);
    const zs = gridAxis(grid.z);
    const points = new Float32Array(2 * xs.length * zs.length);
    const optimal = new Float32Array(xs.length * zs.length);
    for (let iz = 0; iz < zs.length; iz++) {
      for (let ix = 0; ix < xs.length; ix++) {
        const k = iz * xs.length + ix;
        points[2 * k] = xs[ix];
        points[2 * k + 1] = zs[iz];
        optimal[k] = this.sampler.optimalStatistic([xs[ix]], [zs[iz]]);
      }
    }
    const values = tf.tidy(() => readFloats(this.statistics.apply(tf.tensor2d(points, [points.length / 2, 2]))));
    return { x: xs, z: zs, values, optimal };
  }

  /**
   * The command line's numbers, on the fixed evaluation set of REPORT_SAMPLES joint and as many
   * marginal pairs: miEstimate (the experiment's bound) with its standard error, both bounds by
   * name, and the truth.
   */
  report(): Record<string, unknown> {
    const { miEstimate, miTrue } = this.snapshot({ miEstimate: REPORT_SAMPLES, miTrue: true });
    return {
      miEstimate: jsonNumber(miEstimate!.value),
      miEstimateStandardError: jsonNumber(miEstimate!.standardError),
      miEstimateDonskerVaradhan: jsonNumber(miEstimate!.donskerVaradhan),
      miEstimateFDivergence: jsonNumber(miEstimate!.fDivergence),
      miTrue: miTrue!,
    };
  }

  // ── Lifetime ──────────────────────────────────────────────────────────────────────────────────

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.statistics.dispose();
    disposeOptimizer(this.optimizer);
    this.logAverage?.dispose();
    this.disposeEvaluationSet();
  }

  private disposeEvaluationSet(): void {
    this.evaluationSet?.joint.dispose();
    this.evaluationSet?.marginal.dispose();
    this.evaluationSet = null;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('This MINE session has been disposed; create a new one.');
  }
}

/** The MINE probes (see SnapshotRequest), in the order they run; each reads the session. */
const mineProbes: ProbeTable<MineSession> = {
  miEstimate: (session, n) => ({ miEstimate: session.estimate(Math.floor(n)) }),
  miTrue: (session) => ({ miTrue: session.sampler.mutualInformation() }),
  statisticsGrid: (session, grid) => (session.sampler.dim === 1 ? { statisticsGrid: session.statisticsGrid(grid) } : undefined),
  pairSamples: (session, n) => ({ pairSamples: session.pairSamples(Math.floor(n)) }),
};

export function createMineSession(experiment: MineExperiment): Session {
  return new MineSession(experiment);
}
