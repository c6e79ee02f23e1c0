/**
 * fgan-gaussian-fit (Figure 4.1): f-GAN's first experiment. A single Gaussian (an affine generator
 * of normal noise, so Q is exactly N(μ, s²)) is fitted to a two-bump mixture with the divergence of
 * the reader's choice. Top: the target p, the fitted Gaussian q (exact), the critic T(x) and its
 * threshold f′(1). Bottom: the fitted mean μ and standard deviation s over training, with the
 * mixture's modes and widths (read from the experiment) as reference lines.
 */
import { scaleLinear } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import type { SnapshotRequest } from '../../engine/worker/protocol';
import {
  compactStep,
  createPanel,
  createSvg,
  drawAxes,
  drawLegend,
  drawLine,
  drawSegments,
  drawTitle,
  keyed,
  legendBand,
  narrowBelow,
  type LegendItem,
  panelNote,
  toCsv,
  type Panel,
} from '../plots';
import { series } from '../plots/palette';
import { discriminatorStepsField, learningRateFields, numberAt, renderFields } from './controls';
import { createCriticChart, criticCsvCells, drawCriticSnapshot, runDivergence } from './critic-chart';
import { valueWords } from './divergence-menu';
import { divergenceField, generatorLossField } from './fgan-controls';
import { mixtureMoments } from './one-dimensional';
import type { RunView, WidgetFactory } from './types';

const margin = { left: 58, right: 58 };
const legendItems: LegendItem[] = [
  { kind: 'area', label: 'target p (two bumps)', className: series.real },
  { kind: 'area', label: 'fitted Gaussian q', className: series.generated },
  { kind: 'line', label: 'critic T(x)', className: series.discriminator },
];

export function fitSnapshotRequest(base: SnapshotRequest): SnapshotRequest {
  return {
    ...base,
    discriminatorGrid: base.discriminatorGrid ?? { x: [-6, 6, 241] },
    critic: true,
    generatorDensityExact: true,
  };
}

/** The data's component means and widths, and the width of a single Gaussian matching its moments. */
function references(experiment: Experiment): { means: number[]; widths: number[]; coveringStd: number | null } {
  if (experiment.data.kind !== 'mixture-1d') return { means: [], widths: [], coveringStd: null };
  const components = experiment.data.components;
  return {
    means: components.map((component) => component.mean),
    widths: [...new Set(components.map((component) => component.std))],
    coveringStd: mixtureMoments(experiment)?.std ?? null,
  };
}

