/**
 * What the figures of a GAN on a 2-D mixture share (the plane figures of chapters 1, 4, 6, 7, 8
 * and 9): the mixture's mode centres and their markers, the layout of the plane beside its side
 * column, the side column's panels, the samples on the plane, and the chart of samples per mode.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import { drawnModes } from '../../engine/data';
import type { Experiment } from '../../engine/experiments/schema';
import type { StepMetrics } from '../../engine/types';
import {
  compactStep,
  createPanel,
  drawAxes,
  drawBars,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawSymbols,
  drawTitle,
  formatNumber,
  formatPercent,
  keyed,
  legendBand,
  narrowBelow,
  thinned,
  type GroupSelection,
  type LegendItem,
  type Panel,
  type SvgSelection,
} from '../plots';
import { series } from '../plots/palette';
import type { RunView } from './types';

/** A square plane around the mixture's modes: the largest coordinate plus a margin. */
export function modesExtent(experiment: Experiment): number {
  const means = modeMeans(experiment);
  const reach = means.reduce((max, [mx, my]) => Math.max(max, Math.abs(mx), Math.abs(my)), 0);
  const margin = Math.max(0.6, reach * 0.25);
  return Number((reach + margin).toFixed(2));
}

const drawnMeans = new WeakMap<object, Array<[number, number]>>();

/** Mode centres of the 2-D mixtures, in the samplers' documented order (schema.ts). */
export function modeMeans(experiment: Experiment): Array<[number, number]> {
  const data = experiment.data;
  if (data.kind === 'ring') {
    return Array.from({ length: data.modes }, (_, k) => {
      const angle = (2 * Math.PI * k) / data.modes;
      return [data.radius * Math.cos(angle), data.radius * Math.sin(angle)] as [number, number];
    });
  }
  if (data.kind === 'grid') {
    const offset = ((data.size - 1) * data.spacing) / 2;
    const means: Array<[number, number]> = [];
    for (let i = 0; i < data.size; i++) {
      for (let j = 0; j < data.size; j++) means.push([i * data.spacing - offset, j * data.spacing - offset]);
    }
    return means;
  }
  if (data.kind === 'points') {
    // Grouping is quadratic in the points: once per drawing, not once per frame.
    let means = drawnMeans.get(data.points);
    if (!means) drawnMeans.set(data.points, (means = drawnModes(data.points, data.spread).means as Array<[number, number]>));
    return means;
  }
  return [];
}

/** Mode markers of a 2-D mixture: a circle per mode, solid (sp-captured) when its count is above 0. */
export function drawModeMarkers(
  layer: GroupSelection,
  experiment: Experiment | undefined,
  counts: readonly number[],
  scales: { x: (value: number) => number; y: (value: number) => number },
  radius: number,
): void {
  keyed(layer, 'g', 'modes')
    .selectAll('circle')
    .data(experiment ? modeMeans(experiment) : [])
    .join('circle')
    .attr('class', (_, k) => `sp-mode-marker${(counts[k] ?? 0) > 0 ? ' sp-captured' : ''}`)
    .attr('cx', ([mx]) => scales.x(mx))
    .attr('cy', ([, my]) => scales.y(my))
    .attr('r', radius);
}

/**
 * Where the plane, its legend (`items`) and the side column (colour bar, a chart over training,
 * modes) go: side by side at the design width; on a phone (a narrow width) the plane fills the
 * width and the side column sits beneath it. `side.top` shifts the side column's design positions
 * (colour bar at 50, the chart at 124, modes at 318).
 */
export function planeLayout(width: number, items: readonly LegendItem[]) {
  const narrow = width < narrowBelow;
  const legend = legendBand(items, width, { x: 52, y: 16 }, narrow);
  if (!narrow) return { legend, main: { left: 52, top: 44, size: 368 }, side: { left: 478, width: 146, top: 0 }, height: 470 };
  const left = 44;
  const size = width - left - 14;
  const main = { left, top: 44 + legend.extra, size };
  const side = { left, width: size, top: main.top + size + 8 };
  return { legend, main, side, height: side.top + 456 };
}

type Side = ReturnType<typeof planeLayout>['side'];

/** Height of the side column's chart over training and of its chart of samples per mode. */
const chartHeight = 104;
const modesHeight = 92;

/**
 * The side column's panels: a chart over training (`chart`, its panel named `chartName`) with a
 * clipped layer for its lines, the samples per mode with a layer for its bars, and a free layer
 * (for the colour bar).
 */
export function createSideColumn(svg: SvgSelection, side: Side, chartName: string) {
  const chart = createPanel(svg, { left: side.left, top: side.top + 124, width: side.width, height: chartHeight }, chartName);
  chart.layer('grid');
  const chartLines = chart.layer('lines', { clip: true });
  const modes = createPanel(svg, { left: side.left, top: side.top + 318, width: side.width, height: modesHeight }, 'modes');
  modes.layer('grid');
  const modeBars = modes.layer('bars');
  const layer = svg.append('g').attr('class', 'sp-layer');
  return { chart, chartLines, modes, modeBars, layer };
}

/**
 * The side column's chart over training: a line per entry of `lines` (thinned to 600 points) on a
 * y axis over `domain`, and their legend beneath. Returns the y scale, for marks a figure adds.
 */
