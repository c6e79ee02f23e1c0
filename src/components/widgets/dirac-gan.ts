/**
 * dirac-gan (Chapter 9): Mescheder, Geiger and Nowozin's Dirac-GAN (data δ₀, generator δ_θ,
 * discriminator D(x) = ψx) on the (θ, ψ) plane. Four runs from one draggable start: simultaneous
 * gradient steps (spiral out), alternating steps (cycle), simultaneous steps with two time-scales
 * (the generator's step a quarter of the discriminator's: still spirals out, more slowly) and
 * simultaneous steps with the R1 penalty and, if set, instance noise (converge). The readout gives each run's distance from the
 * equilibrium (0, 0), the numbers of gan-math §11.7 for the default start and step.
 */
import type { GameExperiment } from '../../engine/experiments/schema';
import { createPanel, createSvg, drawLegend, formatNumber, legendBand, narrowBelow, toCsv, type LegendItem } from '../plots';
import { numberAt, renderFields, selectAt, type Field } from './controls';
import { createGamePlane, createStartHandle, runClasses, startOf } from './game-plane';
import type { ControlsHost, RunSpec, RunView, WidgetFactory } from './types';


/** The generator's step in the two-time-scale run, as a fraction of the discriminator's. */
export const TWO_TIME_SCALE_RATIO = 0.25;

/** The four update rules drawn, derived from the figure's experiment (its γ is used only by the R1 run). */
export function diracRuns(experiment: GameExperiment): RunSpec<GameExperiment>[] {
  const game = experiment.game.kind === 'dirac-gan' ? experiment.game : { kind: 'dirac-gan' as const, loss: 'gan' as const, r1Weight: 1, instanceNoise: 0 };
  const step = experiment.learningRates.discriminator;
  const variant = (key: string, label: string, change: (draft: GameExperiment) => void): RunSpec<GameExperiment> => {
    const draft = structuredClone(experiment);
    draft.game = { ...game, r1Weight: 0, instanceNoise: 0 };
    draft.learningRates = { generator: step, discriminator: step };
    draft.update = 'simultaneous';
    change(draft);
    return { key, label, experiment: draft };
  };
  return [
    variant('simultaneous', 'simultaneous steps', () => {}),
    variant('alternating', 'alternating steps', (draft) => {
      draft.update = 'alternating';
    }),
    variant('two-time-scale', 'two time-scales', (draft) => {
      draft.learningRates.generator = step * TWO_TIME_SCALE_RATIO;
    }),
    variant('r1', regularisedLabel(game.r1Weight, game.instanceNoise), (draft) => {
      draft.game = { ...game };
    }),
  ];
}

/** The last run's name: R1, instance noise, both, or neither (then it repeats the simultaneous run). */
function regularisedLabel(r1Weight: number, instanceNoise: number): string {
  const parts = [
    r1Weight > 0 || instanceNoise === 0 ? `R1 penalty, γ = ${formatNumber(r1Weight, 3)}` : '',
    instanceNoise > 0 ? `instance noise, σ = ${formatNumber(instanceNoise, 3)}` : '',
  ];
  return parts.filter(Boolean).join(' and ');
}

type GameField = Field;

/** Fields on the game experiment: the shared control helpers read and write by path, whatever the kind. */
const fields = (): GameField[] => [
  selectAt('game.loss', 'Loss f', [
    { value: 'gan', label: 'GAN, f(t) = −log(1 + e^−t)' },
    { value: 'wasserstein', label: 'WGAN, f(t) = t' },
  ]),
  numberAt('learningRates.discriminator', 'Step size h', { min: 0.001, max: 1, hint: 'Both players; the two-time-scale run gives the generator h/4.' }),
  numberAt('game.r1Weight', 'R1 weight γ (last run)', { min: 0, max: 100 }),
  numberAt('game.instanceNoise', 'Instance noise σ (last run)', { min: 0, max: 10, hint: 'Noise on real and fake points, fresh each step (seeded).' }),
  numberAt('training.steps', 'Steps', { step: 1, min: 1, max: 100000 }),
];

