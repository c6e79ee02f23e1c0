/**
 * saturated-vs-critic: WGAN's Figure 2 at toy scale. P = N(0, 1) real, Q = N(μ, 1) fake (frozen).
 * Two runs from the same seed: a minimax GAN discriminator (top: D(x), with the exact
 * D*(x) = σ(−μ(x − μ/2)) dashed) and a WGAN-GP critic (bottom: f(x), shifted so that f(μ/2) = 0,
 * with the optimal critic −(x − μ/2) dashed). The readout gives the slope each offers the generator
 * at the fake mean, by a central difference on the grid: |d/dx log(1 − D)| for the GAN, |f′| for the critic.
 */
import { scaleLinear } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import type { Snapshot } from '../../engine/worker/protocol';
import { createPanel, createSvg, drawArea, drawAxes, drawLegend, drawLine, drawTitle, formatNumber, legendBand, narrowBelow, panelNote, toCsv, type LegendItem } from '../plots';
import { series } from '../plots/palette';
import { numberAt, renderFields } from './controls';
import type { RunSpec, RunView, WidgetFactory } from './types';

const legendItems: LegendItem[] = [
  { kind: 'area', label: 'real N(0, 1)', className: series.real },
  { kind: 'area', label: 'fake N(μ, 1)', className: series.generated },
  { kind: 'line', label: 'trained', className: series.discriminator },
  { kind: 'line', label: 'exact optimum', className: series.reference },
];

export const fakeMeanOf = (experiment: Experiment): number => experiment.generator.init?.shift[0] ?? Number.NaN;

/** The slope of g(grid value) at x₀ by a central difference between the grid points around it. */
export function slopeOnGrid(xs: ArrayLike<number>, values: ArrayLike<number>, x0: number, g: (value: number) => number): number {
  let i = 1;
  while (i < xs.length - 2 && xs[i] < x0) i++;
  return (g(values[i + 1]) - g(values[i - 1])) / (xs[i + 1] - xs[i - 1]);
}

const logOneMinus = (d: number) => Math.log1p(-d);
const identity = (v: number) => v;

/** What the generator gets at the fake mean: |d/dx log(1 − D)| (GAN) or |f′| (critic). */
export function slopeAtFakeMean(snapshot: Snapshot | null | undefined, experiment: Experiment): number {
  const grid = snapshot?.discriminatorGrid;
  if (!grid) return Number.NaN;
  return Math.abs(slopeOnGrid(grid.x, grid.values, fakeMeanOf(experiment), experiment.objective.kind === 'wasserstein' ? identity : logOneMinus));
}

