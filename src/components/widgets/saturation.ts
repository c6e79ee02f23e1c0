/**
 * saturation: the same experiment trained twice, side by side, with the two generator objectives:
 * minimax (G minimises log(1 − D(G(z))), which saturates when D rejects the fakes) and
 * non-saturating (G minimises −log D(G(z))). Each panel shows the generator's gradient norm per
 * iteration on a shared log scale, and beneath it the mean of D(G(z)), estimated at each snapshot
 * from the generator's histogram and D on the grid.
 */
import { scaleLinear, scaleLog } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import type { Snapshot } from '../../engine/worker/protocol';
import {
  compactStep,
  thinned,
  createPanel,
  createSvg,
  drawAxes,
  drawHorizontalRule,
  drawLine,
  formatNumber,
  formatPowerOfTen,
  keyed,
  narrowBelow,
  panelNote,
  toCsv,
  type Panel,
} from '../plots';
import { series } from '../plots/palette';
import { discriminatorStepsField, learningRateFields, renderFields } from './controls';
import type { RunSpec, RunView, WidgetFactory } from './types';

const columns = [
  { key: 'minimax', left: 64, title: 'Minimax (saturating)', subtitle: 'G minimises log(1 − D(G(z)))' },
  { key: 'non-saturating', left: 374, title: 'Non-saturating', subtitle: 'G minimises −log D(G(z))' },
] as const;
const gradient = { top: 58, height: 170 };
const fooled = { top: gradient.top + gradient.height + 58, height: 72 };

/** Mean D(G(z)) from the generator's histogram density and D on the same grid; NaN if unavailable. */
export function meanDiscriminatorOnGenerated(snapshot: Snapshot | null | undefined): number {
  const density = snapshot?.generatorDensity?.density;
  const values = snapshot?.discriminatorGrid?.values;
  if (!density || !values || density.length !== values.length) return Number.NaN;
  let mass = 0;
  let weighted = 0;
  for (let i = 0; i < density.length; i++) {
    if (!Number.isFinite(density[i]) || !Number.isFinite(values[i])) continue;
    mass += density[i];
    weighted += density[i] * values[i];
  }
  return mass > 0 ? weighted / mass : Number.NaN;
}

interface ColumnParts {
  gradientPanel: Panel;
  fooledPanel: Panel;
  /** (step, mean D(G(z))) per snapshot since the last restart. */
  trace: Array<[number, number]>;
}

/** The height of one column (titles, the two panels and their axes). */
const columnHeight = 400;

