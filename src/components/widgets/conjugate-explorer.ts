/**
 * conjugate-explorer (Figure 3.1): the convex conjugate f*(t) = sup_u [u·t − f(u)] as a supporting
 * line. Left: the generator f(u) of a registry divergence, a fan of supporting lines u·t′ − f*(t′)
 * (their envelope is f), and the line of the chosen slope t, touching f at u_t (where f′(u_t) = t
 * when f is smooth) and crossing the vertical axis at −f*(t); the line u·t through the origin and
 * the vertical gap f*(t) = u_t·t − f(u_t) show the "largest gap" reading. Right: f* itself, its
 * domain shaded, with the current (t, f*(t)). The slope t is dragged on either plot (or typed).
 * Every f, f* and f′ value comes from the registry record.
 */
import { scaleLinear } from 'd3';
import { z } from '../../engine/zod';
import { getDivergence, inConjugateDomain, type FDivergence } from '../../engine/divergences/registry';
import {
  createHandle,
  createPanel,
  createSvg,
  drawAxes,
  drawLegend,
  legendBand,
  narrowBelow,
  type LegendItem,
  drawLine,
  drawSegments,
  drawTitle,
  keyed,
  symbolPath,
  toCsv,
} from '../plots';
import { alphaControl, alphaSchema, choiceSchema, menuOptions, resolveChoice, valueWords } from './divergence-menu';
import { group, selectControl, sliderControl, type ControlHandle } from './explorer-controls';
import type { ExplorerFactory } from './explorer-types';

const StateSchema = z.strictObject({
  divergence: choiceSchema({ w1: false }),
  alpha: alphaSchema,
  t: z.number().min(-10).max(10),
});
export type ConjugateExplorerState = z.output<typeof StateSchema>;

const defaults: ConjugateExplorerState = { divergence: 'kl', alpha: 0.5, t: 1 };

const U_MAX = 4;
const FAN = 11;

/**
 * The point where the line of slope t touches f: argmax over u ≥ 0 of u·t − f(u). That function is
 * concave in u, hence unimodal in s = log u as well, so a ternary search over s finds it; u = 0 is
 * checked separately. Returns null when the supremum is not attained at a finite u ≥ 0 (see
 * `missedContact` for why).
 */
export function touchingPoint(divergence: FDivergence, t: number): number | null {
  const gain = (u: number) => u * t - divergence.f(u);
  let low = -30;
  let high = 30;
  for (let i = 0; i < 200; i++) {
    const a = low + (high - low) / 3;
    const b = high - (high - low) / 3;
    if (gain(Math.exp(a)) < gain(Math.exp(b))) low = a;
    else high = b;
  }
  let best = Math.exp((low + high) / 2);
  const atZero = Number.isFinite(divergence.f(0)) ? -divergence.f(0) : -Infinity;
  if (atZero >= gain(best)) best = 0;
  const conjugate = divergence.conjugate(t);
  if (!Number.isFinite(conjugate)) return null;
  // Attained (up to rounding) at a finite point, and not pinned at the far end of the search.
  const attained = Math.abs(gain(best) - conjugate) <= 1e-6 * (1 + Math.abs(conjugate)) && best < Math.exp(29);
  return attained ? best : null;
}

/**
 * Why a finite f*(t) has no touching point at u ≥ 0: the best u runs off to infinity (t at the edge
 * of dom f*), or the registry's conjugate is that of f extended to u < 0 (Pearson below t = −2, as in
 * f-GAN), whose line touches the extension at u = (f′)⁻¹(t) < 0.
 */