export function drawSideChart(
  column: { chart: Panel; chartLines: GroupSelection },
  side: Side,
  run: RunView | undefined,
  options: { title: string; domain: [number, number]; lines: Array<{ key: string; label: string; className: string; value(metrics: StepMetrics): number }> },
): ScaleLinear<number, number> {
  const { chart, chartLines } = column;
  const metrics = run?.metrics ?? [];
  const steps = run?.experiment.training.steps ?? 1;
  const stepScale = scaleLinear().domain([0, steps]).range([0, side.width]);
  const valueScale = scaleLinear().domain(options.domain).range([chartHeight, 0]).nice(4);
  drawTitle(chart, options.title);
  drawAxes(chart, { x: stepScale, y: valueScale, xTicks: 3, yTicks: 4, grid: true, xFormat: compactStep });
  const thin = thinned(metrics, 600);
  for (const line of options.lines) {
    drawLine(chartLines, line.key, thin.map((m) => m.step), thin.map((m) => line.value(m)), { x: stepScale, y: valueScale }, line.className);
  }
  const legend = keyed(chart.layer('axes'), 'g', 'legend').attr('transform', `translate(0,${chartHeight + 34})`);
  drawLegend(
    legend,
    'items',
    options.lines.map((line) => ({ kind: 'line' as const, label: line.label, className: line.className })),
    { x: 0, y: 0 },
  );
  return valueScale;
}

/**
 * Samples on the plane: the mode markers (solid when the mode holds at least one high-quality
 * sample), the generated crosses, then `between` (e.g. arrows on them), and the real dots last, so
 * the target stays visible under a cloud of fakes.
 */
export function drawPlaneSamples(
  marks: GroupSelection,
  run: RunView | undefined,
  scales: { x: (value: number) => number; y: (value: number) => number },
  between?: (snapshot: RunView['snapshot'] | undefined) => void,
): void {
  const snapshot = run?.snapshot;
  drawModeMarkers(marks, run?.experiment, snapshot?.modeCoverage?.counts ?? [], scales, 11);
  const empty = new Float32Array();
  drawSymbols(marks, 'generated-halo', snapshot?.samples ?? empty, scales, { shape: 'cross', radius: 2.6, className: 'sp-halo', canvas: true });
  drawSymbols(marks, 'generated', snapshot?.samples ?? empty, scales, { shape: 'cross', radius: 2.6, className: series.generated, canvas: true });
  between?.(snapshot);
  // A halo path under the dots (not a stroke on each): overlapping strokes would hide the fills.
  drawSymbols(marks, 'real-halo', snapshot?.realSamples ?? empty, scales, { shape: 'circle', radius: 4.4, className: 'sp-halo-fill', canvas: true });
  drawSymbols(marks, 'real', snapshot?.realSamples ?? empty, scales, { shape: 'circle', radius: 3, className: series.real, canvas: true });
}

/**
 * The chart of generated samples within 3σ of each mode (VEEGAN's rule, gan-math §8.3), with the
 * count a perfect sampler of `total` samples would put on each. `labelled`: number the modes
 * under the bars and caption the perfect line.
 */
export function drawModeCounts(
  column: { modes: Panel; modeBars: GroupSelection },
  side: Side,
  run: RunView | undefined,
  options: { total: number; labelled: boolean },
): void {
  const { modes: modePanel, modeBars } = column;
  const coverage = run?.snapshot?.modeCoverage;
  const modeCount = coverage?.modeCount ?? (run ? modeMeans(run.experiment).length : 8);
  const counts = coverage?.counts ?? [];
  // A perfect sampler puts 98.9% of its samples within 3σ (gan-math §8.3), spread evenly.
  const ideal = (options.total * 0.988891) / Math.max(1, modeCount);
  const top = Math.max(ideal * 1.6, ...counts.map((count) => count * 1.1));
  const countScale = scaleLinear().domain([0, top]).range([modesHeight, 0]).nice(3);
  const band = side.width / Math.max(1, modeCount);
  drawTitle(modePanel, 'Within 3σ of each mode');
  drawAxes(modePanel, { y: countScale, yTicks: 3, grid: true, yFormat: (value) => formatNumber(value) });
  drawBars(
    modeBars,
    'counts',
    counts.map((count, k) => ({ x: k * band + band * 0.15, width: band * 0.7, value: count })),
    countScale,
    series.generated,
  );
  drawHorizontalRule(modeBars, 'ideal', ideal, countScale, side.width, 'sp-half');
  keyed(modePanel.layer('axes'), 'path', 'baseline').attr('class', 'sp-baseline').attr('d', `M0,${modesHeight}H${side.width}`);
  if (options.labelled) {
    keyed(modePanel.layer('axes'), 'g', 'mode-labels')
      .selectAll('text')
      .data(Array.from({ length: modeCount }, (_, k) => k))
      .join('text')
      .attr('class', 'sp-tick-label')
      .attr('x', (k) => k * band + band / 2)
      .attr('y', modesHeight + 13)
      .attr('text-anchor', 'middle')
      .text((k) => (modeCount <= 12 || k % 5 === 0 ? String(k + 1) : ''));
  }
  keyed(modePanel.layer('axes'), 'text', 'summary')
    .attr('class', 'sp-legend-label')
    .attr('x', 0)
    .attr('y', modesHeight + (options.labelled ? 34 : 22))
    .text(
      coverage
        ? `${coverage.modesCaptured}/${coverage.modeCount} modes · ${formatPercent(coverage.highQualityFraction)} high quality`
        : 'mode coverage: waiting',
    );
  if (options.labelled) {
    keyed(modePanel.layer('axes'), 'text', 'ideal-caption')
      .attr('class', 'sp-axis-caption')
      .attr('x', side.width)
      .attr('y', Math.max(10, countScale(ideal) - 4))
      .attr('text-anchor', 'end')
      .text('perfect');
  }
}
