/**
 * ring-gan: a 2-D GAN on a mixture (the ring of eight Gaussians in Chapter 1). The discriminator's
 * D(x) is a heat map (tinted towards "real" where D > ½ and towards "fake" where D < ½), real points
 * are dots and generated points crosses, and arrows on some generated points show where the
 * generator is pushing them (−∇ of its loss). Beside it: both losses over training and how many
 * high-quality samples land on each mode (VEEGAN's rule, gan-math §8.3).
 * The drawing is shared (createPlaneGan) with Chapter 4's f-GAN on 2-D mixtures, whose background
 * is the critic T(x) instead of D(x).
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import { drawnModes } from '../../engine/data';
import { getDivergence } from '../../engine/divergences/registry';
import type { Experiment } from '../../engine/experiments/schema';
import { ganExperimentOf } from '../../engine/experiments/figures';
import {
  createPanel,
  createSvg,
  divergingProbabilityMap,
  drawArrows,
  drawAxes,
  drawBars,
  drawColorBar,
  drawHeatmap,
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
  type LegendItem,
  paletteColor,
  panelNote,
  toCsv,
  type ColorMap,
  type GroupSelection,
} from '../plots';
import { series } from '../plots/palette';
import {
  architectureFields,
  discriminatorStepsField,
  learningRateFields,
  objectiveOptions,
  optimizerOptions,
  renderFields,
  selectAt,
} from './controls';
import { lossText } from './gan-1d';
import { objectiveDivergence } from './fgan-controls';
import type { RunView, Widget, WidgetContext, WidgetFactory } from './types';

const arrowsShown = 64;

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

/** What differs between the 2-D GAN figures that share this drawing (ring-gan, fgan-mixture-2d). */
export interface PlaneGanOptions {
  /**
   * The background: D(x) ∈ [0, 1] with ½ neutral (default), or for f-GAN the critic T(x) = g_f(V(x))
   * on a two-sided scale centred at f′(1), the critic's "cannot tell" value; or a raw critic score
   * (hinge, Wasserstein) on a two-sided scale centred at its median over the plane, since such
   * scores mean something only relative to each other.
   */
  background?: 'discriminator' | 'critic' | 'score';
  controls?: Widget['controls'];
  quickControls?: Widget['quickControls'];
  /**
   * What to ask the worker for, per experiment (default: the registry's request). A widget whose
   * controls change the data (ring ↔ grid) moves the grid with it, and the plane follows the grid.
   */
  snapshotRequest?: Widget['snapshotRequest'];
  /** A sentence put before the readout's numbers (e.g. which divergence). */
  describe?(run: RunView): string;
  /** Marks and interaction on top of the plane (the playground's drawing tool), redrawn with it. */
  planeOverlay?(parts: PlaneParts): { draw(run: RunView | undefined): void };
}

/** The plane's top layer and scales, for an overlay. */
export interface PlaneParts {
  layer: GroupSelection;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** The plane's width and height in px. */
  size: number;
  plot: HTMLElement;
}

export const createRingGan: WidgetFactory = (context) =>
  createPlaneGan(context, {
    controls(host) {
      renderFields(host, [
        selectAt('objective.kind', 'Generator objective', objectiveOptions),
        discriminatorStepsField(),
        ...learningRateFields(),
        selectAt(['optimizers.discriminator.kind', 'optimizers.generator.kind'], 'Optimiser (both)', optimizerOptions),
        ...architectureFields(),
      ]);
    },
  });

/**
 * Half-width of the critic's colour scale around f′(1): the 95th percentile of |T − f′(1)| on the
 * grid, so a few extreme cells do not wash out the rest.
 */
export function criticSpread(values: ArrayLike<number>, centre: number): number {
  const distances: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) distances.push(Math.abs(values[i] - centre));
  if (!distances.length) return 1;
  distances.sort((a, b) => a - b);
  return Math.max(1e-3, distances[Math.min(distances.length - 1, Math.floor(distances.length * 0.95))]);
}

