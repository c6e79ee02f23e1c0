/**
 * energy-landscape: an EBGAN on a 2-D mixture. The autoencoder's energy E(x) (its mean squared
 * reconstruction error) is the background: blue where the energy is low (the discriminator calls x
 * data), clear at E = m, grey above; the dash-dot line is the level set E(x) = m, the height to which
 * the hinge pushes generated points. Real points are dots, generated points crosses. Beside it: the
 * mean energy of real and generated batches over training, with m marked, and samples per mode.
 */
import { scaleLinear } from 'd3';
import {
  createPanel,
  createSvg,
  drawAxes,
  drawBars,
  drawColorBar,
  drawContours,
  drawHeatmap,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawSymbols,
  drawTitle,
  formatNumber,
  formatPercent,
  keyed,
  type LegendItem,
  panelNote,
  toCsv,
} from '../plots';
import { series } from '../plots/palette';
import { renderFields } from './controls';
import { embeddingField, energyColorMap, marginField, marginOf, pullAwayField } from './energy-shared';
import { compactStep, drawModeMarkers, modeMeans, planeLayout, thinned } from './ring-gan';
import type { RunView, WidgetFactory } from './types';

const legendItems: LegendItem[] = [
  { kind: 'symbol', label: 'real data', className: series.real, shape: 'circle' },
  { kind: 'symbol', label: 'generated G(z)', className: series.generated, shape: 'cross' },
  { kind: 'line', label: 'E(x) = m', className: series.reference },
];

