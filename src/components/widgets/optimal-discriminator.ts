/**
 * optimal-discriminator: G is frozen (generatorSteps 0) and only D trains. D(x) is drawn against
 * the exact optimum D*(x) = p_data / (p_data + p_g) (Goodfellow et al., Prop. 1). With the registry's
 * affine generator p_g is an exact Gaussian read from the generator map, so D* is exact too; for
 * any other generator the histogram stands in. Beneath, the distance mean |D − D*| over training.
 */
import { scaleLinear } from 'd3';
import {
  createPanel,
  createSvg,
  drawAxes,
  drawLegend,
  drawTitle,
  drawLine,
  formatNumber,
  legendBand,
  narrowBelow,
  panelNote,
  type LegendItem,
  toCsv,
} from '../plots';
import { series } from '../plots/palette';
import { architectureFieldsFor, numberAt, optimizerOptions, renderFields, selectAt } from './controls';
import { lossText } from './loss-text';
import { createDensityChart, exactAffineDensity, meanDistanceToOptimal, optimalDiscriminator } from './one-dimensional';
import type { RunView, WidgetFactory } from './types';

const margin = { left: 58, right: 58 };
const legendItems: LegendItem[] = [
  { kind: 'area', label: 'p_{data}', className: series.real },
  { kind: 'area', label: 'p_{g} (frozen)', className: series.generated },
  { kind: 'line', label: 'D(x), trained', className: series.discriminator },
  { kind: 'line', label: 'D* = p_{data} / (p_{data} + p_{g})', className: series.reference },
];

export const createOptimalDiscriminator: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  const narrow = width < narrowBelow;
  // On a phone (a narrow width) the legend wraps and the panels move down to make room.
  const legend = legendBand(legendItems, width, { x: margin.left, y: 16 }, narrow);
  const density = { top: 44 + legend.extra, height: 200 };
  const trace = { top: density.top + density.height + (narrow ? 84 : 66), height: 72 };
  const height = 430 + legend.extra + (narrow ? 18 : 0);
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Top: data and generator densities, the trained discriminator D(x) and the optimal discriminator D*(x). ' +
      'Bottom: the mean distance between D and D* over training steps.',
  });
  const innerWidth = width - margin.left - margin.right;
  const grid = spec.snapshot.discriminatorGrid?.x ?? [-2, 7, 181];
  const densityPanel = createPanel(svg, { left: margin.left, top: density.top, width: innerWidth, height: density.height }, 'density');
  const chart = createDensityChart(densityPanel, [grid[0], grid[1]]);
  const tracePanel = createPanel(svg, { left: margin.left, top: trace.top, width: innerWidth, height: trace.height }, 'trace');
  tracePanel.layer('grid');
  const traceLines = tracePanel.layer('lines', { clip: true });
  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(legendLayer, 'legend', legendItems, legend.at, narrow ? legend.maxWidth : innerWidth);

  let latest: RunView | null = null;
  let generatorDensity: ArrayLike<number> | null = null;
  let optimal: Float64Array | null = null;
  let distance = Number.NaN;
  let exact = false;
  /** (step, mean |D − D*|) per snapshot seen since the last restart. */
  let history: Array<[number, number]> = [];

  return {
    controls(host) {
      renderFields(host, [
        numberAt('optimizers.discriminator.learningRate', 'D learning rate'),
        selectAt('optimizers.discriminator.kind', 'D optimiser', optimizerOptions),
        ...architectureFieldsFor(['discriminator']),
      ]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      panelNote(densityPanel, snapshot ? '' : idleNote);
      const xs = snapshot?.discriminatorGrid?.x ?? [];
      const dataDensity = snapshot?.dataDensity?.density;
      generatorDensity = null;
      optimal = null;
      distance = Number.NaN;
      if (snapshot && run) {
        const exactDensity = exactAffineDensity(run.experiment, snapshot, xs);
        exact = exactDensity !== null;
        generatorDensity = exactDensity ?? snapshot.generatorDensity?.density ?? null;
        const values = snapshot.discriminatorGrid?.values;
        if (dataDensity && generatorDensity && values) {
          optimal = optimalDiscriminator(dataDensity, generatorDensity);
          distance = meanDistanceToOptimal(values, optimal, dataDensity, generatorDensity);
        }
        // Restarted (step went back) → start a new trace.
        if (history.length && snapshot.step < history[history.length - 1][0]) history = [];
        if (Number.isFinite(distance) && (!history.length || history[history.length - 1][0] !== snapshot.step)) {
          history.push([snapshot.step, distance]);
        }
      } else {
        history = [];
      }
      chart.draw({
        xs,
        dataDensity,
        generatorDensity: generatorDensity ?? undefined,
        discriminator: snapshot?.discriminatorGrid?.values,
        optimal: optimal ?? undefined,
        generatorExact: exact,
      });

      const steps = run?.experiment.training.steps ?? 1;
      const x = scaleLinear().domain([0, steps]).range([0, innerWidth]);
      const peak = history.reduce((max, [, value]) => Math.max(max, value), 0);
      const y = scaleLinear().domain([0, Math.max(0.05, peak * 1.1)]).range([trace.height, 0]).nice();
      drawAxes(tracePanel, {
        x,
        y,
        xLabel: 'training step (only D trains)',
        yTicks: 3,
        xTicks: 6,
        grid: true,
      });
      drawTitle(tracePanel, 'Mean |D − D*| over training, weighted by (p_{data} + p_{g}) / 2');
      drawLine(
        traceLines,
        'distance',
        history.map(([step]) => step),
        history.map(([, value]) => value),
        { x, y },
        series.discriminator,
      );
    },

    csv() {
      const snapshot = latest?.snapshot;
      const xs = snapshot?.discriminatorGrid?.x ?? new Float32Array();
      const rows: Array<Array<number | string>> = [];
      // Two tables side by side: the curves on the x grid, and the distance trace by step.
      for (let i = 0; i < Math.max(xs.length, history.length); i++) {
        const inGrid = i < xs.length;
        rows.push([
          inGrid ? xs[i] : '',
          inGrid ? (snapshot?.dataDensity?.density[i] ?? '') : '',
          inGrid ? (generatorDensity?.[i] ?? '') : '',
          inGrid ? (snapshot?.discriminatorGrid?.values[i] ?? '') : '',
          inGrid && optimal && Number.isFinite(optimal[i]) ? optimal[i] : '',
          i < history.length ? history[i][0] : '',
          i < history.length ? history[i][1] : '',
        ]);
      }
      return toCsv(
        [
          'x',
          'data_density',
          exact ? 'generator_density_exact' : 'generator_density_histogram',
          'discriminator',
          'optimal_discriminator',
          'step',
          'mean_abs_discriminator_minus_optimal',
        ],
        rows,
      );
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const sentences: string[] = [];
      if (Number.isFinite(distance)) {
        sentences.push(`Mean |D − D*| = ${formatNumber(distance)} (weighted by where data and generator have mass).`);
      }
      sentences.push(lossText(latest.metrics));
      return sentences.filter(Boolean).join(' ');
    },
  };
};