export const createSaturatedVsCritic: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // On a phone (a narrow width) the legend wraps, the long title takes two lines, and the panels move down.
  const narrow = width < narrowBelow;
  const legend = legendBand(legendItems, width, { x: 60, y: 16 }, narrow);
  const box = { left: 60, width: narrow ? width - 60 - 16 : 540, height: 150 };
  const tops = { gan: 60 + legend.extra, critic: 280 + legend.extra + (narrow ? 15 : 0) };
  const height = tops.critic + 190;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Two panels over x, with the real density N(0, 1) and the fake density N(μ, 1) shaded. Top: a trained GAN discriminator D(x) and the exact optimum (dashed). ' +
      'Bottom: a trained Wasserstein critic and the exact optimal critic, a straight line of slope −1 (dashed).',
  });
  const panels = {
    gan: createPanel(svg, { left: box.left, top: tops.gan, width: box.width, height: box.height }, 'gan'),
    critic: createPanel(svg, { left: box.left, top: tops.critic, width: box.width, height: box.height }, 'critic'),
  };
  for (const panel of Object.values(panels)) {
    panel.layer('grid');
    panel.layer('densities', { clip: true });
    panel.layer('lines', { clip: true });
  }
  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'legend', legendItems, legend.at, legend.maxWidth);
  let latest: readonly RunView[] = [];

  return {
    runs(experiment: Experiment): RunSpec[] {
      const gan = structuredClone(experiment);
      gan.objective = { kind: 'minimax', r1Weight: 0 };
      return [
        { key: 'gan', label: 'GAN discriminator (minimax)', experiment: gan },
        { key: 'critic', label: 'WGAN-GP critic', experiment },
      ];
    },

    quickControls(host) {
      renderFields(host, [numberAt('generator.init.shift.0', 'μ, the fake mean', { min: 1, max: 6, step: 0.5 })]);
    },

    draw(runs) {
      latest = runs;
      const x = scaleLinear().domain(spec.snapshot.discriminatorGrid?.x.slice(0, 2) as [number, number]).range([0, box.width]);
      for (const key of ['gan', 'critic'] as const) {
        const run = runs.find((candidate) => candidate.key === key);
        const panel = panels[key];
        const snapshot = run?.snapshot;
        const mu = run ? fakeMeanOf(run.experiment) : 4;
        panelNote(panel, snapshot ? '' : idleNote);
        const grid = snapshot?.discriminatorGrid;
        const xs = grid?.x ?? new Float32Array();
        const y = key === 'gan' ? scaleLinear().domain([0, 1]).range([box.height, 0]) : scaleLinear().domain([-4, 4]).range([box.height, 0]);
        drawTitle(panel, key === 'gan' ? 'GAN discriminator D(x)' : 'Wasserstein critic f(x), shifted so that f(μ/2) = 0');
        drawAxes(panel, { x, y, xLabel: key === 'critic' ? 'x' : '', yLabel: key === 'gan' ? 'D(x)' : 'f(x)', xTicks: 12, yTicks: 4, grid: true });
        // Densities scaled to fill half the panel (their height only locates them).
        const densityScale = scaleLinear().domain([0, 0.8]).range([box.height, 0]);
        const layer = panel.layer('densities');
        drawArea(layer, 'real', xs, snapshot?.dataDensity?.density ?? [], { x, y: densityScale }, series.real);
        drawArea(layer, 'fake', xs, snapshot?.generatorDensityExact?.density ?? [], { x, y: densityScale }, series.generated);
        const lines = panel.layer('lines');
        if (key === 'gan') {
          drawLine(lines, 'exact', xs, Array.from(xs, (v) => 1 / (1 + Math.exp(mu * (v - mu / 2)))), { x, y }, series.reference);
          drawLine(lines, 'trained', xs, grid?.values ?? [], { x, y }, series.discriminator);
        } else {
          const values = grid?.values ?? new Float32Array();
          const offset = grid ? valueAt(grid.x, values, mu / 2) : 0;
          drawLine(lines, 'exact', xs, Array.from(xs, (v) => -(v - mu / 2)), { x, y }, series.reference);
          drawLine(lines, 'trained', xs, Array.from(values, (v) => v - offset), { x, y }, series.discriminator);
        }
      }
    },

    csv() {
      const gan = latest.find((run) => run.key === 'gan')?.snapshot?.discriminatorGrid;
      const critic = latest.find((run) => run.key === 'critic')?.snapshot?.discriminatorGrid;
      const xs = gan?.x ?? critic?.x ?? [];
      return toCsv(['x', 'gan_D', 'critic_f'], Array.from(xs, (value, i) => [value, gan?.values[i] ?? '', critic?.values[i] ?? '']));
    },

    svg: () => svg.node()!,

    readout() {
      const gan = latest.find((run) => run.key === 'gan');
      const critic = latest.find((run) => run.key === 'critic');
      if (!gan?.snapshot && !critic?.snapshot) return 'Not started yet.';
      const mu = fakeMeanOf((gan ?? critic)!.experiment);
      const exact = (mu * Math.exp(-mu * mu / 2)) / (1 + Math.exp(-mu * mu / 2));
      return (
        `At the fake mean x = ${formatNumber(mu, 2)}: the GAN generator's slope |d/dx log(1 − D)| is ${formatNumber(slopeAtFakeMean(gan?.snapshot, gan!.experiment), 3)} ` +
        `(optimum ${formatNumber(exact, 3)}) after ${gan?.step ?? 0} steps; the critic's slope |f′| is ${formatNumber(slopeAtFakeMean(critic?.snapshot, critic!.experiment), 3)} (optimum 1) after ${critic?.step ?? 0} steps.`
      );
    },
  };
};

/** The critic's value at x₀, interpolated linearly between grid points (to align it with the optimum). */
function valueAt(xs: ArrayLike<number>, values: ArrayLike<number>, x0: number): number {
  let i = 0;
  while (i < xs.length - 2 && xs[i + 1] < x0) i++;
  const t = (x0 - xs[i]) / (xs[i + 1] - xs[i]);
  return values[i] + t * (values[i + 1] - values[i]);
}
