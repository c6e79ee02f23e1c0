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

export const backendDrift: DriftRow[] = [
  {
    figure: "gan-1d",
    steps: 1500,
    metric: "discriminatorLoss",
    firstDifferentStep: 1,
    earlyMaxDifference: 2.980232238769531e-07,
    maxDifference: 0.031383514404296875,
    typicalSize: 1.0627927381657065,
    outcome: {
      name: "mean of the generator’s samples",
      cpu: 3.965287118911743,
      wasm: 3.965745233535767
    }
  },
  {
    figure: "saturation",
    steps: 300,
    metric: "discriminatorLoss",
    firstDifferentStep: 1,
    earlyMaxDifference: 2.384185791015625e-07,
    maxDifference: 2.384185791015625e-07,
    typicalSize: 0.022237415066447296,
    outcome: {
      name: "mean of the minimax generator’s samples",
      cpu: 0.10841038169711828,
      wasm: 0.10841039005387575
    }
  },
  {
    figure: "fgan-gaussian-fit",
    steps: 1000,
    metric: "discriminatorLoss",
    firstDifferentStep: 2,
    earlyMaxDifference: 1.1920928955078125e-07,
    maxDifference: 1.1920928955078125e-06,
    typicalSize: 0.7125523900240661,
    outcome: {
      name: "fitted Gaussian’s standard deviation s",
      cpu: 2.139209419488907,
      wasm: 2.1392094418406487
    }
  }
];

/** When and how the numbers above were measured. */
export const backendDriftMeasured = 'Node 24, TensorFlow.js 4.22.0, engine 1, 30 November 2026';
