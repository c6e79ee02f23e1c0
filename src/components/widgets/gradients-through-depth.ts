/**
 * gradients-through-depth: WGAN-GP's Figure 1b. The same 12-hidden-layer critic trained four times
 * from one seed against the fixed generator: clipping at c = 0.1, 0.01, 0.001 and the gradient
 * penalty. One line per run: ‖∂L/∂h_l‖ on a log scale for the hidden layers l = 1 … 12 (the
 * activationGradientNorms probe), from the input side to the output side.
 */
import { scaleLinear, scaleLog } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import { createPanel, createSvg, drawAxes, drawLegend, drawLine, drawSymbols, drawTitle, formatNumber, formatPowerOfTen, legendBand, narrowBelow, panelNote, toCsv, type LegendItem } from '../plots';
import { series } from '../plots/palette';
import type { RunSpec, RunView, WidgetFactory } from './types';


const variants = [
  { key: 'clip-0.1', label: 'clip c = 0.1', constraint: { kind: 'clip', c: 0.1 }, className: series.generated, shape: 'cross' },
  { key: 'clip-0.01', label: 'clip c = 0.01', constraint: { kind: 'clip', c: 0.01 }, className: series.secondary, shape: 'square' },
  { key: 'clip-0.001', label: 'clip c = 0.001', constraint: { kind: 'clip', c: 0.001 }, className: series.real, shape: 'diamond' },
  { key: 'penalty', label: 'gradient penalty', constraint: null, className: series.discriminator, shape: 'circle' },
] as const;

const legendItems: LegendItem[] = variants.map((variant) => ({ kind: 'symbol' as const, label: variant.label, className: variant.className, shape: variant.shape }));

export const createGradientsThroughDepth: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // On a phone (a narrow width) the legend wraps and the panel moves down to make room.
  const narrow = width < narrowBelow;
  const legend = legendBand(legendItems, width, { x: 70, y: 18 }, narrow);
  const box = { left: 70, top: 64 + legend.extra, width: narrow ? width - 70 - 16 : 540, height: 270 };
  const height = box.top + box.height + 66;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      "Gradient norm of the critic's loss with respect to each hidden layer's activations, on a logarithmic scale, from the first layer to the last, " +
      'for weight clipping at three thresholds and for the gradient penalty.',
  });
  const panel = createPanel(svg, box, 'depth');
  panel.layer('grid');
  const lines = panel.layer('lines', { clip: true });
  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'legend', legendItems, legend.at, legend.maxWidth);
  let latest: readonly RunView[] = [];

  return {
    frameMs: 250,

    runs(experiment: Experiment): RunSpec[] {
      return variants.map((variant) => {
        const copy = structuredClone(experiment);
        if (variant.constraint) copy.objective = { kind: 'wasserstein', constraint: { ...variant.constraint } };
        return { key: variant.key, label: variant.label, experiment: copy };
      });
    },

    draw(runs) {
      latest = runs;
      const all = runs.flatMap((run) => run.snapshot?.activationGradientNorms ?? []).filter((value) => value > 0 && Number.isFinite(value));
      const low = all.length ? Math.min(...all) : 1e-6;
      const high = all.length ? Math.max(...all) : 1;
      const y = scaleLog()
        .domain([Math.pow(10, Math.floor(Math.log10(low))), Math.pow(10, Math.ceil(Math.log10(high)))])
        .range([box.height, 0]);
      const layers = runs[0]?.snapshot?.activationGradientNorms?.length ?? 13;
      const x = scaleLinear().domain([1, layers]).range([0, box.width]);
      panelNote(panel, runs.some((run) => run.snapshot?.activationGradientNorms) ? '' : idleNote);
      drawTitle(panel, 'Gradient norm per layer');
      drawAxes(panel, {
        x,
        y: y as never,
        xLabel: 'layer (1 = input side)',
        yLabel: '‖∂L/∂h‖ (log scale)',
        xTicks: layers,
        yTicks: 6,
        xFormat: (value) => String(value),
        yFormat: (value) => formatPowerOfTen(value),
        grid: true,
      });
      for (const variant of variants) {
        const norms = runs.find((run) => run.key === variant.key)?.snapshot?.activationGradientNorms ?? [];
        const xs = norms.map((_, l) => l + 1);
        const ys = norms.map((value) => (value > 0 ? value : Number.NaN));
        drawLine(lines, variant.key, xs, ys, { x, y }, variant.className);
        drawSymbols(lines, `${variant.key}-points`, xs.flatMap((l, i) => [l, ys[i]]), { x, y }, { shape: variant.shape, radius: 3.5, className: variant.className });
      }
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const variant of variants) {
        const norms = latest.find((run) => run.key === variant.key)?.snapshot?.activationGradientNorms ?? [];
        norms.forEach((value, l) => rows.push([variant.key, l + 1, value]));
      }
      return toCsv(['constraint', 'layer', 'activation_gradient_norm'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot?.activationGradientNorms)) return 'Not started yet.';
      return variants
        .map((variant) => {
          const run = latest.find((candidate) => candidate.key === variant.key);
          const norms = run?.snapshot?.activationGradientNorms;
          if (!norms?.length) return `${variant.label}: waiting.`;
          return `${variant.label} (step ${run!.step}): first layer ${formatNumber(norms[0], 2)}, last layer ${formatNumber(norms[norms.length - 1], 2)}.`;
        })
        .join(' ');
    },
  };
};
