/**
 * msg-toy (Chapter 9, multi-scale gradients): the same image GAN on synthetic shapes trained twice,
 * with MSG-GAN's multi-scale connections and without (the plain variant's discriminator sees only
 * the final 16 × 16 image). Top: real images, then each variant's samples at 4 × 4, 8 × 8 and
 * 16 × 16 from noise fixed for the run (the plain generator has no small outputs of its own: its
 * rows are its final image average-pooled). Bottom: mode coverage over training for both variants,
 * the fraction of high-quality samples (classified into a shape) and the classes captured.
 */
import { scaleLinear } from 'd3';
import { msgVariants, withArchitecture } from '../../engine/experiments/figures-msg';
import type { ImagesExperiment } from '../../engine/kinds/images/schema';
import type { ModeCoverage } from '../../engine/types';
import { compactStep, createPanel, createSvg, designWidth, drawAxes, drawImageGrid, drawLegend, drawLine, drawTitle, formatPercent, keyed, legendBand, narrowBelow, panelNote, toCsv, type Panel } from '../plots';
import { series } from '../plots/palette';
import { renderFields, type Field } from './controls';
import { numberField } from './mine-sweep';
import type { RunSpec, RunView, WidgetFactory } from './types';

/** Samples shown per row, and the gap between them. */
const shown = 8;
const gap = 4;
const realTop = 40;
const scaleSides = [4, 8, 16] as const;
const chartHeight = 120;

/**
 * Where everything goes for a plot `width` px wide: on a wide screen the two variants side by side
 * and the two charts side by side; on a phone (plots/layout.ts) the variants and the charts stacked.
 */
function layoutFor(width: number) {
  const narrow = width < narrowBelow;
  const cell = narrow ? Math.min(28, Math.floor((width - 52 - (shown - 1) * gap) / shown)) : 28;
  const rowStep = cell + 8;
  const variantTop = realTop + cell + 40;
  const variantBlock = 3 * rowStep + 40;
  const rowWidth = shown * cell + (shown - 1) * gap;
  const variantTops = narrow ? [variantTop, variantTop + variantBlock] : [variantTop, variantTop];
  const chartsTop = variantTops[1] + 3 * rowStep + 62;
  const chartWidth = narrow ? width - 58 - 16 : 236;
  const charts = narrow
    ? [{ left: 58, top: chartsTop }, { left: 58, top: chartsTop + chartHeight + 70 }]
    : [{ left: 58, top: chartsTop }, { left: 58 + chartWidth + 70, top: chartsTop }];
  return {
    narrow,
    cell,
    rowStep,
    columnLefts: narrow ? [44, 44] : [44, 44 + rowWidth + 60],
    variantTops,
    charts,
    chartWidth,
    legendTop: charts[1].top + chartHeight + 90,
  };
}
const variantClasses = [series.discriminator, series.generated] as const;

/** One point of a variant's coverage over training. */
type CoveragePoint = { step: number; highQualityFraction: number; modesCaptured: number; modeCount: number };

const shapesOptions = [
  { value: 'all', label: 'five shapes (bars, disc, hollow square, cross)', shapes: ['horizontal-bar', 'vertical-bar', 'disc', 'square', 'cross'] },
  { value: 'three', label: 'three shapes (two bars and a disc)', shapes: ['horizontal-bar', 'vertical-bar', 'disc'] },
] as const;

/** The coverage point of a snapshot, or null when it has none. */
function coveragePoint(step: number, coverage: ModeCoverage | undefined): CoveragePoint | null {
  if (!coverage || !Number.isFinite(coverage.highQualityFraction)) return null;
  return { step, highQualityFraction: coverage.highQualityFraction, modesCaptured: coverage.modesCaptured, modeCount: coverage.modeCount };
}

