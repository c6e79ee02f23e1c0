/**
 * optimal-energy-1d: the generator is frozen (an affine map of normal noise, so p_G is an exact
 * Gaussian) and only the autoencoder trains. Top: the two densities. Bottom: the trained energy E(x)
 * against the optimum D*(x) = m·1[p_data(x) < p_G(x)] (gan-math §11.6), a plateau at height m over
 * the region where the generator has more mass than the data. Changing the margin moves the plateau.
 */
import { scaleLinear } from 'd3';
import {
  createPanel,
  createSvg,
  drawArea,
  drawAxes,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawTitle,
  formatNumber,
  legendBand,
  legendRowHeight,
  narrowBelow,
  panelNote,
  toCsv,
  type LegendItem,
} from '../plots';
import { series } from '../plots/palette';
import { renderFields } from './controls';
import { marginField, marginOf, meanDistanceToOptimalEnergy, optimalEnergy } from './energy-shared';
import type { RunView, WidgetFactory } from './types';

const left = 58;
const legendItems: LegendItem[] = [
  { kind: 'area', label: 'p_{data}', className: series.real },
  { kind: 'area', label: 'p_{G} (frozen)', className: series.generated },
  { kind: 'line', label: 'E(x), trained', className: series.discriminator },
  { kind: 'line', label: 'D* = m·1[p_{data} < p_{G}]', className: series.reference },
];

export const createOptimalEnergy1d: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // On a phone (a narrow width) the legend wraps onto more rows and the panels move down.
  const narrow = width < narrowBelow;
  const innerWidth = width - left - (narrow ? 24 : 40);
  const legend = legendBand(legendItems, width, { x: left, y: 16 }, narrow);
  const extra = Math.max(0, legend.extra - legendRowHeight);
  const densityBox = { top: 56 + extra, height: 130 };
  const energyBox = { top: densityBox.top + densityBox.height + 52, height: 150 };
  const height = 440 + extra;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Top: the data density and the frozen generator density. Bottom: the trained energy E(x) and the optimal energy D*(x), ' +
      'which equals the margin m where the generator density exceeds the data density and 0 elsewhere.',
  });
  const range = spec.snapshot.discriminatorGrid!.x;
  const x = scaleLinear().domain([range[0], range[1]]).range([0, innerWidth]);
  const densityPanel = createPanel(svg, { left, top: densityBox.top, width: innerWidth, height: densityBox.height }, 'densities');
  densityPanel.layer('grid');
  const densityMarks = densityPanel.layer('marks', { clip: true });
  const energyPanel = createPanel(svg, { left, top: energyBox.top, width: innerWidth, height: energyBox.height }, 'energy');
  energyPanel.layer('grid');
  const energyMarks = energyPanel.layer('marks', { clip: true });
  drawLegend(svg.append('g').attr('class', 'sp-layer'), 'legend', legendItems, legend.at, narrow ? legend.maxWidth : innerWidth);

  let latest: RunView | null = null;
  let optimal: Float64Array | null = null;
  let distance = Number.NaN;

  return {
    quickControls(host) {
      renderFields(host, [marginField()]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      const margin = run ? marginOf(run.experiment) : 0.5;
      panelNote(densityPanel, snapshot ? '' : idleNote);
      const xs = snapshot?.discriminatorGrid?.x ?? new Float32Array();
      const energy = snapshot?.discriminatorGrid?.values ?? new Float32Array();
      const pData = snapshot?.dataDensity?.density;
      const pModel = snapshot?.generatorDensityExact?.density;
      optimal = pData && pModel ? optimalEnergy(pData, pModel, margin) : null;
      distance = pData && pModel ? meanDistanceToOptimalEnergy(energy, pData, pModel, margin).distance : Number.NaN;

      let peak = 0.1;
      for (const density of [pData, pModel]) if (density) for (let i = 0; i < density.length; i++) if (Number.isFinite(density[i])) peak = Math.max(peak, density[i]);
      const yDensity = scaleLinear().domain([0, peak * 1.1]).range([densityBox.height, 0]).nice(3);
      drawAxes(densityPanel, { x, y: yDensity, xTicks: 8, yTicks: 3, grid: true });
      drawTitle(densityPanel, 'Densities');
      drawArea(densityMarks, 'data', xs, pData ?? [], { x, y: yDensity }, series.real);
      drawArea(densityMarks, 'generator', xs, pModel ?? [], { x, y: yDensity }, series.generated);

      let top = Math.max(margin * 1.4, 0.1);
      for (let i = 0; i < energy.length; i++) if (Number.isFinite(energy[i])) top = Math.max(top, Math.min(energy[i], margin * 4));
      const yEnergy = scaleLinear().domain([0, top]).range([energyBox.height, 0]).nice(4);
      drawAxes(energyPanel, { x, y: yEnergy, xLabel: 'x', xTicks: 8, yTicks: 4, grid: true });
      drawTitle(energyPanel, 'Energy (only the autoencoder trains)');
      drawHorizontalRule(energyMarks, 'margin', margin, yEnergy, innerWidth, 'sp-half');
      drawLine(energyMarks, 'optimal', xs, optimal ?? [], { x, y: yEnergy }, series.reference);
      drawLine(energyMarks, 'energy', xs, energy, { x, y: yEnergy }, series.discriminator);
    },

    csv() {
      const snapshot = latest?.snapshot;
      const xs = snapshot?.discriminatorGrid?.x ?? new Float32Array();
      const rows = Array.from(xs, (value, i) => [
        value,
        snapshot?.dataDensity?.density[i] ?? '',
        snapshot?.generatorDensityExact?.density[i] ?? '',
        snapshot?.discriminatorGrid?.values[i] ?? '',
        optimal?.[i] ?? '',
      ]);
      return toCsv(['x', 'data_density', 'generator_density', 'energy', 'optimal_energy'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const margin = marginOf(latest.experiment);
      return (
        `Margin m = ${formatNumber(margin, 3)}. ` +
        (Number.isFinite(distance)
          ? `Mean |E − D*| where the densities differ: ${formatNumber(distance, 3)} (${formatNumber(distance / margin, 2)} of m).`
          : '')
      );
    },
  };
};