export const createEnergyLandscape: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  const { legend, main, side, height } = planeLayout(width, legendItems);
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Left: the energy E(x) of the autoencoder as a coloured background (blue: low energy, clear: the margin m, grey: above it), ' +
      'a dash-dot line where the energy equals m, real samples as dots and generated samples as crosses. ' +
      'Right: the mean energy of real and generated samples over training with m marked, and generated samples per mode.',
  });
  const grid = spec.snapshot.discriminatorGrid!;
  const x = scaleLinear().domain([grid.x[0], grid.x[1]]).range([0, main.size]);
  const y = scaleLinear()
    .domain(grid.y ? [grid.y[0], grid.y[1]] : [grid.x[0], grid.x[1]])
    .range([main.size, 0]);

  const plane = createPanel(svg, { left: main.left, top: main.top, width: main.size, height: main.size }, 'plane');
  const heat = plane.layer('heat', { clip: true });
  const lines = plane.layer('level', { clip: true });
  const marks = plane.layer('marks', { clip: true });
  plane.layer('axes');
  keyed(plane.layer('axes'), 'rect', 'frame').attr('class', 'sp-frame').attr('width', main.size).attr('height', main.size);
  const energyPanel = createPanel(svg, { left: side.left, top: side.top + 124, width: side.width, height: 104 }, 'energies');
  energyPanel.layer('grid');
  const energyLines = energyPanel.layer('lines', { clip: true });
  const modePanel = createPanel(svg, { left: side.left, top: side.top + 318, width: side.width, height: 92 }, 'modes');
  modePanel.layer('grid');
  const modeBars = modePanel.layer('bars');
  const sideLayer = svg.append('g').attr('class', 'sp-layer');

  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'legend',
    legendItems,
    legend.at,
    legend.maxWidth,
  );

  let latest: RunView | null = null;
  let colorKey = '';
  let colorMap = energyColorMap(plot, 1);

  return {
    frameMs: 80,
    controls(host) {
      renderFields(host, [embeddingField(), pullAwayField()]);
    },
    quickControls(host) {
      renderFields(host, [marginField()]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      const margin = run ? marginOf(run.experiment) : 1;
      const key = `${document.documentElement.dataset.theme}|${margin}`;
      if (key !== colorKey) {
        colorKey = key;
        colorMap = energyColorMap(plot, margin);
        drawColorBar(sideLayer, 'colorbar', { x: side.left, y: side.top + 50, width: side.width, height: 10 }, colorMap, {
          min: 0,
          max: 2 * margin,
          ticks: [0, margin, 2 * margin],
          label: 'E(x)',
          format: (value) => (value === margin ? `m=${formatNumber(margin, 2)}` : formatNumber(value, 2)),
        });
      }
      panelNote(plane, snapshot ? '' : idleNote);
      drawAxes(plane, { x, y, xLabel: 'x₁', yLabel: 'x₂', xTicks: 6, yTicks: 6, yLabelOffset: 36 });
      const energy = snapshot?.discriminatorGrid;
      const field = energy?.y ? { x: energy.x, y: energy.y, values: energy.values } : { x: [], y: [], values: [] };
      drawHeatmap(heat, 'energy', field, { x, y }, colorMap);
      drawContours(lines, 'margin', field, margin > 0 ? [margin] : [], { x, y }, 'sp-margin-level');

      drawModeMarkers(marks, run?.experiment, snapshot?.modeCoverage?.counts ?? [], { x, y }, 11);
      const empty = new Float32Array();
      drawSymbols(marks, 'generated-halo', snapshot?.samples ?? empty, { x, y }, { shape: 'cross', radius: 2.6, className: 'sp-halo', canvas: true });
      drawSymbols(marks, 'generated', snapshot?.samples ?? empty, { x, y }, { shape: 'cross', radius: 2.6, className: series.generated, canvas: true });
      drawSymbols(marks, 'real-halo', snapshot?.realSamples ?? empty, { x, y }, { shape: 'circle', radius: 4.4, className: 'sp-halo-fill', canvas: true });
      drawSymbols(marks, 'real', snapshot?.realSamples ?? empty, { x, y }, { shape: 'circle', radius: 3, className: series.real, canvas: true });

      drawEnergies(run, margin);
      drawModes(run);
    },

    csv() {
      const snapshot = latest?.snapshot;
      const rows: Array<Array<number | string>> = [];
      const real = snapshot?.realSamples;
      if (real) for (let i = 0; i + 1 < real.length; i += 2) rows.push(['real', real[i], real[i + 1], '']);
      const samples = snapshot?.samples;
      if (samples) for (let i = 0; i + 1 < samples.length; i += 2) rows.push(['generated', samples[i], samples[i + 1], '']);
      const energy = snapshot?.discriminatorGrid;
      if (energy?.y)
        for (let j = 0; j < energy.y.length; j++)
          for (let i = 0; i < energy.x.length; i++) rows.push(['energy', energy.x[i], energy.y[j], energy.values[j * energy.x.length + i]]);
      return toCsv(['series', 'x1', 'x2', 'energy'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      const snapshot = latest?.snapshot;
      if (!latest || !snapshot) return 'Not started yet.';
      const margin = marginOf(latest.experiment);
      const last = latest.metrics[latest.metrics.length - 1];
      const sentences = [`Margin m = ${formatNumber(margin, 3)}.`];
      if (last) {
        sentences.push(
          `Mean energy of real samples ${formatNumber(last.realEnergy, 3)}, of generated samples ${formatNumber(last.fakeEnergy, 3)}.`,
        );
      }
      const coverage = snapshot.modeCoverage;
      if (coverage) {
        sentences.push(
          `Modes captured: ${coverage.modesCaptured} of ${coverage.modeCount}; ${formatPercent(coverage.highQualityFraction)} of generated samples are within 3 standard deviations of a mode.`,
        );
      }
      return sentences.join(' ');
    },
  };

  function drawEnergies(run: RunView | undefined, margin: number): void {
    const metrics = run?.metrics ?? [];
    const steps = run?.experiment.training.steps ?? 1;
    const stepScale = scaleLinear().domain([0, steps]).range([0, side.width]);
    let high = Number.isFinite(margin) ? margin * 1.5 : 1;
    for (const entry of metrics) for (const value of [entry.realEnergy, entry.fakeEnergy]) if (Number.isFinite(value)) high = Math.max(high, value);
    const energyScale = scaleLinear().domain([0, high]).range([104, 0]).nice(4);
    drawTitle(energyPanel, 'Mean energy');
    drawAxes(energyPanel, { x: stepScale, y: energyScale, xTicks: 3, yTicks: 4, grid: true, xFormat: compactStep });
    const thin = thinned(metrics, 600);
    drawLine(energyLines, 'real', thin.map((m) => m.step), thin.map((m) => m.realEnergy), { x: stepScale, y: energyScale }, series.real);
    drawLine(energyLines, 'fake', thin.map((m) => m.step), thin.map((m) => m.fakeEnergy), { x: stepScale, y: energyScale }, series.generated);
    if (Number.isFinite(margin)) drawHorizontalRule(energyLines, 'margin', margin, energyScale, side.width, 'sp-half');
    const legend = keyed(energyPanel.layer('axes'), 'g', 'legend').attr('transform', `translate(0,${104 + 34})`);
    drawLegend(
      legend,
      'items',
      [
        { kind: 'line', label: 'real', className: series.real },
        { kind: 'line', label: 'fake', className: series.generated },
      ],
      { x: 0, y: 0 },
    );
    keyed(energyPanel.layer('axes'), 'text', 'margin-caption')
      .attr('class', 'sp-axis-caption')
      .attr('x', side.width)
      .attr('y', Math.max(10, energyScale(Number.isFinite(margin) ? margin : 0) - 4))
      .attr('text-anchor', 'end')
      .text('m');
  }

  function drawModes(run: RunView | undefined): void {
    const coverage = run?.snapshot?.modeCoverage;
    const modeCount = coverage?.modeCount ?? (run ? modeMeans(run.experiment).length : 8);
    const counts = coverage?.counts ?? [];
    const total = spec.snapshot.modeCoverage ?? 2000;
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
    keyed(modePanel.layer('axes'), 'text', 'summary')
      .attr('class', 'sp-legend-label')
      .attr('x', 0)
      .attr('y', 92 + 22)
      .text(coverage ? `${coverage.modesCaptured}/${coverage.modeCount} modes · ${formatPercent(coverage.highQualityFraction)} high quality` : 'mode coverage: waiting');
  }
};
