/**
 * mine-bound-climb (Figure 8.1): one MINE estimator trained live on correlated Gaussians (d = 1).
 * Top: the bound over training — each step's minibatch value (noisy) and the estimate on a fixed
 * evaluation set with its standard error — against the true I. Bottom: the learned statistic T(x, z)
 * along three slices x = −1.5, 0, 1.5, against the optimal statistic T* = log p(x, z)/(p(x)p(z)).
 * The Donsker–Varadhan bound does not change when a constant is added to T, and the f-divergence
 * bound's optimum is T* + 1, so T is drawn shifted by the constant that best matches T* on the
 * central square |x|, |z| ≤ 1.5 (the shift is printed).
 * The quick toggles change the experiment: the bound, the moving-average correction and how the
 * marginal batch is made.
 */
import { scaleLinear } from 'd3';
import type { MineExperiment } from '../../engine/kinds/mine/schema';
import {
  compactStep,
  thinned,
  createPanel,
  createSvg,
  drawAxes,
  drawBand,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawTitle,
  legendBand,
  narrowBelow,
  panelNote,
  toCsv,
  type LegendItem,
} from '../plots';
import { series } from '../plots/palette';
import { renderFields, type Field } from './controls';
import { numberField } from './mine-sweep';
import type { RunView, WidgetFactory } from './types';

const margin = { left: 58, right: 20 };
/** The x values of the three slices (on the registry's grid: −3…3 in steps of 0.15). */
const sliceXs = [-1.5, 0, 1.5] as const;
const sliceClasses = [series.generated, series.discriminator, series.real] as const;
const traceLegendItems: LegendItem[] = [
  { kind: 'line', label: 'minibatch bound (each step)', className: 'sp-faint' },
  { kind: 'line', label: 'estimate on 4000 fresh pairs', className: series.discriminator },
  { kind: 'line', label: 'true I', className: 'sp-target-swatch' },
];
const sliceLegendItems: LegendItem[] = [
  ...sliceXs.map((x, i) => ({ kind: 'line' as const, label: `T(${x}, z) + c`, className: sliceClasses[i] })),
  { kind: 'line', label: 'T* (same x)', className: series.reference },
];
/** How far from the centre the shift of T is fitted (where the samples are). */
const FIT_HALF_WIDTH = 1.5;

/** The constant c minimising Σ (T + c − T*)² over the grid points with |x|, |z| ≤ limit: the mean of T* − T there. */
export function alignmentShift(grid: { x: ArrayLike<number>; z: ArrayLike<number>; values: ArrayLike<number>; optimal?: ArrayLike<number> }, limit = FIT_HALF_WIDTH): number {
  if (!grid.optimal) return 0;
  let sum = 0;
  let count = 0;
  for (let iz = 0; iz < grid.z.length; iz++) {
    for (let ix = 0; ix < grid.x.length; ix++) {
      if (Math.abs(grid.x[ix]) > limit || Math.abs(grid.z[iz]) > limit) continue;
      const k = iz * grid.x.length + ix;
      const difference = grid.optimal[k] - grid.values[k];
      if (Number.isFinite(difference)) {
        sum += difference;
        count++;
      }
    }
  }
  return count ? sum / count : 0;
}

const boundWords = (experiment: MineExperiment) => (experiment.bound === 'f-divergence' ? 'MINE-f bound' : 'Donsker–Varadhan bound');