export const createFganGaussianFit: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // The two traces sit side by side at the design width; on a phone (a narrow width) one above the other.
  const narrow = width < narrowBelow;
  const innerWidth = width - margin.left - margin.right;
  const legend = legendBand(legendItems, width, { x: margin.left, y: 16 }, narrow);
  const top = { top: 44 + legend.extra, height: 196 };
  const traces = { top: top.top + top.height + 76, height: 104 };
  const traceWidth = narrow ? innerWidth : (innerWidth - 60) / 2;
  const stdPlace = narrow ? { left: margin.left, top: traces.top + traces.height + 76 } : { left: margin.left + traceWidth + 60, top: traces.top };
  const height = stdPlace.top + traces.height + 60;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Top: the two-bump target density, the fitted Gaussian, and the critic T(x) with its threshold f′(1). ' +
      'Bottom: the fitted mean and standard deviation over training.',
  });
  const grid = fitSnapshotRequest(spec.snapshot).discriminatorGrid!.x;
  const topPanel = createPanel(svg, { left: margin.left, top: top.top, width: innerWidth, height: top.height }, 'densities');
  const chart = createCriticChart(topPanel, [grid[0], grid[1]]);
  const meanPanel = createPanel(svg, { left: margin.left, top: traces.top, width: traceWidth, height: traces.height }, 'mean');
  const stdPanel = createPanel(svg, { left: stdPlace.left, top: stdPlace.top, width: traceWidth, height: traces.height }, 'std');
  for (const panel of [meanPanel, stdPanel]) {
    panel.layer('grid');
    panel.layer('lines', { clip: true });
    panel.layer('axes');
  }
  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'legend', legendItems, legend.at, narrow ? legend.maxWidth : innerWidth);

  let latest: RunView | null = null;
  /** (step, mean, std) of the fitted Gaussian per snapshot since the last restart. */
  let history: Array<[number, number, number]> = [];

  function drawTrace(panel: Panel, steps: number, column: 1 | 2, domain: [number, number], marks: Array<{ value: number; label: string }>, title: string): void {
    const x = scaleLinear().domain([0, steps]).range([0, traceWidth]);
    const y = scaleLinear().domain(domain).range([traces.height, 0]).nice(4);
    drawAxes(panel, { x, y, xLabel: 'training step', xTicks: 4, yTicks: 4, xFormat: compactStep, grid: true, yLabelOffset: 36 });
    drawTitle(panel, title);
    const lines = panel.layer('lines');
    drawSegments(
      lines,
      'references',
      marks.map(({ value }) => [0, y(value), traceWidth, y(value)] as [number, number, number, number]),
      'sp-reference-guide',
    );
    keyed(panel.layer('axes'), 'g', 'reference-labels')
      .selectAll('text')
      .data(marks)
      .join('text')
      .attr('class', 'sp-axis-caption')
      .attr('x', traceWidth - 3)
      .attr('y', (mark) => y(mark.value) - 3)
      .attr('text-anchor', 'end')
      .text((mark) => mark.label);
    drawLine(lines, 'trace', history.map((entry) => entry[0]), history.map((entry) => entry[column]), { x, y }, series.generated);
  }

  return {
    snapshotRequest: () => fitSnapshotRequest(spec.snapshot),

    quickControls(host) {
      renderFields(host, [divergenceField(host.experiment), generatorLossField()]);
    },

    controls(host) {
      const start = host.experiment.generator.init
        ? [
            numberAt('generator.init.shift.0', 'Starting mean'),
            numberAt('generator.init.scale.0', 'Starting standard deviation'),
          ]
        : [];
      renderFields(host, [...start, discriminatorStepsField(), ...learningRateFields()]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      panelNote(topPanel, snapshot ? '' : idleNote);
      drawCriticSnapshot(chart, run);

      if (!snapshot) history = [];
      else {
        if (history.length && snapshot.step < history[history.length - 1][0]) history = [];
        const fit = snapshot.generatorGaussian;
        if (fit && (!history.length || history[history.length - 1][0] !== snapshot.step)) history.push([snapshot.step, fit.mean, fit.std]);
      }
      const steps = run?.experiment.training.steps ?? 1;
      const refs = run ? references(run.experiment) : { means: [], widths: [], coveringStd: null };
      const means = history.map((entry) => entry[1]);
      const stds = history.map((entry) => entry[2]);
      const meanExtent = Math.max(3, ...refs.means.map(Math.abs), ...means.map(Math.abs).filter(Number.isFinite)) * 1.05;
      drawTrace(
        meanPanel,
        steps,
        1,
        [-meanExtent, meanExtent],
        refs.means.map((value) => ({ value, label: `mode ${valueWords(value, 3)}` })),
        'Fitted mean μ',
      );
      const stdTop = Math.max(2.6, (refs.coveringStd ?? 0) * 1.2, ...stds.filter(Number.isFinite).map((value) => value * 1.1));
      drawTrace(
        stdPanel,
        steps,
        2,
        [0, stdTop],
        [
          ...refs.widths.map((value) => ({ value, label: `one bump: ${valueWords(value, 3)}` })),
          ...(refs.coveringStd ? [{ value: refs.coveringStd, label: `both bumps: ${valueWords(refs.coveringStd, 3)}` }] : []),
        ],
        'Fitted standard deviation s',
      );
    },

    csv() {
      const snapshot = latest?.snapshot;
      const xs = snapshot?.discriminatorGrid?.x ?? new Float32Array();
      const rows: Array<Array<number | string>> = [];
      for (let i = 0; i < Math.max(xs.length, history.length); i++) {
        rows.push([
          ...criticCsvCells(snapshot, i),
          i < history.length ? history[i][0] : '',
          i < history.length ? history[i][1] : '',
          i < history.length ? history[i][2] : '',
        ]);
      }
      return toCsv(['x', 'data_density', 'fitted_density', 'critic', 'step', 'fitted_mean', 'fitted_std'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const experiment = latest.experiment;
      const loss = experiment.objective.kind === 'f-gan' ? experiment.objective.generatorLoss : '';
      const fit = latest.snapshot.generatorGaussian;
      const sentences = [`${runDivergence(latest).name}, ${loss} generator loss.`];
      if (fit) sentences.push(`Fitted Gaussian: mean ${valueWords(fit.mean, 3)}, standard deviation ${valueWords(fit.std, 3)}.`);
      const divergenceNow = latest.snapshot.trueDivergence;
      if (divergenceNow !== undefined) sentences.push(`Its divergence from the target: ${valueWords(divergenceNow)}.`);
      const last = latest.metrics[latest.metrics.length - 1];
      if (last) sentences.push(`Critic's bound on this minibatch ${valueWords(-last.discriminatorLoss, 3)}.`);
      return sentences.join(' ');
    },
  };
};
