/**
 * singular-value-spectra (SN-GAN's Figure 2 at toy scale): the same critic trained three times from
 * the same seed, with weight clipping, the gradient penalty and spectral normalisation
 * (lipschitzMethods in figures-ch6.ts). One panel per hidden-to-hidden layer (the layers with more
 * than two singular values; the first layer has two, the output layer one) shows that layer's
 * squared singular values σᵢ²/σ₁², sorted, with one line per method. The readout gives each
 * layer's stable rank Σσᵢ²/σ₁², the number of directions of comparable stretch.
 */
import { scaleLinear } from 'd3';
import { lipschitzMethods, withMethod, type LipschitzMethodId } from '../../engine/experiments/figures-ch6';
import type { Experiment } from '../../engine/experiments/schema';
import { createPanel, createSvg, drawAxes, drawLegend, drawLine, drawTitle, formatNumber, legendBand, narrowBelow, panelNote, toCsv, type LegendItem, type Panel } from '../plots';
import { series } from '../plots/palette';
import { learningRateFields, renderFields } from './controls';
import type { RunSpec, RunView, WidgetFactory } from './types';

const designHeight = 330;
const panelHeight = 200;

/** Each method's line style (colour and dash come from the series class). */
export const methodSeries: Record<LipschitzMethodId, string> = {
  clip: series.generated,
  'gradient-penalty': series.secondary,
  'spectral-norm': series.discriminator,
};

/** Σσᵢ²/σ₁²: 1 for a rank-one matrix, the rank for a matrix whose singular values are all equal. */
export function stableRank(values: readonly number[]): number {
  const top = values[0];
  if (!(top > 0)) return Number.NaN;
  return values.reduce((sum, value) => sum + (value * value) / (top * top), 0);
}

/** The indices of the layers worth a panel: those with more than two singular values. */
export function spectrumLayers(layers: readonly (readonly number[])[]): number[] {
  return layers.flatMap((values, index) => (values.length > 2 ? [index] : []));
}

export const createSingularValueSpectra: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // One panel per layer side by side at the design width; on a phone (a narrow width) one column,
  // the drawing as tall as the panels need.
  const narrow = width < narrowBelow;
  const legendItems: LegendItem[] = lipschitzMethods.map((method) => ({ kind: 'line' as const, label: method.label, className: methodSeries[method.id] }));
  const legend = legendBand(legendItems, width, { x: 64, y: 16 }, narrow);
  const top = 70 + legend.extra;
  const rowStep = panelHeight + 80;
  const heightFor = (count: number) => (narrow ? top + count * rowStep - 30 : designHeight);
  const svg = createSvg(plot, {
    width,
    height: heightFor(1),
    title: spec.title,
    description:
      "One panel per hidden layer of the critic: that layer's squared singular values divided by the largest, sorted from largest to smallest, " +
      'for weight clipping, the gradient penalty and spectral normalisation, trained from the same seed.',
  });
  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'legend',
    legendItems,
    legend.at,
    legend.maxWidth,
  );
  const panels = new Map<number, Panel>();
  let latest: readonly RunView[] = [];

  function panelFor(slot: number, count: number, layer: number): Panel {
    const gap = 48;
    const panelWidth = narrow ? width - 64 - 24 : (width - 64 - 24 - gap * (count - 1)) / count;
    const key = slot * 100 + count;
    let panel = panels.get(key);
    if (!panel) {
      for (const [other, old] of panels) {
        if (other % 100 !== count) {
          old.root.remove();
          panels.delete(other);
        }
      }
      const place = narrow ? { left: 64, top: top + slot * rowStep } : { left: 64 + slot * (panelWidth + gap), top };
      panel = createPanel(svg, { ...place, width: panelWidth, height: panelHeight }, `layer-${slot}`);
      if (narrow) svg.attr('viewBox', `0 0 ${width} ${heightFor(count)}`).attr('height', heightFor(count));
      panel.layer('grid');
      panel.layer('lines', { clip: true });
      panels.set(key, panel);
    }
    drawTitle(panel, `Layer ${layer + 1}`);
    return panel;
  }

  return {
    // Singular values of a few 64 × 64 matrices per frame are cheap, but nothing here moves fast.
    frameMs: 250,

    runs(experiment: Experiment): RunSpec[] {
      return lipschitzMethods.map((method) => ({ key: method.id, label: method.label.toLowerCase(), experiment: withMethod(experiment, method.id) }));
    },

    controls(host) {
      renderFields(host, learningRateFields());
    },

    draw(runs) {
      latest = runs;
      const layers = spectrumLayers(runs.find((run) => run.snapshot?.layerSingularValues)?.snapshot?.layerSingularValues ?? []);
      const shown = layers.length ? layers : [1];
      shown.forEach((layer, slot) => {
        const panel = panelFor(slot, shown.length, layer);
        const count = Math.max(2, ...runs.map((run) => run.snapshot?.layerSingularValues?.[layer]?.length ?? 0));
        const x = scaleLinear().domain([1, count]).range([0, panel.width]);
        const y = scaleLinear().domain([0, 1]).range([panel.height, 0]);
        panelNote(panel, runs.some((run) => run.snapshot) ? '' : idleNote);
        drawAxes(panel, { x, y, xLabel: 'index i (sorted)', yLabel: slot === 0 ? 'σᵢ² / σ₁²' : '', xTicks: 4, yTicks: 4, grid: true });
        for (const method of lipschitzMethods) {
          const values = runs.find((run) => run.key === method.id)?.snapshot?.layerSingularValues?.[layer] ?? [];
          const topValue = values[0];
          drawLine(
            panel.layer('lines'),
            method.id,
            values.map((_, i) => i + 1),
            values.map((value) => (topValue > 0 ? (value * value) / (topValue * topValue) : Number.NaN)),
            { x, y },
            methodSeries[method.id],
          );
        }
      });
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const run of latest) {
        (run.snapshot?.layerSingularValues ?? []).forEach((values, layer) => {
          values.forEach((value, i) => rows.push([run.key, run.step, layer + 1, i + 1, value, (value * value) / (values[0] * values[0])]));
        });
      }
      return toCsv(['method', 'step', 'layer', 'index', 'singular_value', 'squared_ratio'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      return lipschitzMethods
        .map((method) => {
          const run = latest.find((candidate) => candidate.key === method.id);
          const layers = run?.snapshot?.layerSingularValues;
          if (!run || !layers) return `${method.label}: waiting.`;
          const ranks = spectrumLayers(layers).map((layer) => `layer ${layer + 1} ${formatNumber(stableRank(layers[layer]), 3)}`);
          return `${method.label} at step ${run.step}: stable rank Σσᵢ²/σ₁² ${ranks.join(', ')}; largest singular values ${layers.map((values) => formatNumber(values[0], 3)).join(', ')}.`;
        })
        .join(' ');
    },
  };
};
