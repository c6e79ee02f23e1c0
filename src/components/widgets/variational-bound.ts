/**
 * variational-bound (Figure 3.2): climbing the bound. P is a fixed 1-D mixture and Q a fixed
 * Gaussian (an affine generator with a known start, never trained); only the critic T = g_f(V)
 * trains, maximising F(T) = E_P[T] − E_Q[f*(T)] ≤ D_f(P‖Q). Top: p and q with the critic T(x) and
 * the optimal critic T*(x) = f′(p/q). Bottom: F(T) over training — by quadrature (exact for the
 * current critic) and as the trainer's minibatch estimate — rising towards the true D_f.
 */
import { scaleLinear } from 'd3';
import type { SnapshotRequest } from '../../engine/worker/protocol';
import {
  compactStep,
  thinned,
  createPanel,
  createSvg,
  drawAxes,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawTitle,
  keyed,
  legendBand,
  narrowBelow,
  type LegendItem,
  panelNote,
  toCsv,
} from '../plots';
import { series } from '../plots/palette';
import { architectureFieldsFor, numberAt, renderFields } from './controls';
import { createCriticChart, criticCsvCells, drawCriticSnapshot, runDivergence } from './critic-chart';
import { divergenceSymbol, valueWords } from './divergence-menu';
import { divergenceField } from './fgan-controls';
import type { RunView, WidgetFactory } from './types';

const margin = { left: 58, right: 58 };
const legendItems: LegendItem[] = [
  { kind: 'area', label: 'p (data)', className: series.real },
  { kind: 'area', label: 'q (fixed model)', className: series.generated },
  { kind: 'line', label: 'critic T(x), trained', className: series.discriminator },
  { kind: 'line', label: "T* = f′(p/q)", className: series.reference },
];
const traceLegendItems: LegendItem[] = [
  { kind: 'line', label: 'F(T) for the current critic', className: series.discriminator },
  { kind: 'line', label: 'minibatch estimate', className: 'sp-faint' },
  { kind: 'line', label: 'true D_{f}', className: 'sp-target-swatch' },
];

/** What this figure draws, whatever the registry entry asks for in addition. */
export function boundSnapshotRequest(base: SnapshotRequest): SnapshotRequest {
  return {
    ...base,
    discriminatorGrid: base.discriminatorGrid ?? { x: [-5, 5, 201] },
    critic: true,
    optimalCritic: true,
    criticBoundQuadrature: true,
    trueDivergence: true,
    generatorDensityExact: true,
  };
}

