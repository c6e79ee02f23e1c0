/**
 * sliding-apart (Figure 2.2): P and Q, two narrow distributions of the same shape, Q shifted by θ.
 * Chapter 2 works the case of two boxes (uniform on [0, w] and [θ, θ + w]): JS = min(θ/w, 1)·log 2,
 * TV = min(θ/w, 1), KL = +∞ for every θ > 0, W₁ = θ; and the smooth case of two Gaussians with
 * KL = θ²/(2σ²). Both shapes are offered (boxes by default, as in the caption). Every value comes
 * from the engine's evaluators (boxes as Density1D objects with compact support), not from these
 * closed forms. The reader drags Q (or the θ slider) or presses Play; with reduced motion there is
 * no animation, only the slider and the handle.
 */
import { scaleLinear } from 'd3';
import { z } from '../../engine/zod';
import { densityOf, divergenceDensity, w1Density, type Density1D } from '../../engine/divergences/evaluate';
import {
  createHandle,
  createPanel,
  createSvg,
  drawArea,
  drawAxes,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawSegments,
  drawTitle,
  legendBand,
  narrowBelow,
  type LegendItem,
  keyed,
  symbolPath,
  toCsv,
  type Panel,
} from '../plots';
import { series } from '../plots/palette';
import { valueWords } from './divergence-menu';
import { button, group, selectControl, sliderControl, type ControlHandle } from './explorer-controls';
import type { ExplorerFactory } from './explorer-types';
import { createValuesTable } from './values-table';

const THETA_MAX = 5;
const StateSchema = z.strictObject({
  shape: z.enum(['boxes', 'gaussians']),
  theta: z.number().min(0).max(THETA_MAX),
  /** The box width w, or the Gaussians' σ. */
  width: z.number().min(0.2).max(2),
});
export type SlidingApartState = z.output<typeof StateSchema>;

const defaults: SlidingApartState = { shape: 'boxes', theta: 0.5, width: 1 };

/** Uniform density on [start, start + width] as the evaluators' Density1D (compact support). */
export function boxDensity(start: number, width: number): Density1D {
  const logInside = -Math.log(width);
  return {
    logDensity: (x) => (x >= start && x <= start + width ? logInside : -Infinity),
    cdf: (x) => (x <= start ? 0 : x >= start + width ? 1 : (x - start) / width),
    survival: (x) => (x <= start ? 1 : x >= start + width ? 0 : (start + width - x) / width),
    breakpoints: [start, start + width],
    scale: width,
  };
}

function densities(state: Pick<SlidingApartState, 'shape' | 'width'>, theta: number): [Density1D, Density1D] {
  return state.shape === 'boxes'
    ? [boxDensity(0, state.width), boxDensity(theta, state.width)]
    : [densityOf({ kind: 'normal', mean: 0, std: state.width }, 'P'), densityOf({ kind: 'normal', mean: theta, std: state.width }, 'Q')];
}

const quantities = ['js', 'tv', 'kl', 'w1'] as const;
type Quantity = (typeof quantities)[number];
type Values = Record<Quantity, number>;

function valuesAt(state: Pick<SlidingApartState, 'shape' | 'width'>, theta: number): Values {
  const [p, q] = densities(state, theta);
  return {
    js: divergenceDensity('js', p, q),
    tv: divergenceDensity('tv', p, q),
    kl: divergenceDensity('kl', p, q),
    w1: w1Density(p, q),
  };
}

const names: Record<Quantity, string> = {
  js: 'Jensen–Shannon JS',
  tv: 'Total variation TV',
  kl: 'Kullback–Leibler KL(P‖Q)',
  w1: 'Wasserstein-1 W₁',
};

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────

const topLegendItems: LegendItem[] = [
  { kind: 'area', label: 'P (data)', className: series.real },
  { kind: 'area', label: 'Q (model), shifted by θ', className: series.generated },
];

/**
 * The densities on top, the divergences and W₁ side by side beneath at the design width; on a
 * phone (a narrow width) all three stacked, the divergences' legend above their title.
 */
