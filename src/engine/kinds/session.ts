/**
 * What every experiment kind provides: a session that trains step by step, answers snapshot
 * requests (what figures draw) and frees its tensors. The CLI, the worker host and the tests only
 * ever talk to this interface, through the registry in kinds/index.ts.
 */
import type { AnyExperiment } from '../experiments/schema';
import { tf, type Tensor1D } from '../tf';
import type { Snapshot, SnapshotRequest, StepMetrics } from '../types';

export interface Session {
  readonly experiment: AnyExperiment;
  /** Steps (iterations) done so far. */
  readonly step: number;
  /**
   * Run `steps` steps and return one StepMetrics per step. Throws TrainingDivergedError when a
   * recorded number is not finite or runs away; the session then refuses to train further.
   */
  train(steps: number): StepMetrics[];
  /** Compute what a figure asked for; never changes the training numbers. */
  snapshot(request: SnapshotRequest): Snapshot;
  /**
   * Numbers for the command line's reports and final summary, on fresh evaluation samples where
   * that applies (mode coverage, the critic's bound, wassersteinEstimate, miEstimate, miTrue, …).
   */
  report(): Record<string, unknown>;
  /** Free every tensor. The session cannot be used afterwards. */
  dispose(): void;
}

/** Thrown by `train` when a recorded number becomes NaN or ±∞ (or runs away). */
export class TrainingDivergedError extends Error {
  /** The step (1-based, as in StepMetrics.step) whose numbers went bad. */
  readonly step: number;
  /** Metrics of the steps of this `train` call that completed before the divergence. */
  readonly metrics: StepMetrics[];

  constructor(step: number, message: string, metrics: StepMetrics[] = []) {
    super(message);
    this.name = 'TrainingDivergedError';
    this.step = step;
    this.metrics = metrics;
  }
}

/** "the generator loss" from "generatorLoss": metric names as words, for messages. */
export function metricWords(name: string): string {
  const words: Record<string, string> = {
    discriminatorLoss: 'discriminator loss',
    generatorLoss: 'generator loss',
    generatorGradNorm: "generator's gradient norm",
    discriminatorGradNorm: "discriminator's gradient norm",
  };
  return words[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Run `count` steps, each returning its recorded numbers as a tensor, and read them back together
 * at the end (one sync with the backend per call): the concatenated rows. The records are freed
 * even when a step throws.
 */
export function runSteps(count: number, advance: () => Tensor1D): Float32Array {
  const records: Tensor1D[] = [];
  try {
    for (let i = 0; i < count; i++) records.push(advance());
    // A copy that owns its buffer, so the worker can transfer it without detaching backend memory.
    return tf.tidy(() => new Float32Array(tf.concat(records).dataSync()));
  } finally {
    tf.dispose(records);
  }
}

/** As `runSteps`, with the numbers read back asynchronously (see Trainer.trainAsync). */
export async function runStepsAsync(count: number, advance: () => Tensor1D): Promise<Float32Array> {
  const records: Tensor1D[] = [];
  try {
    for (let i = 0; i < count; i++) records.push(advance());
    const all = tf.concat(records);
    try {
      return new Float32Array(await all.data());
    } finally {
      all.dispose();
    }
  } finally {
    tf.dispose(records);
  }
}

/**
 * The rows read back by runSteps as step records named by `names`, numbered from `firstStep`. The
 * first row where `badColumn` finds a diverged number (its index; −1: none) ends the list: the
 * error `diverged` makes from that step, metric, value and the records before it is thrown.
 */
export function stepRecords(
  values: Float32Array,
  names: readonly string[],
  firstStep: number,
  badColumn: (row: Float32Array) => number,
  diverged: (step: number, name: string, value: number, earlier: StepMetrics[]) => Error,
): StepMetrics[] {
  const metrics: StepMetrics[] = [];
  for (let i = 0; i * names.length < values.length; i++) {
    const row = values.subarray(names.length * i, names.length * (i + 1));
    const bad = badColumn(row);
    if (bad >= 0) throw diverged(firstStep + i, names[bad], row[bad], metrics);
    const record: StepMetrics = { step: firstStep + i };
    names.forEach((name, k) => (record[name] = row[k]));
    metrics.push(record);
  }
  return metrics;
}
