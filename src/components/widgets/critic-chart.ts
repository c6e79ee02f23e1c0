/**
 * The 1-D chart of the f-GAN figures: the data density p and the model density q on the left axis,
 * and on the right axis the critic T(x) = g_f(V(x)), the optimal critic T*(x) = f′(p/q) and the
 * threshold T = f′(1) (where the critic cannot tell real from fake). The critic axis follows the
 * curves without twitching: it grows at once and shrinks gently, and T* only counts where p or q
 * has mass (elsewhere it runs off to ±∞, e.g. 1 + log(p/q) for KL).
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import { getDivergence, type FDivergence } from '../../engine/divergences/registry';
import { drawArea, drawAxes, drawHorizontalRule, drawLine, keyed, type Panel } from '../plots';
import { series } from '../plots/palette';
import { objectiveDivergence } from './fgan-controls';
import { finiteMax } from './one-dimensional';
import type { RunView } from './types';

export interface CriticCurves {
  xs: ArrayLike<number>;
  dataDensity?: ArrayLike<number>;
  modelDensity?: ArrayLike<number>;
  critic?: ArrayLike<number>;
  optimalCritic?: ArrayLike<number>;
  /** f′(1), drawn as a dashed rule on the critic axis. */
  threshold?: number;
}

export interface CriticChart {
  x: ScaleLinear<number, number>;
  density: ScaleLinear<number, number>;
  critic: ScaleLinear<number, number>;
  draw(curves: CriticCurves): void;
}

export function createCriticChart(panel: Panel, xDomain: [number, number]): CriticChart {
  const x = scaleLinear().domain(xDomain).range([0, panel.width]);
  const density = scaleLinear().domain([0, 1]).range([panel.height, 0]);
  const critic = scaleLinear().domain([-1, 1]).range([panel.height, 0]);
  panel.layer('grid');
  const areas = panel.layer('areas', { clip: true });
  const lines = panel.layer('lines', { clip: true });
  panel.layer('axes');
  let densityTop = 0;
  let criticRange: [number, number] | null = null;

  return {
    x,
    density,
    critic,
    draw(curves) {
      const peak = Math.max(finiteMax(curves.dataDensity), finiteMax(curves.modelDensity), 0.05) * 1.12;
      densityTop = peak > densityTop ? peak : densityTop + (peak - densityTop) * 0.15;
      density.domain([0, densityTop]);

      // The critic's range: T everywhere, T* where the densities have mass, and the threshold.
      let low = Infinity;
      let high = -Infinity;
      const include = (value: number) => {
        if (!Number.isFinite(value)) return;
        low = Math.min(low, value);
        high = Math.max(high, value);
      };
      if (curves.critic) for (let i = 0; i < curves.critic.length; i++) include(curves.critic[i]);
      if (curves.optimalCritic) {
        const floor = 0.02 * peak;
        for (let i = 0; i < curves.optimalCritic.length; i++) {
          const mass = (curves.dataDensity?.[i] ?? 0) + (curves.modelDensity?.[i] ?? 0);
          if (mass > floor) include(curves.optimalCritic[i]);
        }
      }
      if (curves.threshold !== undefined) include(curves.threshold);
      if (!(low <= high)) [low, high] = [-1, 1];
      const pad = Math.max(0.1, (high - low) * 0.08);
      const target: [number, number] = [low - pad, high + pad];
      if (!criticRange) criticRange = target;
      else {
        const ease = 0.15;
        criticRange = [
          target[0] < criticRange[0] ? target[0] : criticRange[0] + (target[0] - criticRange[0]) * ease,
          target[1] > criticRange[1] ? target[1] : criticRange[1] + (target[1] - criticRange[1]) * ease,
        ];
      }
      critic.domain(criticRange);

      drawAxes(panel, {
        x,
        y: density,
        yRight: critic,
        xLabel: 'x',
        yLabel: 'density',
        yRightLabel: 'critic T(x)',
        yTicks: 4,
        grid: true,
      });
      const empty: number[] = [];
      const xs = curves.xs;
      drawArea(areas, 'data', xs, curves.dataDensity ?? empty, { x, y: density }, series.real);
      drawArea(areas, 'model', xs, curves.modelDensity ?? empty, { x, y: density }, series.generated);
      drawLine(lines, 'data', xs, curves.dataDensity ?? empty, { x, y: density }, series.real);
      drawLine(lines, 'model', xs, curves.modelDensity ?? empty, { x, y: density }, series.generated);
      if (curves.threshold !== undefined) {
        drawHorizontalRule(lines, 'threshold', curves.threshold, critic, panel.width, 'sp-threshold');
        keyed(panel.layer('axes'), 'text', 'threshold-label')
          .attr('class', 'sp-axis-caption')
          .attr('x', panel.width - 4)
          .attr('y', critic(curves.threshold) - 4)
          .attr('text-anchor', 'end')
          .text(`f′(1) = ${Number(curves.threshold.toPrecision(3))}`);
      }
      drawLine(lines, 'optimal', xs, curves.optimalCritic ?? empty, { x, y: critic }, series.reference);
      drawLine(lines, 'critic', xs, curves.critic ?? empty, { x, y: critic }, series.discriminator);
    },
  };
}

/** The divergence a run trains with: the snapshot's, else its objective's (KL before any run). */
export function runDivergence(run: RunView | undefined): FDivergence {
  return getDivergence(run?.snapshot?.divergence ?? (run ? objectiveDivergence(run.experiment) : 'kl'));
}

/**
 * Draw a run's latest snapshot: the densities, the critic, the optimal critic if `optimal`, and the
 * threshold f′(1) of the run's divergence where it is finite. Returns that divergence.
 */
export function drawCriticSnapshot(chart: CriticChart, run: RunView | undefined, options: { optimal?: boolean } = {}): FDivergence {
  const snapshot = run?.snapshot;
  const divergence = runDivergence(run);
  chart.draw({
    xs: snapshot?.discriminatorGrid?.x ?? [],
    dataDensity: snapshot?.dataDensity?.density,
    modelDensity: snapshot?.generatorDensityExact?.density,
    critic: snapshot?.critic?.values,
    optimalCritic: options.optimal ? snapshot?.optimalCritic?.values : undefined,
    threshold: Number.isFinite(divergence.derivativeAtOne) ? divergence.derivativeAtOne : undefined,
  });
  return divergence;
}

/** The chart's columns of CSV row i: x, data density, model density, critic (empty past the grid). */
export function criticCsvCells(snapshot: RunView['snapshot'] | undefined, i: number): Array<number | string> {
  const xs = snapshot?.discriminatorGrid?.x ?? new Float32Array();
  if (i >= xs.length) return ['', '', '', ''];
  return [xs[i], snapshot?.dataDensity?.density[i] ?? '', snapshot?.generatorDensityExact?.density[i] ?? '', snapshot?.critic?.values[i] ?? ''];
}
