/**
 * ttur-saddle (Chapter 9): the toy saddle of TTUR's official example notebook (Heusel et al. 2017),
 * f(x, y) = (1 + x²)(100 − y²), x descending and y ascending, from (0.5, −0.4) with Gaussian gradient
 * noise σ = 1. Four learning-rate pairs (lr_x, lr_y), one small plane each, side by side: the saddle's
 * linearised multipliers are 1 − 200·lr_x and 1 − 2·lr_y (gan-math §11.7), so equal rates leave one
 * player either at the edge of stability or crawling, and (1e-4, 1e-2) makes both 0.98.
 * The readout gives, per pair, the first step at which the mean distance from the saddle over the
 * previous 100 steps is below 0.1, and the mean distance over the last 500 steps.
 */
import type { GameExperiment } from '../../engine/experiments/schema';
import { createPanel, createSvg, formatPowerOfTen, keyed, toCsv } from '../plots';
import { numberAt, renderFields } from './controls';
import { createGamePlane, createStartHandle, runClasses, startOf, type GamePlane } from './game-plane';
import { arrivalStep, recentDistance } from '../../engine/probes/game-metrics';
import type { ControlsHost, RunSpec, RunView, WidgetFactory } from './types';

/** The official notebook's four pairs (lr_x for the descending x, lr_y for the ascending y). */
export const tturPairs: ReadonlyArray<readonly [number, number]> = [
  [1e-2, 1e-2],
  [1e-3, 1e-3],
  [1e-4, 1e-2],
  [1e-2, 1e-4],
];


export function tturRuns(experiment: GameExperiment): RunSpec<GameExperiment>[] {
  return tturPairs.map(([lrX, lrY]) => {
    const draft = structuredClone(experiment);
    draft.learningRates = { generator: lrX, discriminator: lrY };
    return { key: `${lrX}-${lrY}`, label: `lr_x = ${lrX}, lr_y = ${lrY}`, experiment: draft };
  });
}


const width = 640;
const height = 640;
const size = 210;
const cells = [
  { left: 70, top: 60 },
  { left: 390, top: 60 },
  { left: 70, top: 380 },
  { left: 390, top: 380 },
];

export const createTturSaddle: WidgetFactory<GameExperiment> = ({ plot, spec, idleNote }) => {
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    interactive: true,
    description:
      "Four planes of TTUR's toy saddle f(x, y) = (1 + x²)(100 − y²), one per pair of learning rates, each with the direction of " +
      'the gradient field and the noisy trajectory from the same draggable start towards the saddle at (0, 0).',
  });
  let host: ControlsHost<GameExperiment> | null = null;
  const planes: GamePlane[] = cells.map((cell, index) =>
    createGamePlane(createPanel(svg, { left: cell.left, top: cell.top, width: size, height: size }, `saddle-${index}`), [-1, 1], { x: 'x (descends)', y: 'y (ascends)' }, { ticks: 4 }),
  );
  // One start for all four planes: the handle sits on the first, the others show the same point.
  const start = createStartHandle(planes[0], 'Starting point (x, y), shared by all four runs', 0.05, () => host);
  let latest: readonly RunView<GameExperiment>[] = [];

  return {
    runs: tturRuns,
    // The game is cheap: redraw often so the noisy walk looks continuous.
    frameMs: 50,

    controls(controls) {
      host = controls;
      start.place(startOf(controls.experiment));
      renderFields(controls as unknown as Parameters<typeof renderFields>[0], [
        numberAt('gradientNoise', 'Gradient noise σ'),
        numberAt('training.steps', 'Steps', { step: 1, min: 1, max: 100000 }),
      ]);
    },

    draw(runs) {
      latest = runs;
      planes.forEach((plane, index) => {
        const run = runs[index];
        plane.draw(run ? [run] : [], [runClasses[index]], run?.snapshot ? '' : idleNote);
        const [lrX, lrY] = tturPairs[index];
        // Two lines above each plane: the pair, then how it fares (a long single line would overflow).
        const titles = plane.panel.layer('axes');
        keyed(titles, 'text', 'pair').attr('class', 'sp-panel-title').attr('x', 0).attr('y', -28).text(`lr_x = ${formatPowerOfTen(lrX)}, lr_y = ${formatPowerOfTen(lrY)}`);
        keyed(titles, 'text', 'arrival').attr('class', 'sp-axis-caption').attr('x', 0).attr('y', -10).text(summaryText(run));
      });
      if (runs[0]) start.place(startOf(runs[0].experiment));
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const run of latest) {
        const trajectory = run.snapshot?.game?.trajectory ?? new Float32Array();
        for (let i = 0; i + 1 < trajectory.length; i += 2) rows.push([run.key, i / 2, trajectory[i], trajectory[i + 1]]);
      }
      return toCsv(['run', 'point', 'x', 'y'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      return (
        `After ${latest[0].step} steps: ` +
        latest
          .map((run) => {
            const distance = recentDistance(radii(run));
            return `${run.label}: ${arrivalText(run)}, mean distance over the last 500 steps ${Number.isFinite(distance) ? distance.toFixed(3) : '–'}`;
          })
          .join('; ') +
        '.'
      );
    },
  };
};

function arrivalText(run: RunView<GameExperiment> | undefined): string {
  if (!run) return '';
  const step = arrivalStep(radii(run));
  return step === null ? 'not within 0.1' : `within 0.1 by step ${step}`;
}

/** "within 0.1 by step 145 · last 500 steps: 0.049 away" (the second part once 500 steps have run). */
function summaryText(run: RunView<GameExperiment> | undefined): string {
  if (!run?.snapshot) return '';
  const distances = radii(run);
  const recent = distances.length >= 500 ? ` · last 500 steps: ${recentDistance(distances).toFixed(2)} away` : '';
  return `${arrivalText(run)}${recent}`;
}

function radii(run: RunView<GameExperiment>): number[] {
  return run.metrics.map((entry) => entry.radius as number);
}
