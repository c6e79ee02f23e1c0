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
  drawColorBar,
  drawContours,
  drawHeatmap,
  drawHorizontalRule,
  drawLegend,
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
import { createSideColumn, drawModeCounts, drawPlaneSamples, drawSideChart, planeLayout } from './plane-shared';
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
  const column = createSideColumn(svg, side, 'energies');
  const sideLayer = column.layer;

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

      drawPlaneSamples(marks, run, { x, y });

      drawEnergies(run, margin);
      drawModeCounts(column, side, run, { total: spec.snapshot.modeCoverage ?? 2000, labelled: false });
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
    let high = Number.isFinite(margin) ? margin * 1.5 : 1;
    for (const entry of run?.metrics ?? []) for (const value of [entry.realEnergy, entry.fakeEnergy]) if (Number.isFinite(value)) high = Math.max(high, value);
    const energyScale = drawSideChart(column, side, run, {
      title: 'Mean energy',
      domain: [0, high],
      lines: [
        { key: 'real', label: 'real', className: series.real, value: (m) => m.realEnergy },
        { key: 'fake', label: 'fake', className: series.generated, value: (m) => m.fakeEnergy },
      ],
    });
    if (Number.isFinite(margin)) drawHorizontalRule(column.chartLines, 'margin', margin, energyScale, side.width, 'sp-half');
    keyed(column.chart.layer('axes'), 'text', 'margin-caption')
      .attr('class', 'sp-axis-caption')
      .attr('x', side.width)
      .attr('y', Math.max(10, energyScale(Number.isFinite(margin) ? margin : 0) - 4))
      .attr('text-anchor', 'end')
      .text('m');
  }
};