export const createSaturation: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // Side by side at the design width; on a phone (a narrow width) one column above the other.
  const narrow = width < narrowBelow;
  const panelWidth = narrow ? width - 64 - 16 : 236;
  const places = columns.map((column, index) => (narrow ? { left: 64, top: index * columnHeight } : { left: column.left, top: 0 }));
  const height = narrow ? columnHeight + 410 : 410;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Two panels, minimax on the left and non-saturating on the right, trained from the same seed. ' +
      "Top: the generator's gradient norm per iteration on a logarithmic scale. Bottom: the mean of D(G(z)).",
  });
  const parts: ColumnParts[] = columns.map((column, index) => {
    const { left, top } = places[index];
    const gradientPanel = createPanel(svg, { left, top: top + gradient.top, width: panelWidth, height: gradient.height }, `gradient-${column.key}`);
    gradientPanel.layer('grid');
    gradientPanel.layer('lines', { clip: true });
    const fooledPanel = createPanel(svg, { left, top: top + fooled.top, width: panelWidth, height: fooled.height }, `fooled-${column.key}`);
    fooledPanel.layer('grid');
    fooledPanel.layer('lines', { clip: true });
    const titles = gradientPanel.layer('axes');
    keyed(titles, 'text', 'title').attr('class', 'sp-panel-title').attr('x', 0).attr('y', -30).text(column.title);
    keyed(titles, 'text', 'subtitle').attr('class', 'sp-axis-caption').attr('x', 0).attr('y', -13).text(column.subtitle);
    return { gradientPanel, fooledPanel, trace: [] };
  });

  let latest: readonly RunView[] = [];

  return {
    runs(experiment: Experiment): RunSpec[] {
      return columns.map((column) => {
        const copy = structuredClone(experiment);
        copy.objective = { kind: column.key, r1Weight: 0 };
        return { key: column.key, label: column.title.toLowerCase(), experiment: copy };
      });
    },

    controls(host) {
      renderFields(host, [...learningRateFields(), discriminatorStepsField()]);
    },

    draw(runs) {
      latest = runs;
      const steps = runs[0]?.experiment.training.steps ?? 1;
      const x = scaleLinear().domain([0, steps]).range([0, panelWidth]);

      // One log scale for both panels, so their heights compare directly.
      let low = Infinity;
      let high = 0;
      for (const run of runs) {
        for (const entry of run.metrics) {
          const value = entry.generatorGradNorm;
          if (Number.isFinite(value) && value > 0) {
            low = Math.min(low, value);
            high = Math.max(high, value);
          }
        }
      }
      if (!(low <= high)) [low, high] = [1e-4, 1];
      const lowDecade = Math.pow(10, Math.floor(Math.log10(low)));
      const highDecade = Math.pow(10, Math.ceil(Math.log10(high)));
      const y = scaleLog()
        .domain([lowDecade, Math.max(highDecade, lowDecade * 100)])
        .range([gradient.height, 0]);
      const decades = Math.round(Math.log10(y.domain()[1] / y.domain()[0]));
      const tickValues = y.ticks().filter((tick) => formatPowerOfTen(tick) !== '');
      const everyOther = decades > 6;
      const probability = scaleLinear().domain([0, 1]).range([fooled.height, 0]);

      columns.forEach((column, index) => {
        const run = runs.find((candidate) => candidate.key === column.key);
        const { gradientPanel, fooledPanel } = parts[index];
        panelNote(gradientPanel, run?.snapshot ? '' : idleNote);
        drawAxes(gradientPanel, {
          x,
          y: y as never,
          yLabel: index === 0 ? 'generator gradient norm' : '',
          xTicks: 4,
          yTicks: decades,
          xFormat: compactStep,
          yFormat: (value) => {
            const label = formatPowerOfTen(value);
            if (!label || !everyOther) return label;
            return Math.round(Math.log10(value)) % 2 === 0 ? label : '';
          },
          grid: false,
        });
        // Grid lines at whole decades only (d3's log ticks include 2×, 3×, …).
        keyed(gradientPanel.layer('grid'), 'g', 'decades')
          .attr('class', 'sp-grid')
          .selectAll('line')
          .data(tickValues)
          .join('line')
          .attr('x1', 0)
          .attr('x2', panelWidth)
          .attr('y1', (tick) => y(tick))
          .attr('y2', (tick) => y(tick));
        const metrics = thinned(run?.metrics ?? [], 800);
        drawLine(
          gradientPanel.layer('lines'),
          'gradient',
          metrics.map((entry) => entry.step),
          metrics.map((entry) => (entry.generatorGradNorm > 0 ? entry.generatorGradNorm : Number.NaN)),
          { x, y },
          series.generated,
        );

        const trace = parts[index].trace;
        const snapshot = run?.snapshot;
        if (!snapshot) trace.length = 0;
        else {
          if (trace.length && snapshot.step < trace[trace.length - 1][0]) trace.length = 0;
          const mean = meanDiscriminatorOnGenerated(snapshot);
          if (Number.isFinite(mean) && (!trace.length || trace[trace.length - 1][0] !== snapshot.step)) trace.push([snapshot.step, mean]);
        }
        drawAxes(fooledPanel, {
          x,
          y: probability,
          yLabel: index === 0 ? 'mean D(G(z))' : '',
          xLabel: 'training step',
          yTicks: 2,
          xTicks: 4,
          xFormat: compactStep,
          yFormat: (value) => (value === 0.5 ? '½' : String(value)),
          grid: true,
        });
        drawHorizontalRule(fooledPanel.layer('lines'), 'half', 0.5, probability, panelWidth, 'sp-half');
        drawLine(
          fooledPanel.layer('lines'),
          'fooled',
          trace.map(([step]) => step),
          trace.map(([, value]) => value),
          { x, y: probability },
          series.discriminator,
        );
      });
    },

    csv() {
      const header = ['step'];
      for (const column of columns) {
        const name = column.key.replace('-', '_');
        header.push(`${name}_generator_grad_norm`, `${name}_generator_loss`, `${name}_discriminator_loss`, `${name}_mean_D_of_G_z`);
      }
      const byStep = new Map<number, Array<number | string>>();
      const row = (step: number) => {
        let entry = byStep.get(step);
        if (!entry) {
          entry = [step, ...Array<string>(header.length - 1).fill('')];
          byStep.set(step, entry);
        }
        return entry;
      };
      columns.forEach((column, index) => {
        const run = latest.find((candidate) => candidate.key === column.key);
        const offset = 1 + 4 * index;
        for (const entry of run?.metrics ?? []) {
          const cells = row(entry.step);
          cells[offset] = entry.generatorGradNorm;
          cells[offset + 1] = entry.generatorLoss;
          cells[offset + 2] = entry.discriminatorLoss;
        }
        for (const [step, value] of parts[index].trace) row(step)[offset + 3] = value;
      });
      const rows = [...byStep.values()].sort((a, b) => (a[0] as number) - (b[0] as number));
      return toCsv(header, rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      const sentences = columns.map((column, index) => {
        const run = latest.find((candidate) => candidate.key === column.key);
        const last = run?.metrics[run.metrics.length - 1];
        const trace = parts[index].trace;
        const fooledNow = trace.length ? trace[trace.length - 1][1] : Number.NaN;
        if (!last) return `${column.title}: no steps yet.`;
        return (
          `${column.title}: generator gradient norm ${formatNumber(last.generatorGradNorm)} at step ${last.step}` +
          (Number.isFinite(fooledNow) ? `, mean D(G(z)) ${formatNumber(fooledNow, 2)}.` : '.')
        );
      });
      const ratio = medianRatio(latest);
      if (Number.isFinite(ratio)) {
        sentences.push(`So far the non-saturating gradient is typically ${formatNumber(ratio, 2)} times the minimax one.`);
      }
      return sentences.join(' ');
    },
  };
};

/** Median over common steps of (non-saturating gradient norm) / (minimax gradient norm). */
function medianRatio(runs: readonly RunView[]): number {
  const minimax = runs.find((run) => run.key === 'minimax');
  const nonSaturating = runs.find((run) => run.key === 'non-saturating');
  if (!minimax || !nonSaturating) return Number.NaN;
  const byStep = new Map(minimax.metrics.map((entry) => [entry.step, entry.generatorGradNorm]));
  const ratios: number[] = [];
  for (const entry of nonSaturating.metrics) {
    const other = byStep.get(entry.step);
    if (other !== undefined && other > 0 && Number.isFinite(other) && Number.isFinite(entry.generatorGradNorm)) {
      ratios.push(entry.generatorGradNorm / other);
    }
  }
  if (!ratios.length) return Number.NaN;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}
