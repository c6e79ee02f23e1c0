/**
 * mine-gan (Chapter 8): MINE against mode collapse (Belghazi et al. 2018, §5.1). The same GAN with a
 * code c fed to its generator, trained twice from one seed: without the MINE term (β = 0: T is still
 * trained, so it measures the information the plain generator keeps, but the generator is not
 * rewarded for it) and with it (the experiment's β). Per run: generated and real samples on the
 * plane with the mode markers (solid when captured); beneath, modes captured over training for both
 * runs and both runs' estimates Î(G(z, c); c) against the ceiling log K.
 */
import { scaleLinear } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import type { StepMetrics } from '../../engine/types';
import {
  compactStep,
  createPanel,
  createSvg,
  designWidth,
  drawAxes,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawSymbols,
  drawTitle,
  formatNumber,
  keyed,
  legendBand,
  narrowBelow,
  panelNote,
  thinned,
  toCsv,
  type LegendItem,
  type Panel,
} from '../plots';
import { series } from '../plots/palette';
import { architectureFields, learningRateFields, numberAt, renderFields } from './controls';
import { drawModeMarkers, modeMeans } from './plane-shared';
import type { RunSpec, RunView, WidgetFactory } from './types';

const columns = [
  { key: 'plain', title: 'GAN (β = 0)' },
  { key: 'mine', title: 'GAN + MINE' },
] as const;
const runLegend: LegendItem[] = [
  { kind: 'line', label: 'GAN (β = 0)', className: series.discriminator },
  { kind: 'line', label: 'GAN + MINE', className: series.generated },
  { kind: 'line', label: 'log K', className: series.reference },
];

/**
 * The two planes side by side above the two charts at the design width; on a phone (a narrow
 * width) everything one above the other.
 */
function layoutFor(width: number) {
  if (width >= narrowBelow) {
    const chart = { top: 372, width: 250, height: 110 };
    return {
      planeSize: 250,
      planes: [{ left: 56, top: 58 }, { left: 366, top: 58 }],
      coverageBox: { ...chart, left: 56 },
      informationBox: { ...chart, left: 366 },
      runLegend: legendBand(runLegend, width, { x: 56, y: chart.top + chart.height + 44 }, false),
      runLegendWidth: 366 + 250 - 56,
    };
  }
  const planeSize = Math.min(250, width - 56 - 16);
  const planes = [{ left: 56, top: 58 }, { left: 56, top: 58 + planeSize + 60 }];
  const chartWidth = width - 56 - 16;
  const coverageBox = { top: planes[1].top + planeSize + 60, left: 56, width: chartWidth, height: 110 };
  const informationBox = { ...coverageBox, top: coverageBox.top + coverageBox.height + 70 };
  const legend = legendBand(runLegend, width, { x: 56, y: informationBox.top + informationBox.height + 44 }, true);
  return { planeSize, planes, coverageBox, informationBox, runLegend: legend, runLegendWidth: legend.maxWidth };
}

/** Steps averaged for the Î readout: the per-batch estimate is noisy. */
const informationWindow = 50;

/** The MINE weight of the "with" run: the experiment's, or 1 if it is 0 or absent. */
function withWeight(experiment: Experiment): number {
  const weight = experiment.mine?.weight ?? 0;
  return weight > 0 ? weight : 1;
}

/** The mean of the last `informationWindow` per-batch estimates of I(G(z, c); c) (NaN before any). */
export function recentInformation(metrics: readonly StepMetrics[]): number {
  const recent = metrics.slice(-informationWindow).map((record) => record.codeInformation ?? Number.NaN).filter(Number.isFinite);
  return recent.length ? recent.reduce((sum, value) => sum + value, 0) / recent.length : Number.NaN;
}

interface ColumnParts {
  plane: Panel;
  /** (step, modes captured) per snapshot since the last restart. */
  trace: Array<[number, number]>;
}

