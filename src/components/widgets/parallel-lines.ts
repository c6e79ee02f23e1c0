/**
 * parallel-lines: WGAN's Example 1. Left: W₁ = |θ| and JS (0 at θ = 0, log 2 elsewhere) over
 * θ ∈ [−1, 1], with the trained critic's estimate for every θ tried so far as a dot (the current θ
 * larger). Right: the two segments as samples, P₀ = (0, Z) and P_θ = (θ, Z). The θ field above the
 * plot moves P_θ (arrow keys step it by 0.1) and restarts the critic for the new θ.
 */
import { scaleLinear } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import {
  createPanel,
  createSvg,
  drawAxes,
  drawLegend,
  legendBand,
  narrowBelow,
  type LegendItem,
  drawLine,
  drawSymbols,
  drawTitle,
  formatNumber,
  keyed,
  panelNote,
  toCsv,
} from '../plots';
import { series } from '../plots/palette';
import { numberAt, renderFields } from './controls';
import type { RunView, WidgetFactory } from './types';

const legendItems: LegendItem[] = [
  { kind: 'line', label: 'W₁ = |θ|', className: series.reference },
  { kind: 'line', label: 'JS', className: series.secondary },
  { kind: 'symbol', label: 'critic estimate', className: series.discriminator, shape: 'circle' },
];

/** The distances left of the segments at the design width; on a phone (a narrow width) above them. */
function layoutFor(width: number) {
  const narrow = width < narrowBelow;
  const legend = legendBand(legendItems, width, { x: 56, y: 18 }, narrow);
  if (!narrow) return { legend, chart: { left: 56, top: 52, width: 330, height: 260 }, plane: { left: 440, top: 52, width: 180, height: 260 }, height: 380 };
  const chart = { left: 56, top: 52 + legend.extra, width: width - 56 - 16, height: 220 };
  const plane = { left: 56, top: chart.top + chart.height + 76, width: Math.min(chart.width, 220), height: 200 };
  return { legend, chart, plane, height: plane.top + plane.height + 68 };
}

/** θ of the experiment: the generator's first shift. */
export const thetaOf = (experiment: Experiment): number => experiment.generator.init?.shift[0] ?? Number.NaN;

export const createParallelLines: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  const { legend, chart, plane, height } = layoutFor(width);
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Left: W₁ = |θ| (solid line) and the Jensen–Shannon divergence, 0 at θ = 0 and log 2 elsewhere (dashed), over θ from −1 to 1, ' +
      "with the trained critic's estimate of W₁ for each θ tried as a dot. Right: samples of the two segments.",
  });
  const left = createPanel(svg, { left: chart.left, top: chart.top, width: chart.width, height: chart.height }, 'distances');
  left.layer('grid');
  const curves = left.layer('lines', { clip: true });
  const dots = left.layer('dots');
  const right = createPanel(svg, { left: plane.left, top: plane.top, width: plane.width, height: plane.height }, 'segments');
  const points = right.layer('marks', { clip: true });
  keyed(right.layer('axes'), 'rect', 'frame').attr('class', 'sp-frame').attr('width', plane.width).attr('height', plane.height);

  const theta = scaleLinear().domain([-1, 1]).range([0, chart.width]);
  const value = scaleLinear().domain([0, 1.1]).range([chart.height, 0]);
  const px = scaleLinear().domain([-1.1, 1.1]).range([0, plane.width]);
  const py = scaleLinear().domain([-0.2, 1.2]).range([plane.height, 0]);

  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'legend',
    legendItems,
    legend.at,
    legend.maxWidth,
  );

  /** The last estimate seen for each θ tried (rounded to 3 decimals), kept across restarts. */
  const estimates = new Map<number, number>();
  let latest: RunView | null = null;

  return {
    quickControls(host) {
      renderFields(host, [
        numberAt('generator.init.shift.0', 'θ, the offset of P_θ', { min: -1, max: 1, step: 0.1, hint: 'Arrow keys step θ by 0.1; the critic retrains for each θ.' }),
      ]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const current = run ? thetaOf(run.experiment) : Number.NaN;
      const estimate = run?.snapshot?.wassersteinEstimate;
      if (run?.snapshot && Number.isFinite(current) && estimate !== undefined && Number.isFinite(estimate) && run.step > 0) {
        estimates.set(Math.round(current * 1000) / 1000, estimate);
      }
      panelNote(left, run?.snapshot ? '' : idleNote);
      drawTitle(left, 'Distance between P₀ and P_θ');
      drawAxes(left, { x: theta, y: value, xLabel: 'θ', yLabel: 'distance', xTicks: 5, yTicks: 5, grid: true });
      const thetas = Array.from({ length: 201 }, (_, i) => -1 + i / 100);
      drawLine(curves, 'w1', thetas, thetas.map(Math.abs), { x: theta, y: value }, series.reference);
      drawLine(curves, 'js', thetas, thetas.map((t) => (t === 0 ? Number.NaN : Math.log(2))), { x: theta, y: value }, series.secondary);
      drawSymbols(curves, 'js-zero', [0, 0], { x: theta, y: value }, { shape: 'circle', radius: 3, className: series.secondary });
      const tried = [...estimates.entries()].flat();
      drawSymbols(dots, 'estimates', tried, { x: theta, y: value }, { shape: 'circle', radius: 3.5, className: series.discriminator });
      drawSymbols(dots, 'current', Number.isFinite(current) && estimate !== undefined ? [current, estimate] : [], { x: theta, y: value }, {
        shape: 'circle',
        radius: 6,
        className: series.discriminator,
      });

      drawTitle(right, 'The two segments');
      drawAxes(right, { x: px, y: py, xLabel: 'x₁', xTicks: 3, yTicks: 3 });
      const empty = new Float32Array();
      drawSymbols(points, 'real', run?.snapshot?.realSamples ?? empty, { x: px, y: py }, { shape: 'circle', radius: 2.5, className: series.real, canvas: true });
      drawSymbols(points, 'generated', run?.snapshot?.samples ?? empty, { x: px, y: py }, { shape: 'cross', radius: 2.5, className: series.generated, canvas: true });
    },

    csv() {
      const rows = [...estimates.entries()].sort((a, b) => a[0] - b[0]).map(([t, e]) => [t, Math.abs(t), t === 0 ? 0 : Math.log(2), e]);
      return toCsv(['theta', 'w1_exact', 'js_exact', 'critic_estimate'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const current = thetaOf(latest.experiment);
      const estimate = latest.snapshot.wassersteinEstimate;
      return (
        `θ = ${formatNumber(current, 2)}: W₁ = ${formatNumber(Math.abs(current), 2)}, JS = ${current === 0 ? '0' : formatNumber(Math.log(2), 3)}; ` +
        `after ${latest.step} steps the critic estimates W₁ at ${estimate === undefined ? '—' : formatNumber(estimate, 3)}. ` +
        `Estimates so far for ${estimates.size} value${estimates.size === 1 ? '' : 's'} of θ.`
      );
    },
  };
};
