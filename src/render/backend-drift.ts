/**
 * How far the CPU and WASM backends drift apart on the same seed: measured with
 * `npx tsx bench/backend-drift.ts` (each figure's experiment run on both backends in one Node
 * process; every recorded step compared). Shown on the Reproductions page and in the README.
 * Re-measure after a change of the engine or of TensorFlow.js and paste its output here.
 */
export interface DriftRow {
  figure: string;
  steps: number;
  /** The metric compared (a loss, recorded every step). */
  metric: string;
  /** First step at which the two backends' values differ at all. */
  firstDifferentStep: number | null;
  /** Largest |cpu − wasm| of the metric in the first 10 steps, and over all steps. */
  earlyMaxDifference: number;
  maxDifference: number;
  /** The metric's typical size (mean |value| over all steps), to read the differences against. */
  typicalSize: number;
  /** A number the figure's caption or text relies on, at the last step, on each backend. */
  outcome: { name: string; cpu: number; wasm: number };
}

export const backendDrift: DriftRow[] = [];

/** When and how the numbers above were measured. */
export const backendDriftMeasured = '';