export const createMsgToy: WidgetFactory<ImagesExperiment> = ({ plot, spec, idleNote, width = designWidth }) => {
  const { narrow, cell, rowStep, columnLefts, variantTops, charts, chartWidth, legendTop } = layoutFor(width);
  const legendItems = msgVariants.map((variant, v) => ({ kind: 'line' as const, label: variant.label, className: variantClasses[v] }));
  const legend = legendBand(legendItems, width, { x: charts[0].left, y: legendTop }, narrow);
  const height = legendTop + legend.extra + 12;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Top: eight real 16 by 16 shape images, then for each variant (MSG and plain) eight generated samples at 4 by 4, 8 by 8 and 16 by 16 pixels. ' +
      'Bottom: over training steps, the fraction of generated images that are recognisable shapes, and the number of shape classes they cover, for both variants.',
  });
  const samples = svg.append('g').attr('class', 'sp-layer sp-msg-samples');
  const label = (key: string, x: number, y: number, text: string, anchor = 'start') =>
    keyed(samples, 'text', key).attr('class', 'sp-panel-title').attr('x', x).attr('y', y).attr('text-anchor', anchor).text(text);
  label('real-title', columnLefts[0], realTop - 8, 'Real samples (16 × 16)');
  msgVariants.forEach((variant, v) => {
    label(`title-${v}`, columnLefts[v], variantTops[v] - 8, variant.label);
    scaleSides.forEach((side, s) => label(`side-${v}-${s}`, columnLefts[v] - 6, variantTops[v] + s * rowStep + cell / 2 + 4, `${side}²`, 'end'));
  });
  const chartPanels: Panel[] = charts.map(({ left, top }, i) => {
    const panel = createPanel(svg, { left, top, width: chartWidth, height: chartHeight }, i === 0 ? 'quality' : 'classes');
    panel.layer('grid');
    panel.layer('lines', { clip: true });
    panel.layer('axes');
    return panel;
  });
  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'legend', legendItems, legend.at, narrow ? legend.maxWidth : width - charts[0].left);

  let latest: readonly RunView<ImagesExperiment>[] = [];
  const history = new Map<string, CoveragePoint[]>();

  const record = (run: RunView<ImagesExperiment>) => {
    let points = history.get(run.key) ?? [];
    const snapshot = run.snapshot;
    if (!snapshot) points = [];
    else {
      if (points.length && snapshot.step < points[points.length - 1].step) points = [];
      const point = coveragePoint(snapshot.step, snapshot.modeCoverage);
      if (point && (!points.length || points[points.length - 1].step !== point.step)) points.push(point);
    }
    history.set(run.key, points);
  };

  const shapesField: Field = {
    type: 'select',
    paths: ['data.shapes'],
    label: 'Data',
    options: shapesOptions.map(({ value, label: text }) => ({ value, label: text })),
    get: (experiment) => ((experiment as unknown as ImagesExperiment).data.shapes.length === 3 ? 'three' : 'all'),
    set: (draft, value) => {
      const option = shapesOptions.find((candidate) => candidate.value === value) ?? shapesOptions[0];
      (draft as unknown as ImagesExperiment).data.shapes = [...option.shapes];
    },
  };

  return {
    frameMs: 150,

    runs(experiment): RunSpec<ImagesExperiment>[] {
      return msgVariants.map((variant) => ({ key: variant.key, label: variant.label, experiment: withArchitecture(experiment, variant.key) }));
    },

    quickControls(host) {
      renderFields(host as unknown as Parameters<typeof renderFields>[0], [shapesField]);
    },

    controls(host) {
      renderFields(host as unknown as Parameters<typeof renderFields>[0], [
        numberField('optimizers.generator.learningRate', 'Generator learning rate (Adam)', 1e-6, 10, 'any'),
        numberField('optimizers.discriminator.learningRate', 'Discriminator learning rate (Adam)', 1e-6, 10, 'any'),
        numberField('generator.width', 'Generator width (each hidden layer)', 4, 512, 1),
        numberField('discriminator.width', 'Discriminator width (each hidden layer)', 4, 512, 1),
        numberField('training.batchSize', 'Batch size', 2, 1024, 1),
        numberField('training.steps', 'Steps', 1, 1_000_000, 1),
      ]);
    },

    draw(runs) {
      latest = runs;
      runs.forEach(record);
      const started = runs.some((run) => run.snapshot);

      // ── Samples at every scale ──
      const real = runs.find((run) => run.snapshot?.realSamples)?.snapshot?.realSamples;
      drawImageGrid(samples, 'real', real ?? new Float32Array(0), columnLefts[0], realTop, { side: 16, columns: shown, cell, gap, domain: [-1, 1] });
      msgVariants.forEach((variant, v) => {
        const images = runs.find((run) => run.key === variant.key)?.snapshot?.imageSamples;
        scaleSides.forEach((side, s) => {
          const index = images?.sizes.indexOf(side) ?? -1;
          const values = images && index >= 0 ? images.images[index] : new Float32Array(0);
          drawImageGrid(samples, `fake-${v}-${s}`, values, columnLefts[v], variantTops[v] + s * rowStep, { side, columns: shown, cell, gap, domain: [-1, 1] });
        });
        const pooled = images?.pooled ? ' (rows 4², 8²: the final image pooled)' : '';
        keyed(samples, 'text', `note-${v}`).attr('class', 'sp-axis-label').attr('x', columnLefts[v]).attr('y', variantTops[v] + 3 * rowStep + 6).text(pooled);
      });

      // ── Coverage over training ──
      const experiment = runs[0]?.experiment ?? (spec.experiment as ImagesExperiment);
      const x = scaleLinear().domain([0, experiment.training.steps]).range([0, chartWidth]);
      const classes = experiment.data.shapes.length;
      const yQuality = scaleLinear().domain([0, 1]).range([chartHeight, 0]);
      const yClasses = scaleLinear().domain([0, classes]).range([chartHeight, 0]);
      chartPanels.forEach((panel) => panelNote(panel, started ? '' : idleNote));
      drawAxes(chartPanels[0], { x, y: yQuality, xLabel: 'training step', yLabel: 'high quality', xTicks: 4, yTicks: 4, xFormat: compactStep, yFormat: (value) => formatPercent(value), grid: true });
      drawAxes(chartPanels[1], { x, y: yClasses, xLabel: 'training step', yLabel: 'classes', xTicks: 4, yTicks: classes, xFormat: compactStep, grid: true });
      drawTitle(chartPanels[0], 'Samples that are a recognisable shape');
      drawTitle(chartPanels[1], `Classes captured (of ${classes})`);
      msgVariants.forEach((variant, v) => {
        const points = history.get(variant.key) ?? [];
        const steps = points.map((point) => point.step);
        drawLine(chartPanels[0].layer('lines'), variant.key, steps, points.map((point) => point.highQualityFraction), { x, y: yQuality }, variantClasses[v]);
        drawLine(chartPanels[1].layer('lines'), variant.key, steps, points.map((point) => point.modesCaptured), { x, y: yClasses }, variantClasses[v]);
      });
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const variant of msgVariants) {
        for (const point of history.get(variant.key) ?? []) rows.push([variant.key, point.step, point.highQualityFraction, point.modesCaptured, point.modeCount]);
      }
      return toCsv(['variant', 'step', 'high_quality_fraction', 'classes_captured', 'classes'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      const parts = msgVariants.map((variant) => {
        const points = history.get(variant.key) ?? [];
        const last = points[points.length - 1];
        const run = latest.find((candidate) => candidate.key === variant.key);
        if (!last) return `${variant.label}: step ${run?.step ?? 0}, no coverage yet.`;
        return `${variant.label}: step ${run?.step ?? last.step}, ${formatPercent(last.highQualityFraction)} of samples are recognisable shapes, ${last.modesCaptured} of ${last.modeCount} classes captured.`;
      });
      return parts.join(' ');
    },
  };
};
