/**
 * The (θ, ψ) plane of a two-player game (Chapter 9): the game's vector field as a quiver (the
 * direction simultaneous gradient play moves each point: θ descends the value, ψ ascends it) and the
 * trajectory of each run, with a draggable starting point that every run shares. Shared by the
 * dirac-gan figure (several update rules on one plane) and ttur-saddle (four learning-rate pairs,
 * one small plane each).
 */
import { scaleLinear } from 'd3';
import type { GameExperiment } from '../../engine/experiments/schema';
import {
  createPanel,
  createPointHandle,
  drawArrows,
  drawAxes,
  drawLine,
  drawSymbols,
  formatNumber,
  keyed,
  panelNote,
  type Panel,
  type PointHandle,
} from '../plots';
import { getAt, setAt } from './controls';
import type { ControlsHost, RunView } from './types';

/** Line classes for up to four runs: each differs by colour and dash (figure.css). */
export const runClasses = ['sp-generated', 'sp-discriminator', 'sp-reference', 'sp-secondary'] as const;

export interface GamePlane {
  panel: Panel;
  x: ReturnType<typeof scaleLinear<number, number>>;
  y: ReturnType<typeof scaleLinear<number, number>>;
  /** Draw the field from `field` and the listed runs' trajectories (class by position in `runs`). */
  draw(runs: readonly RunView<GameExperiment>[], classes: readonly string[], note: string): void;
}

/**
 * A plane in `svg` at `box` over [min, max]² in (θ, ψ). Axis labels name the two players.
 * `labels` are the axis titles (θ and ψ for Dirac-GAN; x and y for TTUR's saddle).
 */
export function createGamePlane(
  svgPanel: Panel,
  domain: [number, number],
  labels: { x: string; y: string },
  options: { ticks?: number } = {},
): GamePlane {
  const panel = svgPanel;
  const x = scaleLinear().domain(domain).range([0, panel.width]);
  const y = scaleLinear().domain(domain).range([panel.height, 0]);
  panel.layer('grid');
  const field = panel.layer('field', { clip: true });
  const lines = panel.layer('lines', { clip: true });
  panel.layer('axes');
  keyed(panel.layer('axes'), 'rect', 'frame').attr('class', 'sp-frame').attr('width', panel.width).attr('height', panel.height);
  return {
    panel,
    x,
    y,
    draw(runs, classes, note) {
      panelNote(panel, note);
      drawAxes(panel, { x, y, xLabel: labels.x, yLabel: labels.y, xTicks: options.ticks ?? 5, yTicks: options.ticks ?? 5, yLabelOffset: 30 });
      const vectorField = runs.find((run) => run.snapshot?.gameVectorField)?.snapshot?.gameVectorField;
      if (vectorField) {
        const [min, max, count] = vectorField.range;
        const points = new Float32Array(2 * count * count);
        for (let iy = 0; iy < count; iy++) {
          for (let ix = 0; ix < count; ix++) {
            points[2 * (iy * count + ix)] = min + ((max - min) * ix) / Math.max(1, count - 1);
            points[2 * (iy * count + ix) + 1] = min + ((max - min) * iy) / Math.max(1, count - 1);
          }
        }
        // Each arrow has the same length: the field's direction is the point, its size varies by
        // orders of magnitude on TTUR's saddle and would hide most arrows.
        const unit = new Float32Array(vectorField.values.length);
        for (let i = 0; i + 1 < unit.length; i += 2) {
          const length = Math.hypot(vectorField.values[i], vectorField.values[i + 1]);
          unit[i] = length > 0 ? vectorField.values[i] / length : 0;
          unit[i + 1] = length > 0 ? vectorField.values[i + 1] / length : 0;
        }
        drawArrows(field, 'field', points, unit, { x, y }, { className: 'sp-field', maxLength: Math.min(14, panel.width / count - 2) });
      }
      runs.forEach((run, index) => {
        const trajectory = run.snapshot?.game?.trajectory ?? new Float32Array();
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i + 1 < trajectory.length; i += 2) {
          xs.push(trajectory[i]);
          ys.push(trajectory[i + 1]);
        }
        drawLine(lines, `run-${run.key}`, xs, ys, { x, y }, classes[index] ?? runClasses[0]);
        const game = run.snapshot?.game;
        drawSymbols(lines, `end-${run.key}`, game ? new Float32Array([game.theta, game.psi]) : new Float32Array(), { x, y }, {
          shape: 'cross',
          radius: 4,
          className: (classes[index] ?? runClasses[0]).replace('sp-', 'sp-end-'),
        });
      });
    },
  };
}

/**
 * The shared starting point as a handle on `plane`: dragging it (or the arrow keys, Shift for larger
 * steps) proposes the experiment with a new `start` through the latest controls host, so the shell
 * validates it and restarts every run from there.
 */
export function createStartHandle(plane: GamePlane, label: string, step: number, host: () => ControlsHost<GameExperiment> | null): {
  handle: PointHandle;
  place(start: readonly [number, number]): void;
} {
  const [min, max] = plane.x.domain() as [number, number];
  let current: readonly [number, number] = [0, 0];
  const move = (point: [number, number], settled: boolean) => {
    current = [Number(point[0].toPrecision(4)), Number(point[1].toPrecision(4))];
    handle.place(plane.x(current[0]), plane.y(current[1]));
    const controls = host();
    if (!settled || !controls) return;
    const draft = structuredClone(controls.experiment);
    setAt(draft, 'start', [current[0], current[1]]);
    controls.change(draft);
  };
  const handle = createPointHandle(
    plane.panel.layer('handles'),
    'start',
    {
      label,
      min,
      max,
      step,
      valueText: ([a, b]) => `start at (${formatNumber(a, 3)}, ${formatNumber(b, 3)})`,
      className: 'sp-real',
      current: () => current,
    },
    (px, py) => [plane.x.invert(px), plane.y.invert(py)],
    move,
  );
  return {
    handle,
    place(start) {
      current = start;
      handle.place(plane.x(start[0]), plane.y(start[1]));
    },
  };
}

/** The experiment's `start`, read generically (for the handle's initial place). */
export function startOf(experiment: GameExperiment): [number, number] {
  const start = getAt(experiment, 'start') as [number, number];
  return [start[0], start[1]];
}

export { createPanel };
