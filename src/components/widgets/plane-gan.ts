/**
 * The plane figure of a GAN on a 2-D mixture: the discriminator's D(x) as a heat map (tinted towards
 * "real" where D > ½ and towards "fake" where D < ½; or a critic's T(x) or score on a two-sided
 * scale), real points as dots and generated points as crosses, and arrows on some generated points
 * showing where the generator is pushing them (−∇ of its loss). Beside it: both losses over
 * training and how many high-quality samples land on each mode (VEEGAN's rule, gan-math §8.3).
 * Chapter 1's ring figure (ring-gan.ts), Chapter 4's f-GAN on 2-D mixtures, Chapter 6's SN-GAN ring
 * and Chapter 9's playground are each this figure with their own controls and background.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import { getDivergence } from '../../engine/divergences/registry';
import { ganExperimentOf } from '../../engine/experiments/figures';
import {
  createPanel,
  createSvg,
  divergingProbabilityMap,
  drawArrows,
  drawAxes,
  drawColorBar,
  drawHeatmap,
  drawLegend,
  formatNumber,
  formatPercent,
  keyed,
  type LegendItem,
  paletteColor,
  panelNote,
  toCsv,
  type ColorMap,
  type GroupSelection,
} from '../plots';
import { series } from '../plots/palette';
import { lossText } from './loss-text';
import { objectiveDivergence } from './fgan-controls';
import { createSideColumn, drawModeCounts, drawPlaneSamples, drawSideChart, planeLayout } from './plane-shared';
import type { RunView, Widget, WidgetContext } from './types';

const arrowsShown = 64;

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

export function createPlaneGan({ plot, spec, idleNote, width = 640 }: WidgetContext, options: PlaneGanOptions = {}): Widget {
  const { legend: legendPlace, main, side, height } = planeLayout(width, legendItems);
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

  const column = createSideColumn(svg, side, 'losses');
  const sideLayer = column.layer;

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

      drawPlaneSamples(marks, run, { x, y }, (snapshot) => {
        // The generator moves samples against the gradient of its loss.
        const gradients = snapshot?.sampleGradients;
        const moves = gradients ? gradients.map((value) => -value) : new Float32Array();
        drawArrows(marks, 'moves', snapshot?.samples ?? new Float32Array(), moves, { x, y }, { className: '', maxLength: 24, limit: arrowsShown });
      });

      overlay?.draw(run);
      drawLosses(run);
      drawModeCounts(column, side, run, { total: spec.snapshot.modeCoverage ?? 2500, labelled: true });
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
    let low = Infinity;
    let high = -Infinity;
    for (const entry of run?.metrics ?? []) {
      for (const value of [entry.discriminatorLoss, entry.generatorLoss]) {
        if (!Number.isFinite(value)) continue;
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
    if (!(low <= high)) [low, high] = [0, 2];
    drawSideChart(column, side, run, {
      title: 'Losses',
      domain: [Math.min(0, low), Math.max(high, 0.1)],
      lines: [
        { key: 'discriminator', label: 'D', className: series.discriminator, value: (m) => m.discriminatorLoss },
        { key: 'generator', label: 'G', className: series.generated, value: (m) => m.generatorLoss },
      ],
    });
    keyed(column.chart.layer('axes'), 'text', 'step-caption')
      .attr('class', 'sp-axis-caption')
      .attr('x', side.width)
      .attr('y', 104 + 38)
      .attr('text-anchor', 'end')
      .text('step');
  }
}

/** The median of the finite values (0 if none). */
function median(values: ArrayLike<number>): number {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  return finite.length ? finite[Math.floor(finite.length / 2)] : 0;
}

