/**
 * gan-1d: Goodfellow et al.'s Figure 1, trained live. Top: the data density (exact), the generator's
 * density (histogram of its samples) and the discriminator D(x). Beneath: the noise line z and the
 * lines that G draws from each z to x = G(z), which bunch up where p_g is high.
 */
import { scaleLinear } from 'd3';
import {
  createPanel,
  createSvg,
  drawAxes,
  drawLegend,
  drawSegments,
  formatNumber,
  keyed,
  legendBand,
  narrowBelow,
  panelNote,
  type LegendItem,
  toCsv,
} from '../plots';
import { series } from '../plots/palette';
import { discriminatorStepsField, learningRateFields, objectiveOptions, renderFields, selectAt } from './controls';
import { createDensityChart, finiteExtent, mixtureMoments, sampleMoments } from './one-dimensional';
import { lossText } from './loss-text';
import type { RunView, WidgetFactory } from './types';

const margin = { left: 58, right: 58 };
const legendItems: LegendItem[] = [
  { kind: 'area', label: 'data p_{data}', className: series.real },
  { kind: 'area', label: 'generator p_{g}', className: series.generated },
  { kind: 'line', label: 'discriminator D(x)', className: series.discriminator },
  { kind: 'line', label: 'z → G(z)', className: 'sp-segments sp-mapping' },
];

export const createGan1d: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // On a phone (a narrow width) the legend wraps and the panels move down to make room.
  const legend = legendBand(legendItems, width, { x: margin.left, y: 16 }, width < narrowBelow);
  const density = { top: 44 + legend.extra, height: 210 };
  const mapping = { top: density.top + density.height + 40, height: 64 };
  const height = 420 + legend.extra;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Top: the data density, the generator density and the discriminator output D(x) over x. ' +
      'Bottom: lines from noise values z to the generated points x = G(z).',
  });
  const innerWidth = width - margin.left - margin.right;
  const grid = spec.snapshot.discriminatorGrid?.x ?? [-2, 7, 181];
  const densityPanel = createPanel(svg, { left: margin.left, top: density.top, width: innerWidth, height: density.height }, 'density');
  const chart = createDensityChart(densityPanel, [grid[0], grid[1]]);
  const mapPanel = createPanel(svg, { left: margin.left, top: mapping.top, width: innerWidth, height: mapping.height }, 'mapping');
  const mapLines = mapPanel.layer('lines', { clip: true });
  const legendLayer = svg.append('g').attr('class', 'sp-layer');

  drawLegend(legendLayer, 'legend', legendItems, legend.at, legend.maxWidth);

  let latest: RunView | null = null;

  return {
    controls(host) {
      renderFields(host, [
        selectAt('objective.kind', 'Generator objective', objectiveOptions),
        discriminatorStepsField(),
        ...learningRateFields(),
      ]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      panelNote(densityPanel, snapshot ? '' : idleNote);
      const xs = snapshot?.discriminatorGrid?.x ?? [];
      chart.draw({
        xs,
        dataDensity: snapshot?.dataDensity?.density,
        generatorDensity: snapshot?.generatorDensity?.density,
        discriminator: snapshot?.discriminatorGrid?.values,
        generatorSamples: snapshot?.samples,
      });

      // The z line: its own scale over the same width (z lives in noise space, not in x).
      const map = snapshot?.generatorMap;
      const noiseIsUniform = run?.experiment.generator.noise === 'uniform';
      const zExtent = map ? finiteExtent(map.z) : null;
      const zDomain: [number, number] = noiseIsUniform ? [-1, 1] : zExtent ? [Math.min(zExtent[0], -1), Math.max(zExtent[1], 1)] : [-2.5, 2.5];
      const z = scaleLinear().domain(zDomain).range([innerWidth * 0.08, innerWidth * 0.92]);
      const top = 0;
      const bottom = mapping.height;
      const segments: Array<[number, number, number, number]> = [];
      if (map) {
        for (let i = 0; i < map.z.length; i++) segments.push([z(map.z[i]), bottom, chart.x(map.x[i]), top]);
      }
      drawSegments(mapLines, 'mapping', segments, 'sp-mapping');
      const axes = mapPanel.layer('axes');
      keyed(axes, 'path', 'x-line').attr('class', 'sp-baseline').attr('d', `M0,${top}H${innerWidth}`);
      drawAxes(mapPanel, { x: z, xTicks: 5 });
      keyed(axes, 'text', 'x-caption')
        .attr('class', 'sp-axis-caption')
        .attr('x', -8)
        .attr('y', top + 4)
        .attr('text-anchor', 'end')
        .text('x');
      keyed(axes, 'text', 'z-caption')
        .attr('class', 'sp-axis-caption')
        .attr('x', -8)
        .attr('y', bottom + 4)
        .attr('text-anchor', 'end')
        .text('z');
      keyed(axes, 'text', 'z-label')
        .attr('class', 'sp-axis-label')
        .attr('x', innerWidth / 2)
        .attr('y', bottom + 34)
        .attr('text-anchor', 'middle')
        .text(noiseIsUniform ? 'noise z ~ U[−1, 1], mapped to x = G(z)' : 'noise z ~ N(0, 1), mapped to x = G(z)');
    },

    csv() {
      const snapshot = latest?.snapshot;
      const header = ['x', 'data_density', 'generator_density', 'discriminator', 'z', 'generator_of_z'];
      const xs = snapshot?.discriminatorGrid?.x ?? new Float32Array();
      const map = snapshot?.generatorMap;
      const rows: Array<Array<number | string>> = [];
      const count = Math.max(xs.length, map?.z.length ?? 0);
      for (let i = 0; i < count; i++) {
        rows.push([
          i < xs.length ? xs[i] : '',
          snapshot?.dataDensity?.density[i] ?? '',
          snapshot?.generatorDensity?.density[i] ?? '',
          snapshot?.discriminatorGrid?.values[i] ?? '',
          map && i < map.z.length ? map.z[i] : '',
          map && i < map.x.length ? map.x[i] : '',
        ]);
      }
      return toCsv(header, rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const sentences: string[] = [];
      const generated = sampleMoments(latest.snapshot.samples);
      const data = mixtureMoments(latest.experiment);
      if (generated) {
        const dataText = data ? ` (data: mean ${formatNumber(data.mean)}, standard deviation ${formatNumber(data.std)})` : '';
        sentences.push(
          `Generator samples: mean ${formatNumber(generated.mean)}, standard deviation ${formatNumber(generated.std)}${dataText}.`,
        );
      }
      const extent = finiteExtent(latest.snapshot.discriminatorGrid?.values);
      if (extent) sentences.push(`D(x) ranges from ${formatNumber(extent[0], 2)} to ${formatNumber(extent[1], 2)}.`);
      sentences.push(lossText(latest.metrics));
      return sentences.filter(Boolean).join(' ');
    },
  };
};