function layoutFor(width: number) {
  const legend = legendBand(topLegendItems, width, { x: 56, y: 18 }, width < narrowBelow);
  if (width >= narrowBelow) {
    return {
      legend,
      densityBox: { left: 56, top: 48, width: 560, height: 136 },
      divergenceBox: { left: 56, top: 262, width: 318, height: 150 },
      distanceBox: { left: 436, top: 262, width: 180, height: 150 },
      bottomLegendAt: { x: 56 + 92, y: 262 - 10 },
      height: 460,
    };
  }
  const inner = width - 56 - 16;
  const densityBox = { left: 56, top: 48 + legend.extra, width: inner, height: 136 };
  const divergenceBox = { left: 56, top: densityBox.top + 214 + 18, width: inner, height: 150 };
  const distanceBox = { left: 56, top: divergenceBox.top + 150 + 70, width: inner, height: 150 };
  return { legend, densityBox, divergenceBox, distanceBox, bottomLegendAt: { x: 56, y: divergenceBox.top - 32 }, height: distanceBox.top + 150 + 48 };
}
const X_DOMAIN: [number, number] = [-2.5, 7.5];
const curvePoints = 126;
/** The y axis of the divergence panel: JS ≤ log 2 and TV ≤ 1 fit, KL runs off the top. */
const DIVERGENCE_TOP = 1.3;
/** Seconds for Play to sweep θ over its whole range. */
const sweepSeconds = 9;

