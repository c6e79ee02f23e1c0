/**
 * wgan-gp-ring: a WGAN-GP generator on the ring of eight Gaussians. Left: the critic's value surface
 * (heat map and contours), real samples as dots, generated samples as crosses with arrows where the
 * generator moves them. Right: the critic's W₁ estimate on a fixed evaluation set (one point per
 * snapshot) as the loss curve, and the modes captured. A menu switches the objective (penalty,
 * clipping, non-saturating GAN) on the same seed; for the GAN the curve is its discriminator loss.
 */
import { scaleLinear } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import { compactStep, createPanel, createSvg, drawArrows, drawAxes, drawLegend, drawLine, drawSymbols, drawTitle, formatNumber, formatPercent, narrowBelow, panelNote, toCsv } from '../plots';
import { series } from '../plots/palette';
import { renderFields, type SelectField } from './controls';
import { createCriticPlane } from './critic-plane';
import type { RunView, WidgetFactory } from './types';

/**
 * The plane and the estimate beside it at the design width; on a phone (a narrow width) the plane
 * fills the width and the estimate sits beneath it.
 */
function layoutFor(width: number) {
  if (width >= narrowBelow) return { main: { left: 48, top: 50, size: 340 }, side: { left: 450, top: 70, width: 170, height: 150 }, height: 430 };
  const size = width - 48 - 14;
  const main = { left: 48, top: 50, size };
  const side = { left: 48, top: main.top + size + 64, width: size, height: 150 };
  return { main, side, height: side.top + side.height + 130 };
}

type Choice = 'penalty' | 'clip' | 'non-saturating';

export function objectiveChoice(experiment: Experiment): Choice {
  const objective = experiment.objective;
  if (objective.kind === 'wasserstein') return objective.constraint.kind === 'clip' ? 'clip' : 'penalty';
  return 'non-saturating';
}

const objectiveField: SelectField = {
  type: 'select',
  paths: ['objective'],
  label: 'Objective',
  options: [
    { value: 'penalty', label: 'WGAN-GP (gradient penalty, λ = 10)' },
    { value: 'clip', label: 'WGAN (weight clipping, c = 0.01)' },
    { value: 'non-saturating', label: 'GAN (non-saturating)' },
  ],
  get: objectiveChoice,
  set: (draft, value) => {
    draft.objective =
      value === 'clip'
        ? { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } }
        : value === 'penalty'
          ? { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } }
          : { kind: 'non-saturating', r1Weight: 0 };
  },
};

export const createWganGpRing: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  const { main, side, height } = layoutFor(width);
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      "Left: the critic's value surface, real samples as dots and generated samples as crosses, with arrows where the generator moves them. " +
      "Right: the critic's estimate of W₁ over training, and the number of modes captured.",
  });
  const grid = spec.snapshot.discriminatorGrid!;
  const plane = createCriticPlane(svg, { left: main.left, top: main.top, size: main.size }, 'plane', [grid.x[0], grid.x[1]], plot);
  const curve = createPanel(svg, side, 'estimate');
  curve.layer('grid');
  const curveLines = curve.layer('lines', { clip: true });
  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'legend',
    [
      { kind: 'symbol', label: 'real', className: series.real, shape: 'circle' },
      { kind: 'symbol', label: 'generated', className: series.generated, shape: 'cross' },
    ],
    { x: main.left, y: 18 },
  );
  /** (step, estimate) per snapshot since the last restart. */
  const trace: Array<[number, number]> = [];
  let latest: RunView | null = null;

  return {
    frameMs: 100,

    quickControls(host) {
      renderFields(host, [objectiveField]);
    },

    draw(runs) {
      const run = runs[0];
      latest = run ?? null;
      const snapshot = run?.snapshot;
      const wasserstein = run?.experiment.objective.kind === 'wasserstein';
      if (!snapshot) trace.length = 0;
      else {
        if (trace.length && snapshot.step < trace[trace.length - 1][0]) trace.length = 0;
        const last = run.metrics[run.metrics.length - 1];
        const value = wasserstein ? snapshot.wassersteinEstimate : last?.discriminatorLoss;
        if (value !== undefined && Number.isFinite(value) && (!trace.length || trace[trace.length - 1][0] !== snapshot.step)) trace.push([snapshot.step, value]);
      }
      panelNote(plane.panel, snapshot ? '' : idleNote);
      drawTitle(plane.panel, wasserstein ? 'Critic value surface' : 'Discriminator D(x)');
      plane.draw(snapshot?.discriminatorGrid, { yLabel: 'x₂' });
      const marks = plane.panel.layer('marks');
      const empty = new Float32Array();
      drawSymbols(marks, 'generated', snapshot?.samples ?? empty, plane, { shape: 'cross', radius: 2.4, className: series.generated, canvas: true });
      const gradients = snapshot?.sampleGradients;
      drawArrows(marks, 'moves', snapshot?.samples ?? empty, gradients ? gradients.map((value) => -value) : empty, plane, { className: '', maxLength: 22, limit: 48 });
      drawSymbols(marks, 'real', snapshot?.realSamples ?? empty, plane, { shape: 'circle', radius: 2.4, className: series.real, canvas: true });

      const steps = run?.experiment.training.steps ?? 1;
      const x = scaleLinear().domain([0, steps]).range([0, side.width]);
      const values = trace.map(([, value]) => value);
      const y = scaleLinear()
        .domain([Math.min(0, ...values), Math.max(0.5, ...values)])
        .range([side.height, 0])
        .nice(4);
      drawTitle(curve, wasserstein ? 'Critic’s W₁ estimate' : 'Discriminator loss');
      drawAxes(curve, { x, y, xLabel: 'step', xTicks: 3, yTicks: 4, grid: true, xFormat: compactStep });
      drawLine(curveLines, 'estimate', trace.map(([step]) => step), values, { x, y }, series.discriminator);
      const coverage = snapshot?.modeCoverage;
      const summary = curve.layer('axes');
      summary
        .selectAll('text.sp-coverage')
        .data([coverage ? `${coverage.modesCaptured}/${coverage.modeCount} modes captured` : 'modes: waiting', coverage ? `${formatPercent(coverage.highQualityFraction)} high quality` : ''])
        .join('text')
        .attr('class', 'sp-coverage sp-legend-label')
        .attr('x', 0)
        .attr('y', (_, i) => side.height + 70 + 18 * i)
        .text((text) => text);
    },

    csv() {
      return toCsv(['step', latest?.experiment.objective.kind === 'wasserstein' ? 'w1_estimate' : 'discriminator_loss'], trace);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest?.snapshot) return 'Not started yet.';
      const coverage = latest.snapshot.modeCoverage;
      const last = trace[trace.length - 1];
      const what = latest.experiment.objective.kind === 'wasserstein' ? "critic's W₁ estimate" : 'discriminator loss';
      return (
        `Step ${latest.step}: ${what} ${last ? formatNumber(last[1], 3) : '—'}` +
        (trace.length > 1 ? ` (it was ${formatNumber(trace[0][1], 3)} at step ${trace[0][0]}).` : '.') +
        (coverage ? ` Modes captured: ${coverage.modesCaptured} of ${coverage.modeCount}; ${formatPercent(coverage.highQualityFraction)} of samples are high quality.` : '')
      );
    },
  };
};