/** Where f′(u) = t for u < 0, by bisection (f′ increasing): the contact on f's extension. */
export function negativeContact(divergence: FDivergence, t: number): number {
  let low = -100;
  let high = 0;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (divergence.derivative(middle) < t) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export function missedContact(divergence: FDivergence, t: number): 'at-infinity' | 'below-zero' {
  return t < divergence.derivative(1e-12) ? 'below-zero' : 'at-infinity';
}

/**
 * The slopes worth showing for f: those f′ takes on the drawn u range, widened to show dom f*'s
 * edges and, where f′(0⁺) is finite, the slopes below it.
 */
export function slopeRange(divergence: FDivergence): [number, number] {
  let low = Math.max(-4, divergence.derivative(0.08));
  let high = Math.min(4, divergence.derivative(U_MAX * 0.9));
  const { lower, upper } = divergence.domain;
  const margin = Math.max(0.25, 0.15 * (high - low));
  // Where f′(0⁺) is finite (Pearson, α > 1), slopes below it all touch f at u = 0: show a few.
  const slopeAtZero = divergence.derivative(1e-12);
  if (Number.isFinite(slopeAtZero) && slopeAtZero > -4) low = Math.min(low, slopeAtZero - margin);
  if (lower !== undefined) low = Math.min(low, lower - margin);
  if (upper !== undefined) high = Math.max(high, upper + margin);
  if (!(high > low)) [low, high] = [-1, 1];
  return [roundDown(low), roundUp(high)];
}

/**
 * A tidy slope to show first for a generator: f′(1.5) (the line touches f just right of u = 1),
 * pulled 40% of the way towards f′(1) when it sits on the edge of dom f* (TV: the kink case).
 */
export function startingSlope(divergence: FDivergence): number {
  let slope = divergence.derivative(1.5);
  const [low, high] = slopeRange(divergence);
  const { lower, upper } = divergence.domain;
  const nearEdge = (edge: number | undefined) => edge !== undefined && Math.abs(slope - edge) < 0.05 * (high - low);
  if (nearEdge(lower) || nearEdge(upper)) slope += 0.4 * (divergence.derivativeAtOne - slope);
  return Math.round(slope * 100) / 100;
}

const roundDown = (value: number) => Math.floor(value * 4) / 4;
const roundUp = (value: number) => Math.ceil(value * 4) / 4;

/** dom f* in words: "all real t", "t < 0", "−0.5 ≤ t ≤ 0.5". */
export function domainWords(divergence: FDivergence): string {
  const { lower, upper, strict } = divergence.domain;
  const number = (value: number) => valueWords(value, 3);
  const sign = strict ? '<' : '≤';
  if (lower === undefined && upper === undefined) return 'all real t';
  if (lower === undefined) return `t ${sign} ${number(upper!)}`;
  if (upper === undefined) return `t ${strict ? '>' : '≥'} ${number(lower)}`;
  return `${number(lower)} ${sign} t ${sign} ${number(upper)}`;
}

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────

const legendItems: LegendItem[] = [
  { kind: 'line', label: 'f(u)', className: 'sp-f' },
  { kind: 'line', label: 'supporting line u·t − f*(t)', className: 'sp-support' },
  { kind: 'line', label: 'u·t through 0', className: 'sp-origin-line' },
  { kind: 'line', label: 'f*(t)', className: 'sp-conjugate' },
];

/** f on the left and f* on the right at the design width; on a phone (a narrow width) f* beneath f. */
function layoutFor(width: number) {
  const narrow = width < narrowBelow;
  const legend = legendBand(legendItems, width, { x: 52, y: 16 }, narrow);
  if (!narrow) return { legend, left: { left: 52, top: 56, width: 300, height: 290 }, right: { left: 420, top: 56, width: 200, height: 290 }, height: 400 };
  const inner = width - 52 - 16;
  const left = { left: 52, top: 56 + legend.extra, width: inner, height: 250 };
  const right = { left: 52, top: left.top + left.height + 70, width: inner, height: 220 };
  return { legend, left, right, height: right.top + right.height + 54 };
}

export const createConjugateExplorer: ExplorerFactory<ConjugateExplorerState> = ({ plot, controls, title, changed, width = 640 }) => {
  const { legend, left, right, height } = layoutFor(width);
  const svg = createSvg(plot, {
    width,
    height,
    title,
    interactive: true,
    description:
      'Left: the generating function f(u), supporting lines of several slopes, and the line of slope t touching f; its intercept is −f*(t). ' +
      'Right: the conjugate f*(t) with its domain shaded and the current slope marked.',
  });
  const fPanel = createPanel(svg, left, 'generator');
  fPanel.layer('grid');
  const fFan = fPanel.layer('fan', { clip: true });
  const fLines = fPanel.layer('lines', { clip: true });
  fPanel.layer('axes');
  const fMarks = fPanel.layer('marks');
  const conjugatePanel = createPanel(svg, right, 'conjugate');
  const conjugateBand = conjugatePanel.layer('band', { clip: true });
  conjugatePanel.layer('grid');
  const conjugateLines = conjugatePanel.layer('lines', { clip: true });
  conjugatePanel.layer('axes');
  const conjugateMarks = conjugatePanel.layer('marks');
  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(
    legendLayer,
    'legend',
    legendItems,
    legend.at,
    width < narrowBelow ? legend.maxWidth : width - left.left - 20,
  );

  const u = scaleLinear().domain([0, U_MAX]).range([0, left.width]);
  const fy = scaleLinear().range([left.height, 0]);
  const ts = scaleLinear().range([0, right.width]);
  const cy = scaleLinear().range([right.height, 0]);

  let state: ConjugateExplorerState = { ...defaults };
  let divergence: FDivergence = getDivergence('kl');
  let range: [number, number] = slopeRange(divergence);
  let geometryKey = '';
  let fCurve: { us: number[]; values: number[] } = { us: [], values: [] };
  let conjugateCurve: { ts: number[]; values: number[] } = { ts: [], values: [] };
  let drawQueued = false;

  // ── Handles: the slope on f* (right) and the touching point on f (left) ───────────────────────
  const tHandle = createHandle(
    conjugateMarks,
    't-on-conjugate',
    {
      label: 'Slope t',
      min: -10,
      max: 10,
      step: 0.05,
      largeStep: 0.5,
      className: 'sp-conjugate',
      axis: 'x',
      valueText: (value) => `t = ${valueWords(value, 3)}`,
      current: () => state.t,
    },
    (px) => Math.round(ts.invert(px) * 100) / 100,
    (value, settled) => setT(value, settled),
  );
  const touchHandle = createHandle(
    fMarks,
    'touching-point',
    {
      label: 'Slope t (move the touching point along f)',
      min: -10,
      max: 10,
      step: 0.05,
      largeStep: 0.5,
      shape: 'diamond',
      className: 'sp-support',
      axis: 'x',
      valueText: (value) => `t = ${valueWords(value, 3)}`,
      current: () => state.t,
    },
    // Dragging the touching point to u sets the slope of f there: t = f′(u).
    (px) => {
      const at = Math.min(U_MAX, Math.max(0.02, u.invert(px)));
      return Math.round(divergence.derivative(at) * 100) / 100;
    },
    (value, settled) => setT(value, settled),
  );

  // ── Controls ──────────────────────────────────────────────────────────────────────────────────
  const setters: Array<() => void> = [];
  const track = <T,>(handle: ControlHandle<T>, read: () => T) => {
    setters.push(() => handle.set(read()));
    return handle.element;
  };
  let slider: ControlHandle<number> & { element: HTMLElement };
  const sliderSlot = document.createElement('div');
  sliderSlot.className = 'sp-slot';
  const buildSlider = () => {
    slider = sliderControl({
      label: 'Slope t',
      name: 't',
      min: range[0],
      max: range[1],
      step: 0.01,
      value: Math.min(range[1], Math.max(range[0], state.t)),
      onChange: (value) => setT(value, true),
    });
    sliderSlot.replaceChildren(slider.element);
  };
  buildSlider();
  setters.push(() => slider.set(state.t));
  controls.append(
    group(
      'Generating function and slope',
      [
        track(
          selectControl({
            label: 'Generating function f',
            name: 'divergence',
            options: menuOptions({ w1: false }),
            value: state.divergence,
            onChange: (choice) => apply({ ...state, divergence: choice }, true),
          }),
          () => state.divergence,
        ),
        track(
          alphaControl(state.alpha, (alpha) => apply({ ...state, alpha }, true)),
          () => state.alpha,
        ),
        sliderSlot,
      ],
      'sp-group-wide',
    ),
  );

  function setT(value: number, settled: boolean): void {
    // Slopes beyond the drawn range would put the handle off the plot.
    apply({ ...state, t: Math.min(range[1], Math.max(range[0], Number(value.toPrecision(10)))) }, settled);
  }

  function apply(next: ConjugateExplorerState, settled: boolean): void {
    const parsed = StateSchema.safeParse(next);
    if (!parsed.success) return;
    const divergenceChanged = parsed.data.divergence !== state.divergence || parsed.data.alpha !== state.alpha;
    state = parsed.data;
    // A new generator: keep t if it is in the new range, else start at f′(1.5) (a tidy touching point).
    if (divergenceChanged) {
      const nextDivergence = getDivergence(resolveChoice(state.divergence, state.alpha));
      const nextRange = slopeRange(nextDivergence);
      if (state.t < nextRange[0] || state.t > nextRange[1]) state = { ...state, t: startingSlope(nextDivergence) };
    }
    render();
    changed(settled);
  }

  function render(): void {
    divergence = getDivergence(resolveChoice(state.divergence, state.alpha));
    const key = divergence.id;
    if (key !== geometryKey) {
      geometryKey = key;
      range = slopeRange(divergence);
      tHandle.setBounds(range[0], range[1]);
      touchHandle.setBounds(range[0], range[1]);
      buildSlider();
      computeCurves();
    }
    for (const set of setters) set();
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  function computeCurves(): void {
    const us = Array.from({ length: 241 }, (_, i) => (U_MAX * i) / 240);
    fCurve = { us, values: us.map((value) => divergence.f(value)) };
    const count = 321;
    const tGrid = Array.from({ length: count }, (_, i) => range[0] + ((range[1] - range[0]) * i) / (count - 1));
    // Also the domain's edges themselves, so a closed domain (TV) ends exactly where it should.
    const { lower, upper } = divergence.domain;
    for (const edge of [lower, upper]) if (edge !== undefined && edge > range[0] && edge < range[1]) tGrid.push(edge);
    tGrid.sort((a, b) => a - b);
    conjugateCurve = { ts: tGrid, values: tGrid.map((value) => divergence.conjugate(value)) };

    // Fixed axes per generator, so only the line moves while t is dragged.
    const fValues = fCurve.values.filter((value, i) => Number.isFinite(value) && fCurve.us[i] >= 0.12);
    const intercepts = conjugateCurve.values.filter(Number.isFinite).map((value) => -value);
    const fLow = Math.min(0, ...fValues, Math.max(-4, Math.min(...intercepts)));
    const fHigh = Math.min(6, Math.max(1, ...fValues));
    fy.domain([fLow, fHigh]).nice(5);
    ts.domain(range);
    const conjugateFinite = conjugateCurve.values.filter(Number.isFinite);
    const cLow = Math.max(-4, Math.min(0, ...conjugateFinite));
    const cHigh = Math.min(6, Math.max(0.5, ...conjugateFinite));
    // A little room below, so a minimum of f* (Pearson's −1 at t = −2) is not on the axis line.
    cy.domain([cLow - 0.06 * (cHigh - cLow), cHigh]).nice(5);
  }

  function draw(): void {
    const t = state.t;
    const conjugate = divergence.conjugate(t);
    const finite = Number.isFinite(conjugate) && inConjugateDomain(divergence, t);
    const touch = finite ? touchingPoint(divergence, t) : null;

    // Left: f, the fan of supporting lines, the chosen line.
    drawAxes(fPanel, { x: u, y: fy, xLabel: 'u = p/q', yLabel: 'f(u)', xTicks: 4, yTicks: 5, grid: true, yLabelOffset: 36 });
    drawTitle(fPanel, `f(u) for ${divergence.name}`);
    keyed(fPanel.layer('grid'), 'path', 'zero').attr('class', 'sp-baseline').attr('d', `M0,${fy(0)}H${left.width}`);
    const fan: Array<[number, number, number, number]> = [];
    for (let i = 0; i < FAN; i++) {
      const slope = range[0] + ((range[1] - range[0]) * (i + 0.5)) / FAN;
      const value = divergence.conjugate(slope);
      if (!Number.isFinite(value)) continue;
      fan.push([u(0), fy(-value), u(U_MAX), fy(U_MAX * slope - value)]);
    }
    drawSegments(fFan, 'fan', fan, 'sp-fan');
    drawLine(fLines, 'f', fCurve.us, fCurve.values, { x: u, y: fy }, 'sp-f');
    drawSegments(fLines, 'support', finite ? [[u(0), fy(-conjugate), u(U_MAX), fy(U_MAX * t - conjugate)]] : [], 'sp-support');
    drawSegments(fLines, 'origin', finite ? [[u(0), fy(0), u(U_MAX), fy(U_MAX * t)]] : [], 'sp-origin-line');
    // The gap at the touching point, u_t·t − f(u_t) = f*(t), between the origin line and f.
    const gap = touch !== null && touch <= U_MAX ? [[u(touch), fy(divergence.f(touch)), u(touch), fy(touch * t)] as [number, number, number, number]] : [];
    drawSegments(fLines, 'gap', gap, 'sp-gap');
    keyed(fMarks, 'path', 'intercept')
      .attr('class', 'sp-dot sp-support')
      .attr('d', finite ? symbolPath('circle', u(0), fy(-conjugate), 3.5) : '');
    const interceptY = finite ? fy(-conjugate) : Number.NaN;
    const interceptShown = interceptY >= 0 && interceptY <= left.height;
    keyed(fMarks, 'text', 'intercept-label')
      .attr('class', 'sp-axis-caption')
      .attr('x', u(0) + 7)
      .attr('y', interceptShown ? interceptY - 6 : 0)
      .text(interceptShown ? '−f*(t)' : '');
    const touchVisible = touch !== null && touch <= U_MAX;
    touchHandle.place(touchVisible ? u(touch!) : Number.NaN, touchVisible ? fy(divergence.f(touch!)) : Number.NaN, t);
    keyed(fMarks, 'text', 'gap-label')
      .attr('class', 'sp-axis-caption')
      .attr('x', touchVisible ? u(touch!) + 6 : 0)
      .attr('y', touchVisible ? (fy(divergence.f(touch!)) + fy(touch! * t)) / 2 : 0)
      .text(touchVisible && Math.abs(fy(divergence.f(touch!)) - fy(touch! * t)) > 18 ? 'f*(t)' : '');
    keyed(fMarks, 'text', 'status')
      .attr('class', 'sp-note sp-status-note')
      .attr('x', left.width / 2)
      .attr('y', 14)
      .attr('text-anchor', 'middle')
      .text(
        !finite
          ? 'no line of this slope stays below f: f*(t) = +∞'
          : touch === null
            ? missedContact(divergence, t) === 'below-zero'
              ? 'the line touches f extended to u < 0'
              : 'the line touches f only as u → ∞'
            : '',
      );

    // Right: f* over its domain, with the domain shaded.
    drawAxes(conjugatePanel, { x: ts, y: cy, xLabel: 'slope t', yLabel: 'f*(t)', xTicks: 4, yTicks: 5, grid: true, yLabelOffset: 36 });
    drawTitle(conjugatePanel, 'Conjugate f*(t)');
    const { lower, upper } = divergence.domain;
    const bandStart = ts(Math.max(range[0], lower ?? range[0]));
    const bandEnd = ts(Math.min(range[1], upper ?? range[1]));
    keyed(conjugateBand, 'rect', 'domain')
      .attr('class', 'sp-domain-band')
      .attr('x', bandStart)
      .attr('y', 0)
      .attr('width', Math.max(0, bandEnd - bandStart))
      .attr('height', right.height);
    const edges: Array<[number, number, number, number]> = [];
    for (const edge of [lower, upper]) if (edge !== undefined && edge >= range[0] && edge <= range[1]) edges.push([ts(edge), 0, ts(edge), right.height]);
    drawSegments(conjugateBand, 'edges', edges, 'sp-domain-edge');
    keyed(conjugateMarks, 'text', 'domain-label')
      .attr('class', 'sp-axis-caption')
      .attr('x', (bandStart + bandEnd) / 2)
      .attr('y', right.height - 6)
      .attr('text-anchor', 'middle')
      .text(`dom f*: ${domainWords(divergence)}`);
    drawLine(conjugateLines, 'conjugate', conjugateCurve.ts, conjugateCurve.values, { x: ts, y: cy }, 'sp-conjugate');
    keyed(conjugateMarks, 'path', 'now')
      .attr('class', 'sp-now')
      .attr('d', `M${ts(Math.min(range[1], Math.max(range[0], t)))},0V${right.height}`);
    const shownY = finite ? Math.max(0, Math.min(right.height, cy(conjugate))) : 0;
    tHandle.place(ts(Math.min(range[1], Math.max(range[0], t))), shownY, t);
    keyed(conjugateMarks, 'text', 'infinite')
      .attr('class', 'sp-infinite')
      .attr('x', ts(Math.min(range[1], Math.max(range[0], t))) + 10)
      .attr('y', 14)
      .text(finite ? '' : '+∞');
  }

  return {
    stateSchema: StateSchema,
    defaultState: () => ({ ...defaults }),
    getState: () => ({ ...state }),
    setState(next) {
      state = { ...next };
      render();
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      const count = Math.max(fCurve.us.length, conjugateCurve.ts.length);
      const cell = (value: number) => (Number.isFinite(value) ? value : value === Infinity ? 'Infinity' : '');
      for (let i = 0; i < count; i++) {
        rows.push([
          i < fCurve.us.length ? fCurve.us[i] : '',
          i < fCurve.us.length ? cell(fCurve.values[i]) : '',
          i < conjugateCurve.ts.length ? conjugateCurve.ts[i] : '',
          i < conjugateCurve.ts.length ? cell(conjugateCurve.values[i]) : '',
        ]);
      }
      return toCsv(['u', `f_${divergence.id}`, 't', 'conjugate'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      const t = state.t;
      const conjugate = divergence.conjugate(t);
      const start = `${divergence.name}, slope t = ${valueWords(t, 3)}: `;
      if (!Number.isFinite(conjugate) || !inConjugateDomain(divergence, t)) {
        return `${start}t is outside dom f* (${domainWords(divergence)}), so f*(t) is infinite and no line of this slope stays below f.`;
      }
      const touch = touchingPoint(divergence, t);
      const where =
        touch !== null
          ? `the line touches f at u = ${valueWords(touch, 3)}`
          : missedContact(divergence, t) === 'below-zero'
            ? `the line touches f extended to negative u (at u = ${valueWords(negativeContact(divergence, t), 3)}), as f-GAN's conjugate assumes`
            : 'the supremum is approached only as u grows without bound';
      return `${start}f*(t) = ${valueWords(conjugate)}; ${where}, and crosses the vertical axis at ${valueWords(-conjugate)}.`;
    },
  };
};