const legendItems: LegendItem[] = [
  { kind: 'symbol', label: 'real data', className: series.real, shape: 'circle' },
  { kind: 'symbol', label: 'generated G(z)', className: series.generated, shape: 'cross' },
  { kind: 'arrow', label: 'where G moves them (−∇ loss)', className: '' },
];

/**
 * Where the plane, its legend (`items`) and the side column (colour bar, losses, modes) go (the
 * plane figures of chapters 1, 4, 6, 7 and 9): side by side at the design
 * width; on a phone (a narrow width) the plane fills the width and the side column sits beneath it.
 * `side.top` shifts the side column's design positions (colour bar at 50, losses at 124, modes at 318).
 */
export function planeLayout(width: number, items: readonly LegendItem[] = legendItems) {
  const narrow = width < narrowBelow;
  const legend = legendBand(items, width, { x: 52, y: 16 }, narrow);
  if (!narrow) return { legend, main: { left: 52, top: 44, size: 368 }, side: { left: 478, width: 146, top: 0 }, height: 470 };
  const left = 44;
  const size = width - left - 14;
  const main = { left, top: 44 + legend.extra, size };
  const side = { left, width: size, top: main.top + size + 8 };
  return { legend, main, side, height: side.top + 456 };
}

export function createPlaneGan({ plot, spec, idleNote, width = 640 }: WidgetContext, options: PlaneGanOptions = {}): Widget {
  const { legend: legendPlace, main, side, height } = planeLayout(width);
  const score = options.background === 'score';
  const critic = options.background === 'critic' || score;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      (score
        ? 'Left: the critic\'s score as a coloured background, centred at its median over the plane, real samples as dots, generated samples as crosses, '
        : critic
        ? 'Left: the critic T(x) as a coloured background, centred at its threshold f′(1), real samples as dots, generated samples as crosses, '
        : 'Left: the discriminator output D(x) as a coloured background, real samples as dots, generated samples as crosses, ') +
      'and arrows showing where the generator moves some of its samples. Right: losses over training and samples per mode.',
  });
  const gridSpec = spec.snapshot.discriminatorGrid;
  const xDomain: [number, number] = gridSpec ? [gridSpec.x[0], gridSpec.x[1]] : [-3, 3];
  const yDomain: [number, number] = gridSpec?.y ? [gridSpec.y[0], gridSpec.y[1]] : xDomain;
  const x = scaleLinear().domain(xDomain).range([0, main.size]);
  const y = scaleLinear().domain(yDomain).range([main.size, 0]);

  const plane = createPanel(svg, { left: main.left, top: main.top, width: main.size, height: main.size }, 'plane');
  const heat = plane.layer('heat', { clip: true });
  plane.layer('grid');
  const marks = plane.layer('marks', { clip: true });
  plane.layer('axes');
  keyed(plane.layer('axes'), 'rect', 'frame').attr('class', 'sp-frame').attr('width', main.size).attr('height', main.size);
  const overlay = options.planeOverlay?.({ layer: plane.layer('overlay'), x, y, size: main.size, plot });

  const lossPanel = createPanel(svg, { left: side.left, top: side.top + 124, width: side.width, height: 104 }, 'losses');
  lossPanel.layer('grid');
  const lossLines = lossPanel.layer('lines', { clip: true });
  const modePanel = createPanel(svg, { left: side.left, top: side.top + 318, width: side.width, height: 92 }, 'modes');
  modePanel.layer('grid');
  const modeBars = modePanel.layer('bars');
  const sideLayer = svg.append('g').attr('class', 'sp-layer');

  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'legend', legendItems, legendPlace.at, legendPlace.maxWidth);

  let colorMap: ColorMap | null = null;
  let colorKey: string | undefined;
  /** The critic's colour scale: centre f′(1) and half-width, eased so the colours do not flicker. */
  let criticScale = { centre: critic && !score ? getDivergence(objectiveDivergence(ganExperimentOf(spec))).derivativeAtOne : 0, spread: 1 };
  const currentColorMap = (): ColorMap => {
    const theme = document.documentElement.dataset.theme;
    const key = critic ? `${theme}|${criticScale.centre}|${criticScale.spread.toPrecision(2)}` : `${theme}`;
    if (!colorMap || key !== colorKey) {
      colorKey = key;
      // Grey where D calls x fake, the discriminator's blue where it calls x real: neither hue is
      // a point colour, so dots and crosses stay legible on top in both themes.
      const alpha = Number.parseFloat(getComputedStyle(plot).getPropertyValue('--sp-heat-alpha')) || 0.5;
      const probabilityMap = divergingProbabilityMap(paletteColor(plot, 'neutral'), paletteColor(plot, 'discriminator'), alpha);
      if (critic) {
        const { centre, spread } = criticScale;
        const low = centre - spread;
        const high = centre + spread;
        colorMap = (value) => probabilityMap(0.5 + (value - centre) / (2 * spread));
        const tick = (value: number) => formatNumber(value, 2);
        drawColorBar(sideLayer, 'colorbar', { x: side.left, y: side.top + 50, width: side.width, height: 10 }, colorMap, {
          min: low,
          max: high,
          ticks: [low, centre, high],
          label: score ? 'D(x)' : 'T(x)',
          format: (value) => (value === centre ? (score ? `median ${tick(value)}` : `f′(1)=${tick(value)}`) : tick(value)),
        });
      } else {
        colorMap = probabilityMap;
        drawColorBar(sideLayer, 'colorbar', { x: side.left, y: side.top + 50, width: side.width, height: 10 }, colorMap, {
          min: 0,
          max: 1,
          ticks: [0, 0.5, 1],
          label: 'D(x)',
          format: (value) => (value === 0.5 ? '½' : String(value)),
        });
      }
      keyed(sideLayer, 'text', 'colorbar-fake')
        .attr('class', 'sp-axis-caption')
        .attr('x', side.left)
        .attr('y', side.top + 86)
        .text('← fake');
      keyed(sideLayer, 'text', 'colorbar-real')
        .attr('class', 'sp-axis-caption')
        .attr('x', side.left + side.width)
        .attr('y', side.top + 86)
        .attr('text-anchor', 'end')
        .text('real →');
    }
    return colorMap;
  };
  currentColorMap();

  let latest: RunView | null = null;

  return {
    // A ring snapshot is heavy (D on a 48×48 grid, sample gradients, 2500 samples for coverage):
    // about 12 redraws a second leaves most of the worker's time for training.
    frameMs: 80,

    controls: options.controls,
    quickControls: options.quickControls,
    snapshotRequest: options.snapshotRequest,

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      if (run && options.snapshotRequest) {
        // The plane shows the grid the worker evaluates for this experiment.
        const request = options.snapshotRequest(run.experiment).discriminatorGrid;
        if (request) {
          x.domain([request.x[0], request.x[1]]);
          y.domain(request.y ? [request.y[0], request.y[1]] : [request.x[0], request.x[1]]);
        }
      }
      panelNote(plane, snapshot ? '' : idleNote);
      drawAxes(plane, { x, y, xLabel: 'x₁', yLabel: 'x₂', xTicks: 6, yTicks: 6, yLabelOffset: 36 });

      const grid = critic ? (snapshot?.critic ?? snapshot?.discriminatorGrid) : snapshot?.discriminatorGrid;
      if (critic && run && grid) {
        const centre = score ? median(grid.values) : getDivergence(snapshot?.divergence ?? objectiveDivergence(run.experiment)).derivativeAtOne;
        const target = criticSpread(grid.values, centre);
        // A new divergence or a restart jumps; otherwise the scale grows at once and shrinks gently.
        const spread =
          criticScale.centre !== centre || !(criticScale.spread > 0) || target > criticScale.spread
            ? target
            : criticScale.spread + (target - criticScale.spread) * 0.1;
        criticScale = { centre, spread };
      }
      if (grid?.y) drawHeatmap(heat, 'discriminator', { x: grid.x, y: grid.y, values: grid.values }, { x, y }, currentColorMap());
      else drawHeatmap(heat, 'discriminator', { x: [], y: [], values: [] }, { x, y }, currentColorMap());

      // Mode markers: solid when the mode holds at least one high-quality sample.
      drawModeMarkers(marks, run?.experiment, snapshot?.modeCoverage?.counts ?? [], { x, y }, 11);

      const empty = new Float32Array();
      drawSymbols(marks, 'generated-halo', snapshot?.samples ?? empty, { x, y }, { shape: 'cross', radius: 2.6, className: 'sp-halo', canvas: true });
      drawSymbols(marks, 'generated', snapshot?.samples ?? empty, { x, y }, { shape: 'cross', radius: 2.6, className: series.generated, canvas: true });
      // The generator moves samples against the gradient of its loss.
      const gradients = snapshot?.sampleGradients;
      const moves = gradients ? gradients.map((value) => -value) : empty;
      drawArrows(marks, 'moves', snapshot?.samples ?? empty, moves, { x, y }, { className: '', maxLength: 24, limit: arrowsShown });
      // Real points last: the target stays visible under a cloud of fakes.
      // A halo path under the dots (not a stroke on each): overlapping strokes would hide the fills.
      drawSymbols(marks, 'real-halo', snapshot?.realSamples ?? empty, { x, y }, { shape: 'circle', radius: 4.4, className: 'sp-halo-fill', canvas: true });
      drawSymbols(marks, 'real', snapshot?.realSamples ?? empty, { x, y }, { shape: 'circle', radius: 3, className: series.real, canvas: true });

      overlay?.draw(run);
      drawLosses(run);
      drawModes(run);
    },

    csv() {
      const snapshot = latest?.snapshot;
      const rows: Array<Array<number | string>> = [];
      const real = snapshot?.realSamples;
      if (real) for (let i = 0; i + 1 < real.length; i += 2) rows.push(['real', real[i], real[i + 1], '', '', '']);
      const samples = snapshot?.samples;
      const gradients = snapshot?.sampleGradients;
      if (samples) {
        for (let i = 0; i + 1 < samples.length; i += 2) {
          rows.push(['generated', samples[i], samples[i + 1], '', gradients?.[i] ?? '', gradients?.[i + 1] ?? '']);
        }
      }
      const grid = snapshot?.discriminatorGrid;
      if (grid?.y) {
        for (let j = 0; j < grid.y.length; j++) {
          for (let i = 0; i < grid.x.length; i++) rows.push(['discriminator', grid.x[i], grid.y[j], grid.values[j * grid.x.length + i], '', '']);
        }
      }
      return toCsv(['series', 'x1', 'x2', 'discriminator', 'loss_gradient_x1', 'loss_gradient_x2'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const sentences: string[] = [];
      if (options.describe) sentences.push(options.describe(latest));
      const coverage = latest.snapshot.modeCoverage;
      if (coverage) {
        sentences.push(
          `Modes captured: ${coverage.modesCaptured} of ${coverage.modeCount}; ` +
            `${formatPercent(coverage.highQualityFraction)} of generated samples are high quality (within 3 standard deviations of a mode).`,
        );
      }
      sentences.push(lossText(latest.metrics));
      return sentences.filter(Boolean).join(' ');
    },
  };

  function drawLosses(run: RunView | undefined): void {
    const metrics = run?.metrics ?? [];
    const steps = run?.experiment.training.steps ?? 1;
    const stepScale = scaleLinear().domain([0, steps]).range([0, side.width]);
    let low = Infinity;
    let high = -Infinity;
    for (const entry of metrics) {
      for (const value of [entry.discriminatorLoss, entry.generatorLoss]) {
        if (!Number.isFinite(value)) continue;
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
    if (!(low <= high)) [low, high] = [0, 2];
    const lossScale = scaleLinear().domain([Math.min(0, low), Math.max(high, 0.1)]).range([104, 0]).nice(4);
    drawTitle(lossPanel, 'Losses');
    drawAxes(lossPanel, { x: stepScale, y: lossScale, xTicks: 3, yTicks: 4, grid: true, xFormat: compactStep });
    const thin = thinned(metrics, 600);
    drawLine(lossLines, 'discriminator', thin.map((m) => m.step), thin.map((m) => m.discriminatorLoss), { x: stepScale, y: lossScale }, series.discriminator);
    drawLine(lossLines, 'generator', thin.map((m) => m.step), thin.map((m) => m.generatorLoss), { x: stepScale, y: lossScale }, series.generated);
    const legend = keyed(lossPanel.layer('axes'), 'g', 'legend').attr('transform', `translate(0,${104 + 34})`);
    drawLegend(
      legend,
      'items',
      [
        { kind: 'line', label: 'D', className: series.discriminator },
        { kind: 'line', label: 'G', className: series.generated },
      ],
      { x: 0, y: 0 },
    );
    keyed(lossPanel.layer('axes'), 'text', 'step-caption')
      .attr('class', 'sp-axis-caption')
      .attr('x', side.width)
      .attr('y', 104 + 38)
      .attr('text-anchor', 'end')
      .text('step');
  }

  function drawModes(run: RunView | undefined): void {
    const coverage = run?.snapshot?.modeCoverage;
    const modeCount = coverage?.modeCount ?? (run ? modeMeans(run.experiment).length : 8);
    const counts = coverage?.counts ?? [];
    const total = spec.snapshot.modeCoverage ?? 2500;
    // A perfect sampler puts 98.9% of its samples within 3σ (gan-math §8.3), spread evenly.
    const ideal = (total * 0.988891) / Math.max(1, modeCount);
    const top = Math.max(ideal * 1.6, ...counts.map((count) => count * 1.1));
    const countScale = scaleLinear().domain([0, top]).range([92, 0]).nice(3);
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
    keyed(modePanel.layer('axes'), 'path', 'baseline').attr('class', 'sp-baseline').attr('d', `M0,92H${side.width}`);
    const labels = keyed(modePanel.layer('axes'), 'g', 'mode-labels');
    labels
      .selectAll('text')
      .data(Array.from({ length: modeCount }, (_, k) => k))
      .join('text')
      .attr('class', 'sp-tick-label')
      .attr('x', (k) => k * band + band / 2)
      .attr('y', 92 + 13)
      .attr('text-anchor', 'middle')
      .text((k) => (modeCount <= 12 || k % 5 === 0 ? String(k + 1) : ''));
    keyed(modePanel.layer('axes'), 'text', 'summary')
      .attr('class', 'sp-legend-label')
      .attr('x', 0)
      .attr('y', 92 + 34)
      .text(
        coverage
          ? `${coverage.modesCaptured}/${coverage.modeCount} modes · ${formatPercent(coverage.highQualityFraction)} high quality`
          : 'mode coverage: waiting',
      );
    keyed(modePanel.layer('axes'), 'text', 'ideal-caption')
      .attr('class', 'sp-axis-caption')
      .attr('x', side.width)
      .attr('y', Math.max(10, countScale(ideal) - 4))
      .attr('text-anchor', 'end')
      .text('perfect');
  }
}

/** The median of the finite values (0 if none). */
function median(values: ArrayLike<number>): number {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  return finite.length ? finite[Math.floor(finite.length / 2)] : 0;
}

/** At most `limit` evenly spaced entries (a 150-px chart needs no more). */
export function thinned<T>(entries: readonly T[], limit: number): T[] {
  if (entries.length <= limit) return [...entries];
  const stride = entries.length / limit;
  const out: T[] = [];
  for (let i = 0; i < limit; i++) out.push(entries[Math.floor(i * stride)]);
  out.push(entries[entries.length - 1]);
  return out;
}

/** 1500 → "1.5k". */
export function compactStep(value: number): string {
  return value >= 1000 ? `${Number((value / 1000).toFixed(1))}k` : String(value);
}