export const createMineGan: WidgetFactory = ({ plot, spec, idleNote, width = designWidth }) => {
  const { planeSize, planes, coverageBox, informationBox, runLegend: runLegendBand, runLegendWidth } = layoutFor(width);
  const narrow = width < narrowBelow;
  const height = runLegendBand.at.y + runLegendBand.extra + 34;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Two runs of the same GAN with a code fed to its generator, without and with the MINE reward for information between the code and the sample. ' +
      'For each: generated samples as crosses and real samples as dots over the grid of modes. Below: modes captured over training by both runs, ' +
      'and both runs\u2019 estimates of the information between code and sample against its ceiling log K.',
  });
  const x = scaleLinear().range([0, planeSize]);
  const y = scaleLinear().range([planeSize, 0]);

  const parts: Record<string, ColumnParts> = {};
  columns.forEach((column, index) => {
    const plane = createPanel(svg, { ...planes[index], width: planeSize, height: planeSize }, `plane-${column.key}`);
    plane.layer('grid');
    plane.layer('marks', { clip: true });
    keyed(plane.layer('axes'), 'rect', 'frame').attr('class', 'sp-frame').attr('width', planeSize).attr('height', planeSize);
    parts[column.key] = { plane, trace: [] };
  });
  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'legend-points',
    [
      { kind: 'symbol', label: 'real data', className: series.real, shape: 'circle' },
      { kind: 'symbol', label: 'generated G(z, c)', className: series.generated, shape: 'cross' },
    ],
    { x: narrow ? 12 : planes[0].left, y: 16 },
    narrow ? width - 20 : Infinity,
  );
  const coverage = createPanel(svg, { left: coverageBox.left, top: coverageBox.top, width: coverageBox.width, height: coverageBox.height }, 'coverage');
  coverage.layer('grid');
  const coverageLines = coverage.layer('lines', { clip: true });
  const information = createPanel(svg, { left: informationBox.left, top: informationBox.top, width: informationBox.width, height: informationBox.height }, 'information');
  information.layer('grid');
  const informationLines = information.layer('lines', { clip: true });
  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'legend-runs',
    runLegend,
    runLegendBand.at,
    runLegendWidth,
  );

  let latest: readonly RunView[] = [];

  return {
    frameMs: 100,
    runs(experiment: Experiment): RunSpec[] {
      return columns.map((column) => {
        const copy = structuredClone(experiment);
        if (copy.mine) copy.mine.weight = column.key === 'mine' ? withWeight(experiment) : 0;
        return { key: column.key, label: column.title, experiment: copy };
      });
    },
    quickControls(host) {
      if (host.experiment.mine) renderFields(host, [numberAt('mine.weight'), numberAt('mine.codeSize')]);
    },
    controls(host) {
      renderFields(host, [...learningRateFields(), ...architectureFields()]);
    },

    draw(runs) {
      latest = runs;
      // The plane: the modes with a margin of one and a half spacings (or units) around them.
      const allMeans = runs[0] ? modeMeans(runs[0].experiment) : [];
      const reach = Math.max(1, ...allMeans.flat().map(Math.abs));
      const margin = runs[0]?.experiment.data.kind === 'grid' ? runs[0].experiment.data.spacing * 0.75 : 1;
      x.domain([-(reach + margin), reach + margin]);
      y.domain([-(reach + margin), reach + margin]);
      for (const column of columns) {
        const run = runs.find((r) => r.key === column.key);
        const part = parts[column.key];
        const snapshot = run?.snapshot;
        panelNote(part.plane, snapshot ? '' : column.key === 'plain' ? idleNote : '');
        drawAxes(part.plane, { x, y, xTicks: 5, yTicks: 5, grid: true });
        drawModeMarkers(part.plane.layer('marks'), run?.experiment, snapshot?.modeCoverage?.counts ?? [], { x, y }, 8);
        const empty = new Float32Array();
        drawSymbols(part.plane.layer('marks'), 'generated', snapshot?.samples ?? empty, { x, y }, { shape: 'cross', radius: 2.4, className: series.generated, canvas: true });
        drawSymbols(part.plane.layer('marks'), 'real', snapshot?.realSamples ?? empty, { x, y }, { shape: 'circle', radius: 2.2, className: series.real, canvas: true });
        const modes = snapshot?.modeCoverage;
        drawTitle(part.plane, `${column.title}: ${modes ? `${modes.modesCaptured} of ${modes.modeCount} modes` : 'waiting'}`);

        if (!snapshot) part.trace = [];
        else {
          if (part.trace.length && snapshot.step < part.trace[part.trace.length - 1][0]) part.trace = [];
          if (modes && (!part.trace.length || part.trace[part.trace.length - 1][0] !== snapshot.step)) part.trace.push([snapshot.step, modes.modesCaptured]);
        }
      }

      const steps = runs[0]?.experiment.training.steps ?? 1;
      const modeCount = runs[0] ? modeMeans(runs[0].experiment).length : 25;
      const stepScale = scaleLinear().domain([0, steps]).range([0, coverageBox.width]);
      const modeScale = scaleLinear().domain([0, modeCount]).range([coverageBox.height, 0]);
      drawAxes(coverage, { x: stepScale, y: modeScale, xLabel: 'training step', xTicks: 4, yTicks: 5, grid: true, xFormat: compactStep });
      drawTitle(coverage, 'Modes captured');
      for (const column of columns) {
        const trace = parts[column.key].trace;
        drawLine(coverageLines, column.key, trace.map(([s]) => s), trace.map(([, m]) => m), { x: stepScale, y: modeScale }, column.key === 'mine' ? series.generated : series.discriminator);
      }

      const codeSize = runs[0]?.experiment.mine?.codeSize ?? 2;
      const ceiling = Math.log(codeSize);
      const informationScale = scaleLinear().domain([0, ceiling * 1.15]).range([informationBox.height, 0]);
      const informationSteps = scaleLinear().domain([0, steps]).range([0, informationBox.width]);
      drawAxes(information, { x: informationSteps, y: informationScale, xLabel: 'training step', xTicks: 4, yTicks: 4, grid: true, xFormat: compactStep });
      drawTitle(information, 'Î(G(z, c); c), nats');
      drawHorizontalRule(informationLines, 'ceiling', ceiling, informationScale, informationBox.width, series.reference);
      for (const column of columns) {
        const metrics = thinned(runs.find((r) => r.key === column.key)?.metrics ?? [], 400);
        drawLine(
          informationLines,
          column.key,
          metrics.map((m) => m.step),
          metrics.map((m) => m.codeInformation ?? Number.NaN),
          { x: informationSteps, y: informationScale },
          column.key === 'mine' ? series.generated : series.discriminator,
        );
      }
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const column of columns) {
        const run = latest.find((r) => r.key === column.key);
        const samples = run?.snapshot?.samples;
        if (samples) for (let i = 0; i + 1 < samples.length; i += 2) rows.push([column.key, 'generated', '', samples[i], samples[i + 1], '', '']);
        for (const [step, modes] of parts[column.key].trace) rows.push([column.key, 'coverage', step, '', '', modes, '']);
        for (const record of run?.metrics ?? []) rows.push([column.key, 'information', record.step, '', '', '', record.codeInformation ?? '']);
      }
      return toCsv(['run', 'row', 'step', 'x1', 'x2', 'modes_captured', 'information_estimate'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      const codeSize = latest[0]?.experiment.mine?.codeSize ?? 2;
      return (
        columns
          .map((column) => {
            const run = latest.find((r) => r.key === column.key);
            const modes = run?.snapshot?.modeCoverage;
            const estimate = recentInformation(run?.metrics ?? []);
            return `${column.title}: ${modes ? `${modes.modesCaptured} of ${modes.modeCount} modes captured` : 'no coverage yet'}, estimated information between code and sample ${formatNumber(estimate, 2)} nats.`;
          })
          .join(' ') + ` The ceiling is log ${codeSize} = ${formatNumber(Math.log(codeSize), 3)} nats.`
      );
    },
  };
};