export const createDiracGan: WidgetFactory<GameExperiment> = ({ plot, spec, idleNote, width = 640 }) => {
  // The distances sit right of the plane at the design width; on a phone (a narrow width) the
  // plane fills the width, the legend wraps above it, and the distances go beneath it.
  const narrow = width < narrowBelow;
  const legendItems: LegendItem[] = diracRuns(spec.experiment as GameExperiment).map((run, index) => ({ kind: 'line', label: run.label, className: runClasses[index] }));
  const legendPlace = legendBand(legendItems, width, { x: 60, y: 18 }, narrow);
  const plane = narrow ? { left: 60, top: 64 + legendPlace.extra, size: width - 60 - 14 } : { left: 60, top: 64, size: 400 };
  const distances = narrow ? { x: plane.left, top: plane.top + plane.size + 56 } : { x: plane.left + plane.size + 16, top: plane.top };
  const height = narrow ? distances.top + 4 * 22 + 16 : 520;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    interactive: true,
    description:
      'The (θ, ψ) plane of the Dirac-GAN with arrows showing the direction of the gradient field, and four trajectories ' +
      'from the same draggable start: simultaneous steps, alternating steps, two time-scales and the R1 penalty.',
  });
  const panel = createPanel(svg, { left: plane.left, top: plane.top, width: plane.size, height: plane.size }, 'game');
  const gamePlane = createGamePlane(panel, [-3, 3], { x: 'θ (generator)', y: 'ψ (discriminator)' }, { ticks: 6 });
  let host: ControlsHost<GameExperiment> | null = null;
  const start = createStartHandle(gamePlane, 'Starting point (θ, ψ)', 0.1, () => host);
  const legend = svg.append('g').attr('class', 'sp-layer');
  let latest: readonly RunView<GameExperiment>[] = [];

  const remember = (controls: ControlsHost<GameExperiment>) => {
    host = controls;
    start.place(startOf(controls.experiment));
  };

  return {
    runs: diracRuns,

    quickControls(controls) {
      remember(controls);
      renderFields(controls as unknown as Parameters<typeof renderFields>[0], fields().slice(0, 2));
    },

    controls(controls) {
      remember(controls);
      renderFields(controls as unknown as Parameters<typeof renderFields>[0], fields().slice(2));
    },

    draw(runs) {
      latest = runs;
      gamePlane.draw(runs, runClasses, runs.some((run) => run.snapshot) ? '' : idleNote);
      if (runs[0]) start.place(startOf(runs[0].experiment));
      drawLegend(
        legend,
        'legend',
        runs.map((run, index) => ({ kind: 'line' as const, label: run.label, className: runClasses[index] })),
        legendPlace.at,
        narrow ? legendPlace.maxWidth : width - plane.left - 20,
      );
      const side = legend.selectAll<SVGTextElement, RunView<GameExperiment>>('text.sp-game-radius').data(runs);
      side
        .join('text')
        .attr('class', 'sp-legend-label sp-game-radius')
        .attr('x', distances.x)
        .attr('y', (_, index) => distances.top + 16 + index * 22)
        .text((run) => `${shortName(run.key)}: r = ${radiusText(run)}`);
      legend
        .selectAll('text.sp-game-radius-title')
        .data([0])
        .join('text')
        .attr('class', 'sp-axis-caption sp-game-radius-title')
        .attr('x', distances.x)
        .attr('y', distances.top - 6)
        .text('distance from (0, 0)');
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const run of latest) {
        const trajectory = run.snapshot?.game?.trajectory ?? new Float32Array();
        for (let i = 0; i + 1 < trajectory.length; i += 2) rows.push([run.key, i / 2, trajectory[i], trajectory[i + 1]]);
      }
      return toCsv(['run', 'point', 'theta', 'psi'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      const [theta0, psi0] = startOf(latest[0].experiment);
      return (
        `From (${formatNumber(theta0, 3)}, ${formatNumber(psi0, 3)}), radius ${Math.hypot(theta0, psi0).toFixed(6)}, after ${latest[0].step} steps the distance from the equilibrium is: ` +
        latest.map((run) => `${run.label}: ${radiusText(run)}`).join('; ') +
        '.'
      );
    },
  };
};

function shortName(key: string): string {
  return ({ simultaneous: 'simultaneous', alternating: 'alternating', 'two-time-scale': 'two time-scales', r1: 'regularised' } as Record<string, string>)[key] ?? key;
}

function radiusText(run: RunView<GameExperiment>): string {
  const game = run.snapshot?.game;
  if (!game) return '–';
  const radius = Math.hypot(game.theta, game.psi);
  return radius < 1e-4 ? radius.toExponential(1) : radius.toFixed(6);
}