export const createSlidingApart: ExplorerFactory<SlidingApartState> = ({ plot, controls, title, reducedMotion, changed, width = 640 }) => {
  const { legend, densityBox, divergenceBox, distanceBox, bottomLegendAt, height } = layoutFor(width);
  const svg = createSvg(plot, {
    width,
    height,
    title,
    interactive: true,
    description:
      'Top: P and Q, Q shifted by θ. Bottom left: JS, TV and KL against θ, with log 2 marked. ' +
      'Bottom right: W₁ against θ. A vertical line marks the current θ.',
  });
  const densityPanel = createPanel(svg, densityBox, 'densities');
  densityPanel.layer('grid');
  const densityAreas = densityPanel.layer('areas', { clip: true });
  const densityLines = densityPanel.layer('lines', { clip: true });
  densityPanel.layer('axes');
  const handleLayer = densityPanel.layer('handles');

  const divergencePanel = createPanel(svg, divergenceBox, 'divergences');
  divergencePanel.layer('grid');
  const divergenceLines = divergencePanel.layer('lines', { clip: true });
  divergencePanel.layer('axes');
  const divergenceMarks = divergencePanel.layer('marks');

  const distancePanel = createPanel(svg, distanceBox, 'distance');
  distancePanel.layer('grid');
  const distanceLines = distancePanel.layer('lines', { clip: true });
  distancePanel.layer('axes');
  const distanceMarks = distancePanel.layer('marks');

  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(
    legendLayer,
    'top-legend',
    topLegendItems,
    legend.at,
    legend.maxWidth,
  );
  drawLegend(
    legendLayer,
    'bottom-legend',
    [
      { kind: 'line', label: 'JS', className: 'sp-js' },
      { kind: 'line', label: 'TV', className: 'sp-tv' },
      { kind: 'line', label: 'KL(P‖Q)', className: 'sp-kl' },
    ],
    bottomLegendAt,
  );

  const table = createValuesTable('Values at the current shift θ');

  const x = scaleLinear().domain(X_DOMAIN).range([0, densityBox.width]);
  const densityY = scaleLinear().domain([0, 1]).range([densityBox.height, 0]);
  const theta = scaleLinear().domain([0, THETA_MAX]).range([0, divergenceBox.width]);
  const thetaRight = scaleLinear().domain([0, THETA_MAX]).range([0, distanceBox.width]);
  const divergenceY = scaleLinear().domain([0, DIVERGENCE_TOP]).range([divergenceBox.height, 0]);
  const distanceY = scaleLinear().domain([0, THETA_MAX]).range([distanceBox.height, 0]);

  let state: SlidingApartState = { ...defaults };
  let current: Values = valuesAt(state, state.theta);
  let curvesKey = '';
  let curves: { thetas: number[]; values: Values[] } = { thetas: [], values: [] };
  let drawQueued = false;

  // Play: θ sweeps upwards in real time; paused when off screen, gone with reduced motion.
  let playing = false;
  let visible = false;
  let frame = 0;
  let lastTime = 0;

  const qHandle = createHandle(
    handleLayer,
    'theta',
    {
      label: 'Shift θ of Q',
      min: 0,
      max: THETA_MAX,
      step: 0.05,
      largeStep: 0.5,
      shape: 'diamond',
      className: series.generated,
      axis: 'x',
      valueText: (value) => `θ = ${valueWords(value, 3)}`,
      current: () => state.theta,
    },
    // Q is dragged by its centre: θ = pointer − half a box (boxes), pointer − 0 (Gaussians).
    (px) => Math.round((x.invert(px) - centreOffset()) * 100) / 100,
    (value, settled) => setTheta(value, settled),
  );

  // ── Controls ──────────────────────────────────────────────────────────────────────────────────
  const setters: Array<() => void> = [];
  const track = <T,>(handle: ControlHandle<T>, read: () => T) => {
    setters.push(() => handle.set(read()));
    return handle.element;
  };
  const thetaControl = track(
    sliderControl({
      label: 'Shift θ',
      name: 'theta',
      min: 0,
      max: THETA_MAX,
      step: 0.01,
      value: state.theta,
      onChange: (value) => setTheta(value, true),
    }),
    () => state.theta,
  );
  let playButton: HTMLButtonElement | null = null;
  const motion = document.createElement('div');
  motion.className = 'sp-control-buttons';
  if (reducedMotion) {
    const note = document.createElement('p');
    note.className = 'sp-control-hint';
    note.textContent = 'Animation is off (reduced motion): move θ with the slider or the handle.';
    motion.append(note);
  } else {
    playButton = button('Play', () => (playing ? stop() : play()), { name: 'play' });
    playButton.setAttribute('aria-pressed', 'false');
    motion.append(playButton);
  }
  const choices = group(
    'Shift and shape',
    [
      thetaControl,
      motion,
      track(
        selectControl({
          label: 'Shape',
          name: 'shape',
          options: [
            { value: 'boxes', label: 'Boxes (uniform on an interval)' },
            { value: 'gaussians', label: 'Gaussians' },
          ],
          value: state.shape,
          onChange: (shape) => apply({ ...state, shape: shape as SlidingApartState['shape'] }, true),
        }),
        () => state.shape,
      ),
      track(
        sliderControl({
          label: 'Width (box width w, or σ)',
          name: 'width',
          min: 0.2,
          max: 2,
          step: 0.05,
          value: state.width,
          onChange: (value) => apply({ ...state, width: value }, true),
        }),
        () => state.width,
      ),
    ],
    'sp-group-narrow',
  );
  const pair = document.createElement('div');
  pair.className = 'sp-explorer-pair';
  pair.append(table.element, choices);
  controls.append(pair);

  function centreOffset(): number {
    return state.shape === 'boxes' ? state.width / 2 : 0;
  }

  function setTheta(value: number, settled: boolean): void {
    apply({ ...state, theta: Math.min(THETA_MAX, Math.max(0, Number(value.toPrecision(10)))) }, settled);
  }

  function apply(next: SlidingApartState, settled: boolean): void {
    const parsed = StateSchema.safeParse(next);
    if (!parsed.success) return;
    state = parsed.data;
    render();
    changed(settled);
  }

  function render(): void {
    const key = `${state.shape}|${state.width}`;
    if (key !== curvesKey) {
      curvesKey = key;
      const thetas = Array.from({ length: curvePoints }, (_, i) => (THETA_MAX * i) / (curvePoints - 1));
      curves = { thetas, values: thetas.map((value) => valuesAt(state, value)) };
    }
    current = valuesAt(state, state.theta);
    for (const set of setters) set();
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  // ── Animation ─────────────────────────────────────────────────────────────────────────────────

  function play(): void {
    if (reducedMotion) return;
    if (state.theta >= THETA_MAX - 1e-9) setTheta(0, false);
    playing = true;
    playButton?.setAttribute('aria-pressed', 'true');
    if (playButton) playButton.textContent = 'Pause';
    lastTime = 0;
    if (visible) frame = requestAnimationFrame(tick);
  }

  function stop(): void {
    playing = false;
    cancelAnimationFrame(frame);
    playButton?.setAttribute('aria-pressed', 'false');
    if (playButton) playButton.textContent = 'Play';
    changed(true);
  }

  function tick(time: number): void {
    if (!playing || !visible) return;
    const elapsed = lastTime ? Math.min(0.1, (time - lastTime) / 1000) : 0;
    lastTime = time;
    const next = state.theta + (elapsed * THETA_MAX) / sweepSeconds;
    if (next >= THETA_MAX) {
      setTheta(THETA_MAX, true);
      stop();
      return;
    }
    setTheta(next, false);
    frame = requestAnimationFrame(tick);
  }

  // ── Drawing ───────────────────────────────────────────────────────────────────────────────────

  function draw(): void {
    // Top: the two densities.
    const [p, q] = densities(state, state.theta);
    const xs: number[] = [];
    const ps: number[] = [];
    const qs: number[] = [];
    const addPoint = (at: number) => {
      xs.push(at);
      ps.push(Math.exp(p.logDensity(at)));
      qs.push(Math.exp(q.logDensity(at)));
    };
    if (state.shape === 'boxes') {
      // Exact corners: the box edges, just outside and just inside.
      const edges = [0, state.width, state.theta, state.theta + state.width];
      const points = new Set<number>([X_DOMAIN[0], X_DOMAIN[1]]);
      for (const edge of edges) for (const offset of [-1e-9, 1e-9]) points.add(edge + offset);
      for (const at of [...points].sort((a, b) => a - b)) addPoint(at);
    } else {
      for (let i = 0; i <= 400; i++) addPoint(X_DOMAIN[0] + ((X_DOMAIN[1] - X_DOMAIN[0]) * i) / 400);
    }
    const peak = state.shape === 'boxes' ? 1 / state.width : 1 / (state.width * Math.sqrt(2 * Math.PI));
    densityY.domain([0, peak * 1.25]).nice(4);
    drawAxes(densityPanel, { x, y: densityY, xLabel: 'x', yLabel: 'density', xTicks: 10, yTicks: 3, grid: true });
    drawArea(densityAreas, 'p', xs, ps, { x, y: densityY }, series.real);
    drawArea(densityAreas, 'q', xs, qs, { x, y: densityY }, series.generated);
    drawLine(densityLines, 'p', xs, ps, { x, y: densityY }, series.real);
    drawLine(densityLines, 'q', xs, qs, { x, y: densityY }, series.generated);
    qHandle.place(x(state.theta + centreOffset()), densityY(peak), state.theta);
    // A bracket from P's centre to Q's centre shows θ.
    const bracketY = densityY(peak) - 16;
    drawSegments(
      densityLines,
      'shift',
      [[x(centreOffset()), bracketY, x(state.theta + centreOffset()), bracketY]],
      'sp-width-guide',
    );
    keyed(densityPanel.layer('handles'), 'text', 'shift-label')
      .attr('class', 'sp-axis-caption')
      .attr('x', x(centreOffset() + state.theta / 2))
      .attr('y', bracketY - 5)
      .attr('text-anchor', 'middle')
      .text(state.theta > 0.15 ? `θ = ${valueWords(state.theta, 3)}` : '');

    // Bottom left: JS, TV, KL against θ.
    drawAxes(divergencePanel, {
      x: theta,
      y: divergenceY,
      xLabel: 'shift θ',
      yLabel: 'divergence',
      xTicks: 5,
      yTicks: 4,
      grid: true,
    });
    drawTitle(divergencePanel, 'Divergences');
    const thetas = curves.thetas;
    drawHorizontalRule(divergenceLines, 'log2', Math.LN2, divergenceY, divergenceBox.width, 'sp-log2');
    keyed(divergenceMarks, 'text', 'log2-label')
      .attr('class', 'sp-axis-caption')
      .attr('x', divergenceBox.width - 4)
      .attr('y', divergenceY(Math.LN2) + 13)
      .attr('text-anchor', 'end')
      .text('log 2 ≈ 0.693');
    drawLine(divergenceLines, 'js', thetas, curves.values.map((v) => v.js), { x: theta, y: divergenceY }, 'sp-js');
    drawLine(divergenceLines, 'tv', thetas, curves.values.map((v) => v.tv), { x: theta, y: divergenceY }, 'sp-tv');
    // KL: infinite values are drawn along the top edge (and said so), finite ones as they are.
    const klShown = curves.values.map((v) => (v.kl === Infinity ? DIVERGENCE_TOP : v.kl));
    drawLine(divergenceLines, 'kl', thetas, klShown, { x: theta, y: divergenceY }, 'sp-kl');
    const klInfinite = curves.values.some((v, i) => v.kl === Infinity && thetas[i] > 0);
    keyed(divergenceMarks, 'text', 'kl-label')
      .attr('class', 'sp-axis-caption sp-kl-label')
      .attr('x', divergenceBox.width - 4)
      .attr('y', 12)
      .attr('text-anchor', 'end')
      .text(klInfinite ? 'KL = ∞ for every θ > 0 ↑' : 'KL = θ²/(2σ²) leaves the chart ↑');

    // Bottom right: W₁ against θ.
    drawAxes(distancePanel, { x: thetaRight, y: distanceY, xLabel: 'shift θ', yLabel: 'W₁ (units of x)', xTicks: 5, yTicks: 5, grid: true, yLabelOffset: 36 });
    drawTitle(distancePanel, 'Wasserstein-1');
    drawLine(distanceLines, 'w1', thetas, curves.values.map((v) => v.w1), { x: thetaRight, y: distanceY }, 'sp-w1');

    // The current θ, and the current values on each curve.
    const marker = (panel: Panel, layer: typeof divergenceMarks, scale: typeof theta, key: string) => {
      keyed(layer, 'path', `${key}-now`)
        .attr('class', 'sp-now')
        .attr('d', `M${scale(state.theta)},0V${panel.height}`);
    };
    marker(divergencePanel, divergenceMarks, theta, 'divergence');
    marker(distancePanel, distanceMarks, thetaRight, 'distance');
    const dots: Array<{ key: string; cx: number; cy: number; className: string }> = [
      { key: 'js', cx: theta(state.theta), cy: divergenceY(current.js), className: 'sp-js' },
      { key: 'tv', cx: theta(state.theta), cy: divergenceY(current.tv), className: 'sp-tv' },
      { key: 'kl', cx: theta(state.theta), cy: divergenceY(Math.min(current.kl, DIVERGENCE_TOP)), className: 'sp-kl' },
    ];
    for (const dot of dots) {
      keyed(divergenceMarks, 'path', `dot-${dot.key}`)
        .attr('class', `sp-dot ${dot.className}`)
        .attr('d', Number.isFinite(dot.cy) ? symbolPath('circle', dot.cx, dot.cy, 3.5) : '');
    }
    keyed(distanceMarks, 'path', 'dot-w1')
      .attr('class', 'sp-dot sp-w1')
      .attr('d', symbolPath('circle', thetaRight(state.theta), distanceY(current.w1), 3.5));

    table.update(
      quantities.map((id) => ({
        id,
        name: names[id],
        value: current[id],
        note: id === 'js' && Math.abs(current.js - Math.LN2) < 5e-6 ? '(= log 2)' : undefined,
      })),
    );
  }

  return {
    stateSchema: StateSchema,
    defaultState: () => ({ ...defaults }),
    getState: () => ({ ...state }),
    setState(next) {
      if (playing) stop();
      state = { ...next };
      render();
    },

    setVisible(isVisible) {
      visible = isVisible;
      if (!visible) cancelAnimationFrame(frame);
      else if (playing) {
        lastTime = 0;
        frame = requestAnimationFrame(tick);
      }
    },

    dispose() {
      playing = false;
      cancelAnimationFrame(frame);
    },

    csv() {
      const rows = curves.thetas.map((value, i) => {
        const entry = curves.values[i];
        return [value, entry.js, entry.tv, entry.kl === Infinity ? 'Infinity' : entry.kl, entry.w1];
      });
      return toCsv(['theta', 'js', 'tv', 'kl', 'w1'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      const shape = state.shape === 'boxes' ? `boxes of width ${valueWords(state.width, 3)}` : `Gaussians with σ = ${valueWords(state.width, 3)}`;
      const saturated = Math.abs(current.js - Math.LN2) < 5e-4 ? ' (log 2: saturated)' : '';
      return (
        `Two ${shape}, Q shifted by θ = ${valueWords(state.theta, 3)}. ` +
        `JS ${valueWords(current.js)}${saturated}, TV ${valueWords(current.tv)}, KL ${valueWords(current.kl)}, W₁ ${valueWords(current.w1)}.`
      );
    },
  };
};