export const createVariationalBound: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // On a phone (a narrow width) the legends wrap, the trace's title takes two lines, and the
  // panels move down to make room.
  const narrow = width < narrowBelow;
  const innerWidth = width - margin.left - margin.right;
  const legend = legendBand(legendItems, width, { x: margin.left, y: 16 }, narrow);
  const traceLegend = legendBand(traceLegendItems, width, { x: margin.left, y: 0 }, narrow);
  const top = { top: 44 + legend.extra, height: 200 };
  const trace = { top: top.top + top.height + (narrow ? 96 : 74), height: 112 };
  const height = trace.top + trace.height + 64 + traceLegend.extra;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Top: the data density p, the fixed model density q, the trained critic T(x) and the optimal critic T*(x). ' +
      'Bottom: the variational bound F(T) over training, approaching the true divergence (a dashed line) from below.',
  });
  const grid = boundSnapshotRequest(spec.snapshot).discriminatorGrid!.x;
  const topPanel = createPanel(svg, { left: margin.left, top: top.top, width: innerWidth, height: top.height }, 'densities');
  const chart = createCriticChart(topPanel, [grid[0], grid[1]]);
  const tracePanel = createPanel(svg, { left: margin.left, top: trace.top, width: innerWidth, height: trace.height }, 'bound');
  tracePanel.layer('grid');
  const traceLines = tracePanel.layer('lines', { clip: true });
  tracePanel.layer('axes');

  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'legend', legendItems, legend.at, narrow ? legend.maxWidth : innerWidth);
  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'trace-legend',
    traceLegendItems,
    { x: traceLegend.at.x, y: height - 10 - traceLegend.extra },
    narrow ? traceLegend.maxWidth : innerWidth,
  );

  let latest: RunView | null = null;
  /** (step, F by quadrature) per snapshot since the last restart. */
  let history: Array<[number, number]> = [];
  let trueValue = Number.NaN;

  const currentBound = (): number => (history.length ? history[history.length - 1][1] : Number.NaN);

  return {
    snapshotRequest: () => boundSnapshotRequest(spec.snapshot),

    quickControls(host) {
      renderFields(host, [divergenceField(host.experiment)]);
    },

    controls(host) {
      const fixedQ = host.experiment.generator.init
        ? [
            numberAt('generator.init.shift.0', 'Q mean (fixed)'),
            numberAt('generator.init.scale.0', 'Q standard deviation (fixed)'),
          ]
        : [];
      renderFields(host, [
        ...fixedQ,
        numberAt('optimizers.discriminator.learningRate', 'Critic learning rate'),
        numberAt('training.batchSize'),
        ...architectureFieldsFor(['discriminator']),
      ]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      panelNote(topPanel, snapshot ? '' : idleNote);
      const divergence = drawCriticSnapshot(chart, run, { optimal: true });

      if (!snapshot) history = [];
      else {
        if (history.length && snapshot.step < history[history.length - 1][0]) history = [];
        const value = snapshot.criticBoundQuadrature;
        if (value !== undefined && Number.isFinite(value) && (!history.length || history[history.length - 1][0] !== snapshot.step)) {
          history.push([snapshot.step, value]);
        }
        if (snapshot.trueDivergence !== undefined) trueValue = snapshot.trueDivergence;
      }

      const steps = run?.experiment.training.steps ?? 1;
      const x = scaleLinear().domain([0, steps]).range([0, innerWidth]);
      const minibatch = thinned(run?.metrics ?? [], 600).map((entry) => [entry.step, -entry.discriminatorLoss] as [number, number]);
      // The axis shows the true value and the bound; an early critic can start far below 0.
      const values = [...history.map(([, value]) => value), ...minibatch.map(([, value]) => value)].filter(Number.isFinite);
      const targetTop = Number.isFinite(trueValue) ? trueValue : Math.max(0, ...values);
      const recent = history.slice(-Math.max(5, Math.floor(history.length / 2))).map(([, value]) => value);
      const low = Math.min(0, targetTop, ...recent, ...(recent.length ? [] : [-0.1]));
      const high = Math.max(targetTop * 1.12, 0.05, ...recent);
      const y = scaleLinear().domain([Math.max(low, targetTop - 4 * Math.max(0.25, Math.abs(targetTop))), high]).range([trace.height, 0]).nice(4);
      drawAxes(tracePanel, { x, y, xLabel: 'training step (only the critic trains)', yLabel: 'nats', xTicks: 6, yTicks: 4, xFormat: compactStep, grid: true });
      const symbol = divergenceSymbol(divergence.id);
      drawTitle(
        tracePanel,
        `Bound F(T) = E_{P}[T] − E_{Q}[f*(T)] for ${symbol}: ${valueWords(currentBound())}  ·  true value ${valueWords(trueValue)}`,
      );
      drawLine(traceLines, 'minibatch', minibatch.map(([step]) => step), minibatch.map(([, value]) => value), { x, y }, 'sp-faint');
      drawHorizontalRule(traceLines, 'target', Number.isFinite(trueValue) ? trueValue : Number.NaN, y, innerWidth, 'sp-target');
      drawLine(traceLines, 'bound', history.map(([step]) => step), history.map(([, value]) => value), { x, y }, series.discriminator);
      keyed(tracePanel.layer('axes'), 'text', 'infinite-note')
        .attr('class', 'sp-axis-caption')
        .attr('x', innerWidth)
        .attr('y', 10)
        .attr('text-anchor', 'end')
        .text(trueValue === Infinity ? `true ${symbol} = ∞: the bound can climb without limit` : '');
    },

    csv() {
      const snapshot = latest?.snapshot;
      const xs = snapshot?.discriminatorGrid?.x ?? new Float32Array();
      const rows: Array<Array<number | string>> = [];
      for (let i = 0; i < Math.max(xs.length, history.length); i++) {
        const inGrid = i < xs.length;
        const optimal = snapshot?.optimalCritic?.values[i];
        rows.push([
          ...criticCsvCells(snapshot, i),
          inGrid && optimal !== undefined && Number.isFinite(optimal) ? optimal : '',
          i < history.length ? history[i][0] : '',
          i < history.length ? history[i][1] : '',
        ]);
      }
      const header = ['x', 'data_density', 'model_density', 'critic', 'optimal_critic', 'step', 'bound_quadrature'];
      return `# true divergence (${snapshot?.divergence ?? ''}): ${Number.isFinite(trueValue) ? trueValue : trueValue === Infinity ? 'Infinity' : ''}\n${toCsv(header, rows)}`;
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const bound = currentBound();
      const sentences = [`Divergence: ${runDivergence(latest).name}.`];
      if (Number.isFinite(bound)) sentences.push(`Bound F(T) = ${valueWords(bound)}.`);
      if (!Number.isNaN(trueValue)) {
        sentences.push(`True value ${valueWords(trueValue)}${Number.isFinite(trueValue) && Number.isFinite(bound) ? `, gap ${valueWords(trueValue - bound)}` : ''}.`);
      }
      const estimate = latest.snapshot.criticBound;
      if (estimate) {
        sentences.push(`Monte-Carlo estimate from ${estimate.samples} samples: ${valueWords(estimate.value)} ± ${valueWords(estimate.standardError, 2)}.`);
      }
      return sentences.join(' ');
    },
  };
};