export const createMineBoundClimb: WidgetFactory<MineExperiment> = ({ plot, spec, idleNote, width = 640 }) => {
  // On a phone (a narrow width) the legends wrap, the titles take two lines, and the panels move down.
  const narrow = width < narrowBelow;
  const innerWidth = width - margin.left - margin.right;
  const traceLegend = legendBand(traceLegendItems, width, { x: margin.left, y: 14 }, narrow);
  const sliceLegend = legendBand(sliceLegendItems, width, { x: margin.left, y: 0 }, narrow);
  const titleLine = narrow ? 15 : 0;
  const trace = { top: 56 + traceLegend.extra + titleLine, height: 170 };
  const slices = { top: trace.top + trace.height + 96 + titleLine, height: 170 };
  const height = slices.top + slices.height + 68 + sliceLegend.extra;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Top: the lower bound on the mutual information over training steps, as a noisy minibatch value and as an estimate on a fixed evaluation set, ' +
      'rising towards the true value (a dashed line). Bottom: the learned statistic T(x, z) as a function of z for three values of x, ' +
      'shifted by a constant, beside the optimal statistic T* (dash-dot lines).',
  });
  const tracePanel = createPanel(svg, { left: margin.left, top: trace.top, width: innerWidth, height: trace.height }, 'bound');
  tracePanel.layer('grid');
  const traceLines = tracePanel.layer('lines', { clip: true });
  tracePanel.layer('axes');
  const slicePanel = createPanel(svg, { left: margin.left, top: slices.top, width: innerWidth, height: slices.height }, 'statistic');
  slicePanel.layer('grid');
  const sliceLines = slicePanel.layer('lines', { clip: true });
  slicePanel.layer('axes');

  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'trace-legend', traceLegendItems, traceLegend.at, narrow ? traceLegend.maxWidth : innerWidth);
  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'slice-legend',
    sliceLegendItems,
    { x: sliceLegend.at.x, y: height - 12 - sliceLegend.extra },
    narrow ? sliceLegend.maxWidth : innerWidth,
  );

  let latest: RunView<MineExperiment> | null = null;
  /** (step, estimate, standard error) per snapshot since the last restart. */
  let history: Array<[number, number, number]> = [];
  let truth = Number.NaN;
  let shift = 0;

  const toggles = (): Field[] => [
    {
      type: 'select',
      paths: ['bound'],
      label: 'Bound',
      options: [
        { value: 'donsker-varadhan', label: 'Donsker–Varadhan (MINE)' },
        { value: 'f-divergence', label: 'f-divergence (MINE-f)' },
      ],
      get: (experiment) => (experiment as unknown as MineExperiment).bound,
      set: (draft, value) => ((draft as unknown as MineExperiment).bound = value as MineExperiment['bound']),
    },
    {
      type: 'select',
      paths: ['movingAverage'],
      label: 'Gradient (DV only)',
      options: [
        { value: 'average', label: 'moving-average correction (rate 0.01)' },
        { value: 'plain', label: 'plain minibatch gradient' },
      ],
      get: (experiment) => ((experiment as unknown as MineExperiment).movingAverage === null ? 'plain' : 'average'),
      set: (draft, value) => ((draft as unknown as MineExperiment).movingAverage = value === 'plain' ? null : 0.01),
    },
    {
      type: 'select',
      paths: ['marginals'],
      label: 'Marginal batch',
      options: [
        { value: 'independent', label: 'fresh z (independent)' },
        { value: 'shuffled', label: 'the batch’s own z, shuffled' },
      ],
      get: (experiment) => (experiment as unknown as MineExperiment).marginals,
      set: (draft, value) => ((draft as unknown as MineExperiment).marginals = value as MineExperiment['marginals']),
    },
  ];

  return {
    frameMs: 100,

    quickControls(host) {
      renderFields(host as unknown as Parameters<typeof renderFields>[0], toggles());
    },

    controls(host) {
      renderFields(host as unknown as Parameters<typeof renderFields>[0], [
        numberField('data.rho', 'Correlation ρ', -0.999, 0.999, 'any'),
        numberField('optimizer.learningRate', 'Learning rate (Adam)', 1e-5, 1, 'any'),
        numberField('training.batchSize', 'Batch size (joint pairs)', 2, 4096, 1),
        numberField('training.steps', 'Steps', 1, 100000, 1),
      ]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      panelNote(tracePanel, snapshot ? '' : idleNote);
      panelNote(slicePanel, snapshot ? '' : idleNote);
      if (!snapshot) history = [];
      else {
        if (history.length && snapshot.step < history[history.length - 1][0]) history = [];
        const estimate = snapshot.miEstimate;
        if (estimate && Number.isFinite(estimate.value) && (!history.length || history[history.length - 1][0] !== snapshot.step)) {
          history.push([snapshot.step, estimate.value, estimate.standardError]);
        }
        if (snapshot.miTrue !== undefined) truth = snapshot.miTrue;
      }
      const experiment = run?.experiment ?? (spec.experiment as MineExperiment);

      // ── The bound over training ──
      const steps = experiment.training.steps;
      const x = scaleLinear().domain([0, steps]).range([0, innerWidth]);
      const minibatch = thinned(run?.metrics ?? [], 600).map((entry) => [entry.step, entry.bound as number] as [number, number]);
      const top = Math.max(0.1, Number.isFinite(truth) ? truth * 1.5 : 0, ...history.map(([, value, error]) => value + 2 * error));
      const y = scaleLinear().domain([Math.min(0, ...history.slice(-5).map(([, value]) => value)), top]).range([trace.height, 0]).nice(4);
      drawAxes(tracePanel, { x, y, xLabel: 'training step', yLabel: 'nats', xTicks: 6, yTicks: 4, xFormat: compactStep, grid: true });
      const current = history.length ? history[history.length - 1] : null;
      drawTitle(
        tracePanel,
        `${boundWords(experiment)}: ${current ? `${current[1].toFixed(3)} ± ${current[2].toFixed(3)}` : '–'}  ·  true I = ${Number.isFinite(truth) ? truth.toFixed(3) : '–'}`,
      );
      drawLine(traceLines, 'minibatch', minibatch.map(([step]) => step), minibatch.map(([, value]) => value), { x, y }, 'sp-faint');
      drawBand(traceLines, 'band', history.map(([step]) => step), history.map(([, value, error]) => value - 2 * error), history.map(([, value, error]) => value + 2 * error), { x, y }, 'sp-band');
      drawLine(traceLines, 'estimate', history.map(([step]) => step), history.map(([, value]) => value), { x, y }, series.discriminator);
      drawHorizontalRule(traceLines, 'truth', truth, y, innerWidth, 'sp-target');

      // ── The statistic along three slices ──
      const grid = snapshot?.statisticsGrid;
      const zScale = scaleLinear().domain([-3, 3]).range([0, innerWidth]);
      shift = grid ? alignmentShift(grid) : 0;
      const sliceValues: Array<{ learned: number[]; optimal: number[] }> = sliceXs.map((sliceX) => {
        if (!grid) return { learned: [], optimal: [] };
        let ix = 0;
        for (let i = 1; i < grid.x.length; i++) if (Math.abs(grid.x[i] - sliceX) < Math.abs(grid.x[ix] - sliceX)) ix = i;
        const learned: number[] = [];
        const optimal: number[] = [];
        for (let iz = 0; iz < grid.z.length; iz++) {
          const k = iz * grid.x.length + ix;
          learned.push(grid.values[k] + shift);
          optimal.push(grid.optimal ? grid.optimal[k] : Number.NaN);
        }
        return { learned, optimal };
      });
      const zs = grid ? Array.from(grid.z) : [];
      const finiteOptimal = sliceValues.flatMap((slice) => slice.optimal).filter(Number.isFinite);
      const low = Math.max(-6, Math.min(-1, ...finiteOptimal));
      const high = Math.min(4, Math.max(1, ...finiteOptimal));
      const yT = scaleLinear().domain([low, high]).range([slices.height, 0]).nice(4);
      drawAxes(slicePanel, { x: zScale, y: yT, xLabel: 'z', yLabel: 'statistic', xTicks: 6, yTicks: 4, grid: true });
      drawTitle(slicePanel, grid ? `Learned T + c (c = ${shift.toFixed(2)}) against T* = log p(x, z)/(p(x)p(z))` : 'Learned T against T*');
      sliceValues.forEach((slice, i) => {
        drawLine(sliceLines, `optimal-${i}`, zs, slice.optimal, { x: zScale, y: yT }, series.reference);
        drawLine(sliceLines, `learned-${i}`, zs, slice.learned, { x: zScale, y: yT }, sliceClasses[i]);
      });
    },

    csv() {
      const grid = latest?.snapshot?.statisticsGrid;
      const rows: Array<Array<number | string>> = [];
      if (grid) {
        for (let iz = 0; iz < grid.z.length; iz++) {
          for (let ix = 0; ix < grid.x.length; ix++) {
            const k = iz * grid.x.length + ix;
            rows.push(['grid', '', '', '', grid.x[ix], grid.z[iz], grid.values[k], grid.optimal?.[k] ?? '']);
          }
        }
      }
      for (const [step, value, error] of history) rows.push(['estimate', step, value, error, '', '', '', '']);
      return `# true I: ${Number.isFinite(truth) ? truth : ''}\n${toCsv(['row', 'step', 'estimate', 'standard_error', 'x', 'z', 'T', 'T_optimal'], rows)}`;
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const current = history.length ? history[history.length - 1] : null;
      const experiment = latest.experiment;
      const sentences = [`Step ${latest.step}: ${boundWords(experiment)}${experiment.bound === 'donsker-varadhan' ? (experiment.movingAverage === null ? ', plain minibatch gradient' : ', moving-average correction') : ''}, ${experiment.marginals === 'shuffled' ? 'shuffled' : 'fresh'} marginal z.`];
      if (current) sentences.push(`Estimate ${current[1].toFixed(3)} ± ${current[2].toFixed(3)} nats; true I = ${truth.toFixed(3)} nats.`);
      const estimate = latest.snapshot.miEstimate;
      if (estimate) sentences.push(`At this T the Donsker–Varadhan bound is ${estimate.donskerVaradhan.toFixed(3)} and the f-divergence bound ${estimate.fDivergence.toFixed(3)}.`);
      return sentences.join(' ');
    },
  };
};
