/**
 * A toy-scale version of EBGAN's MNIST grid search (Zhao, Mathieu, LeCun 2017, §4.1): the same
 * experiment trained as a GAN, an EBGAN and an EBGAN with the pull-away term over a small grid of
 * depths, widths and learning rates, each cell scored by how many of the ring's modes it covers.
 * The paper's grid was far larger (depths 2–5, widths up to 3200, two optimisers, three learning
 * rates, with and without dropout) and its score an inception score on MNIST digits; this one fits a
 * browser. The figure, the command line (src/cli/ebgan-grid.ts) and the tests share this module.
 */
import { experimentOrThrow, type Experiment } from './schema';

/** The three models the paper compares. */
export const gridModels = ['gan', 'ebgan', 'ebgan-pt'] as const;
export type GridModel = (typeof gridModels)[number];

export const gridModelLabels: Record<GridModel, string> = {
  gan: 'GAN',
  ebgan: 'EBGAN',
  'ebgan-pt': 'EBGAN-PT',
};

/** The grid, stated once: hidden layers of both networks, their width, and both learning rates. */
export const gridAxes = {
  depth: [1, 2],
  width: [16, 48],
  learningRate: [1e-3, 4e-3],
} as const;

/** The margin and pull-away weight of the two EBGAN models (rescaled to the ring: see the chapter). */
export const gridEnergy = { margin: 1, pullAwayWeight: 0.1 } as const;

export interface GridCell {
  /** e.g. "ebgan-pt/d2-w48-lr0.004". */
  key: string;
  model: GridModel;
  depth: number;
  width: number;
  learningRate: number;
}

/** Every cell of the grid, models outermost (24 cells). */
export function gridCells(): GridCell[] {
  const cells: GridCell[] = [];
  for (const model of gridModels)
    for (const depth of gridAxes.depth)
      for (const width of gridAxes.width)
        for (const learningRate of gridAxes.learningRate)
          cells.push({ key: `${model}/d${depth}-w${width}-lr${learningRate}`, model, depth, width, learningRate });
  return cells;
}

/**
 * The experiment of one cell, built on a base experiment (the figure's): only the networks'
 * shape, the learning rates and the objective change, so every cell shares data, batch, steps and seed.
 */
export function cellExperiment(base: Experiment, cell: Pick<GridCell, 'model' | 'depth' | 'width' | 'learningRate'>): Experiment {
  const hidden = Array.from({ length: cell.depth }, () => cell.width);
  const energy = cell.model !== 'gan';
  const optimizer = { ...base.optimizers.generator, learningRate: cell.learningRate };
  return experimentOrThrow({
    ...structuredClone(base),
    generator: { ...base.generator, hidden },
    discriminator: energy
      ? { kind: 'autoencoder', hidden, embeddingDim: base.discriminator.kind === 'autoencoder' ? base.discriminator.embeddingDim : 8, activation: 'relu' }
      : { kind: 'mlp', hidden, activation: 'relu' },
    objective: energy
      ? { kind: 'energy', margin: gridEnergy.margin, pullAwayWeight: cell.model === 'ebgan-pt' ? gridEnergy.pullAwayWeight : 0 }
      : { kind: 'non-saturating' },
    optimizers: { discriminator: { ...optimizer }, generator: { ...optimizer } },
  });
}

/** Which cell an experiment is (the inverse of cellExperiment), or undefined if it is off the grid. */
export function cellOf(experiment: Experiment): Omit<GridCell, 'key'> & { key: string } | undefined {
  const hidden = experiment.generator.hidden;
  const model: GridModel =
    experiment.objective.kind === 'energy' ? (experiment.objective.pullAwayWeight > 0 ? 'ebgan-pt' : 'ebgan') : 'gan';
  const cell = { model, depth: hidden.length, width: hidden[0] ?? 0, learningRate: experiment.optimizers.generator.learningRate };
  return gridCells().find((c) => c.model === cell.model && c.depth === cell.depth && c.width === cell.width && c.learningRate === cell.learningRate);
}

/** A histogram of modes captured (0 … modeCount) per model, from finished cells' scores. */
export function modeHistogram(scores: ReadonlyArray<{ model: GridModel; modesCaptured: number }>, modeCount: number): Record<GridModel, number[]> {
  const histogram = Object.fromEntries(gridModels.map((model) => [model, new Array<number>(modeCount + 1).fill(0)])) as Record<GridModel, number[]>;
  for (const { model, modesCaptured } of scores) histogram[model][Math.max(0, Math.min(modeCount, modesCaptured))]++;
  return histogram;
}

/**
 * The full grid's histograms from the command line, drawn as outlines in the figure: cells per
 * number of modes captured (index 0 … 8), measured with
 * `npm run experiment -- --ebgan-grid` (WASM backend, seed 1, 600 steps).
 */
export const referenceHistogram: Record<GridModel, number[]> = {
  gan: [0, 0, 0, 0, 1, 1, 0, 2, 4],
  ebgan: [0, 0, 0, 1, 2, 2, 1, 2, 0],
  'ebgan-pt': [0, 0, 0, 2, 1, 1, 2, 2, 0],
};
