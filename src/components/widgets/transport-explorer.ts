/**
 * transport-explorer (Figure 5.1): optimal transport on the line. Two 1-D distributions, P (data)
 * and Q (model), each a Gaussian or a mixture of two (continuous mode) or bars on the grid 0, 1, …
 * (discrete mode). Three panels share one x axis:
 * - top: the densities (or bars), with draggable, keyboard-operable handles;
 * - middle: the monotone transport map, arrows from each quantile of P to the same quantile of Q
 *   (discrete: the north-west-corner plan, arrow width ∝ mass moved);
 * - bottom: the CDFs F_P and F_Q with the area between them shaded (that area is W₁) and the same
 *   arrows drawn horizontally at their quantile levels (W₁ read along u instead of along x).
 * W₁, JS, TV and both KLs come from the engine's evaluators (evaluate.ts), the quantiles and the
 * plan from transport.ts; the widget only draws.
 */
import { scaleLinear } from 'd3';
import { z } from '../../engine/zod';
import { densityOf, evaluate, type Density1D, type DistributionSpec } from '../../engine/divergences/evaluate';
import { cumulative, monotonePlan, quantileFlows, type TransportFlow } from '../../engine/divergences/transport';
import {
  createHandle,
  createPanel,
  createSvg,
  drawArea,
  drawAxes,
  drawBand,
  drawBars,
  drawFixedArrows,
  drawLegend,
  drawLine,
  drawSegments,
  drawSymbols,
  drawTitle,
  legendBand,
  legendRowHeight,
  narrowBelow,
  type LegendItem,
  keyed,
  toCsv,
  type Handle,
} from '../plots';
import { series } from '../plots/palette';
import { divergenceName, divergenceSymbol, formatValue, valueWords } from './divergence-menu';
import { button, group, listControl, selectControl, type ControlHandle } from './explorer-controls';
import { clean, componentFields, mixtureSpecOf, normaliseWeights } from './mixture-controls';
import type { ExplorerFactory } from './explorer-types';
import { createValuesTable } from './values-table';

// ── State ───────────────────────────────────────────────────────────────────────────────────────

const MEAN_RANGE = [-5, 5] as const;
const STD_RANGE = [0.1, 3] as const;
const X_DOMAIN: [number, number] = [-7, 7];
const MAX_OUTCOMES = 8;
/** Quantile levels drawn in continuous mode: u = (k + ½)/ARROWS. */
const ARROWS = 20;

const ComponentSchema = z.strictObject({
  mean: z.number().min(MEAN_RANGE[0]).max(MEAN_RANGE[1]),
  std: z.number().min(STD_RANGE[0]).max(STD_RANGE[1]),
  weight: z.number().min(0.05).max(1),
});

const ProbabilitiesSchema = z
  .array(z.number().min(0).max(1000))
  .min(2)
  .max(MAX_OUTCOMES)
  .refine((values) => values.reduce((sum, value) => sum + value, 0) > 0, { error: 'needs at least one positive entry' });

const StateSchema = z
  .strictObject({
    mode: z.enum(['continuous', 'discrete']),
    p: z.array(ComponentSchema).min(1).max(2),
    q: z.array(ComponentSchema).min(1).max(2),
    discreteP: ProbabilitiesSchema,
    discreteQ: ProbabilitiesSchema,
  })
  .transform((state) => ({
    ...state,
    p: normaliseWeights(state.p),
    q: normaliseWeights(state.q),
    discreteP: normalise(state.discreteP),
    discreteQ: normalise(state.discreteQ),
  }));

type ComponentState = z.infer<typeof ComponentSchema>;
export type TransportExplorerState = z.output<typeof StateSchema>;
type Side = 'p' | 'q';

const defaults: TransportExplorerState = {
  mode: 'continuous',
  // Two bumps of data and a single Gaussian model: the map splits Q's mass between the bumps.
  p: [
    { mean: -2, std: 0.6, weight: 0.5 },
    { mean: 2, std: 0.6, weight: 0.5 },
  ],
  q: [{ mean: 1, std: 1, weight: 1 }],
  // Chapter 2's case (b) and its mirror image (W₁ = 1, Exercise 2.4).
  discreteP: [0.1, 0.2, 0.3, 0.4],
  discreteQ: [0.4, 0.3, 0.2, 0.1],
};

/** The quantities listed, in order: the distance first, then the divergences beside it. */
const quantities = ['w1', 'js', 'tv', 'kl', 'reverse-kl'] as const;

function normalise(values: readonly number[]): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => clean(value / total));
}




function outcomes(state: TransportExplorerState): number {
  return Math.max(state.discreteP.length, state.discreteQ.length);
}

function padTo(values: readonly number[], length: number): number[] {
  return [...values, ...Array<number>(Math.max(0, length - values.length)).fill(0)];
}

/** Discrete probabilities of one side, padded to the common grid. */
function barsOf(state: TransportExplorerState, side: Side): number[] {
  return padTo(side === 'p' ? state.discreteP : state.discreteQ, outcomes(state));
}

function specsOf(state: TransportExplorerState): [DistributionSpec, DistributionSpec] {
  return state.mode === 'discrete'
    ? [
        { kind: 'discrete', probs: barsOf(state, 'p') },
        { kind: 'discrete', probs: barsOf(state, 'q') },
      ]
    : [mixtureSpecOf(state.p), mixtureSpecOf(state.q)];
}

/** Set outcome k to `value` and rescale the others so that the total stays 1. */
function withProbability(values: readonly number[], k: number, value: number): number[] {
  const target = Math.min(1, Math.max(0, value));
  const others = values.reduce((sum, entry, i) => (i === k ? sum : sum + entry), 0);
  return values.map((entry, i) => {
    if (i === k) return clean(target);
    return clean(others > 0 ? (entry * (1 - target)) / others : (1 - target) / (values.length - 1));
  });
}

function words(value: number): string {
  return Number(value.toPrecision(3)).toString().replace('-', '−');
}

function describeComponents(components: readonly ComponentState[]): string {
  const gaussian = (component: ComponentState) => `N(${words(component.mean)}, ${words(component.std)}²)`;
  if (components.length === 1) return gaussian(components[0]);
  return `${words(components[0].weight)}·${gaussian(components[0])} + ${words(components[1].weight)}·${gaussian(components[1])}`;
}

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────

const margin = { left: 56, right: 24 };
const gridCount = 561;
const legendItems: LegendItem[] = [
  { kind: 'area', label: 'P (data)', className: series.real },
  { kind: 'area', label: 'Q (model)', className: series.generated },
  { kind: 'arrow', label: 'transport: quantile of P → same quantile of Q', className: 'sp-transport' },
  { kind: 'area', label: 'between the CDFs (area = W₁)', className: 'sp-integrand' },
];

export const createTransportExplorer: ExplorerFactory<TransportExplorerState> = ({ plot, controls, title, changed, width = 640 }) => {
  // On a phone (a narrow width) the legend wraps onto more rows (two at the design width), the
  // titles take two lines, and the panels move down to make room.
  const narrow = width < narrowBelow;
  const innerWidth = width - margin.left - margin.right;
  const legend = legendBand(legendItems, width, { x: margin.left, y: 16 }, narrow);
  const extra = Math.max(0, legend.extra - legendRowHeight);
  const titleLine = narrow ? 15 : 0;
  const densityBox = { left: margin.left, top: 46 + extra, width: innerWidth, height: 132 };
  const mapBox = { left: margin.left, top: 222 + extra + titleLine, width: innerWidth, height: 56 };
  const cdfBox = { left: margin.left, top: 318 + extra + 2 * titleLine, width: innerWidth, height: 132 };
  const height = cdfBox.top + cdfBox.height + 50;
  const svg = createSvg(plot, {
    width,
    height,
    title,
    interactive: true,
    description:
      'Top: the densities (or probabilities) of P, the data, and Q, the model, with handles to drag. ' +
      'Middle: the monotone transport map, arrows from each quantile of P to the same quantile of Q. ' +
      'Bottom: the two cumulative distribution functions; the shaded area between them is W₁, and the ' +
      'same arrows run horizontally at their quantile levels.',
  });
  const densityPanel = createPanel(svg, densityBox, 'densities');
  densityPanel.layer('grid');
  const densityAreas = densityPanel.layer('areas', { clip: true });
  const densityLines = densityPanel.layer('lines', { clip: true });
  densityPanel.layer('axes');
  const guides = densityPanel.layer('guides');
  const handleLayer = densityPanel.layer('handles');

  const mapPanel = createPanel(svg, mapBox, 'transport-map');
  const mapMarks = mapPanel.layer('marks');
  mapPanel.layer('axes');

  const cdfPanel = createPanel(svg, cdfBox, 'cdfs');
  cdfPanel.layer('grid');
  const cdfAreas = cdfPanel.layer('areas', { clip: true });
  const cdfLines = cdfPanel.layer('lines', { clip: true });
  const cdfArrows = cdfPanel.layer('arrows', { clip: true });
  cdfPanel.layer('axes');

  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(
    legendLayer,
    'legend',
    legendItems,
    legend.at,
    narrow ? legend.maxWidth : innerWidth,
  );

  const table = createValuesTable('W₁ (units of x) and the divergences (nats) between P and Q');
  const summary = document.createElement('div');
  summary.className = 'sp-explorer-pair';
  const choices = document.createElement('div');
  summary.append(table.element, choices);
  const distributionControls = document.createElement('div');
  distributionControls.className = 'sp-explorer-stack';
  controls.append(summary, distributionControls);

  let state: TransportExplorerState = structuredClone(defaults);
  let values = new Map<string, number>();
  let valuesKey = '';
  let flows: TransportFlow[] = [];
  let curves: { xs: number[]; p: number[]; q: number[]; cdfXs: number[]; cdfP: number[]; cdfQ: number[] } = {
    xs: [],
    p: [],
    q: [],
    cdfXs: [],
    cdfP: [],
    cdfQ: [],
  };
  let drawQueued = false;

  const update = (change: (draft: TransportExplorerState) => void, settled = true) => {
    const draft = structuredClone(state);
    change(draft);
    const parsed = StateSchema.safeParse(draft);
    if (!parsed.success) return;
    state = parsed.data;
    render();
    changed(settled);
  };

  // ── Controls (rebuilt when their structure changes; values set in place otherwise) ──────────
  let structureKey = '';
  const setters: Array<(state: TransportExplorerState) => void> = [];
  type Track = <T>(handle: ControlHandle<T>, read: (state: TransportExplorerState) => T) => HTMLElement;

  function buildControls(): void {
    const key = `${state.mode}|${state.p.length}|${state.q.length}|${outcomes(state)}`;
    if (key === structureKey) {
      for (const set of setters) set(state);
      return;
    }
    structureKey = key;
    setters.length = 0;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>('[data-control]') : null;
    const activeName = active && controls.contains(active) ? active.dataset.control : undefined;
    choices.replaceChildren();
    distributionControls.replaceChildren();

    const track: Track = (handle, read) => {
      setters.push((current) => handle.set(read(current)));
      return handle.element;
    };

    const examples = document.createElement('div');
    examples.className = 'sp-control';
    const examplesLabel = document.createElement('span');
    examplesLabel.className = 'sp-control-label';
    examplesLabel.textContent = 'Examples from the chapter';
    const buttons = document.createElement('div');
    buttons.className = 'sp-control-buttons';
    buttons.append(
      button('N(0,1) → N(1,1)', () =>
        update((draft) => {
          draft.mode = 'continuous';
          draft.p = [{ mean: 0, std: 1, weight: 1 }];
          draft.q = [{ mean: 1, std: 1, weight: 1 }];
        }),
        { name: 'example-shift' },
      ),
      button('N(0,1) → N(0,2²)', () =>
        update((draft) => {
          draft.mode = 'continuous';
          draft.p = [{ mean: 0, std: 1, weight: 1 }];
          draft.q = [{ mean: 0, std: 2, weight: 1 }];
        }),
        { name: 'example-spread' },
      ),
      button('Point masses at 0 and 3', () =>
        update((draft) => {
          draft.mode = 'discrete';
          draft.discreteP = [1, 0, 0, 0];
          draft.discreteQ = [0, 0, 0, 1];
        }),
        { name: 'example-points' },
      ),
    );
    examples.append(examplesLabel, buttons);

    choices.append(
      group(
        'Distributions',
        [
          track(
            selectControl({
              label: 'Kind',
              name: 'mode',
              options: [
                { value: 'continuous', label: 'Gaussians and mixtures' },
                { value: 'discrete', label: 'Discrete bars on 0, 1, 2, …' },
              ],
              value: state.mode,
              onChange: (mode) => update((draft) => void (draft.mode = mode as TransportExplorerState['mode'])),
            }),
            (current) => current.mode,
          ),
          examples,
        ],
        'sp-group-narrow',
      ),
    );

    if (state.mode === 'continuous') {
      for (const side of ['p', 'q'] as const) distributionControls.append(continuousGroup(side, track));
    } else {
      distributionControls.append(
        group(
          `Probabilities of the outcomes 0, 1, 2, … (up to ${MAX_OUTCOMES}, comma-separated; each list is rescaled to sum to 1)`,
          [discreteList('p', track), discreteList('q', track)],
          'sp-group-wide',
        ),
      );
    }
    if (activeName) {
      controls
        .querySelector<HTMLElement>(
          `[data-control="${activeName}"] input, [data-control="${activeName}"] select, button[data-control="${activeName}"]`,
        )
        ?.focus();
    }
  }

  function continuousGroup(side: Side, track: Track): HTMLFieldSetElement {
    const name = side === 'p' ? 'P (data)' : 'Q (model)';
    const children: HTMLElement[] = [
      track(
        selectControl({
          label: 'Shape',
          name: `${side}-shape`,
          options: [
            { value: '1', label: 'Gaussian' },
            { value: '2', label: 'Mixture of two Gaussians' },
          ],
          value: String(state[side].length),
          onChange: (count) =>
            update((draft) => {
              const first = draft[side][0];
              draft[side] =
                count === '1'
                  ? [{ ...first, weight: 1 }]
                  : [
                      { ...first, weight: 0.5 },
                      { mean: clean(first.mean > 2 ? first.mean - 3 : first.mean + 3), std: first.std, weight: 0.5 },
                    ];
            }),
        }),
        (current) => String(current[side].length),
      ),
    ];
    children.push(
      ...componentFields<TransportExplorerState>({
        side,
        components: state[side],
        meanRange: MEAN_RANGE,
        stdRange: STD_RANGE,
        read: (current) => current[side],
        track,
        update: (apply) => update((draft) => apply(draft[side])),
      }),
    );
    return group(name, children, `sp-group-${side}`);
  }

  function discreteList(side: Side, track: Track): HTMLElement {
    const key = side === 'p' ? 'discreteP' : 'discreteQ';
    return track(
      listControl({
        label: side === 'p' ? 'P (data)' : 'Q (model)',
        name: `${side}-probabilities`,
        value: state[key],
        minLength: 2,
        maxLength: MAX_OUTCOMES,
        format: (value) => String(Number(value.toPrecision(4))),
        onChange: (entries) => update((draft) => void (draft[key] = entries)),
      }),
      (current) => current[key],
    );
  }

  // ── Handles (rebuilt with the structure) ──────────────────────────────────────────────────────
  let handleKey = '';
  let handles: Array<{ handle: Handle; place: () => void }> = [];

  const x = scaleLinear().domain(X_DOMAIN).range([0, innerWidth]);
  const discreteX = scaleLinear().range([0, innerWidth]);
  const density = scaleLinear().domain([0, 1]).range([densityBox.height, 0]);
  const cdfY = scaleLinear().domain([0, 1]).range([cdfBox.height, 0]);
  const barOffset = 0.17;
  const barWidthUnits = 0.3;
  const xScale = () => (state.mode === 'discrete' ? discreteX : x);
  function barCentre(k: number, side: Side): number {
    return discreteX(k + (side === 'p' ? -barOffset : barOffset));
  }

  function buildHandles(): void {
    const key = `${state.mode}|${state.p.length}|${state.q.length}|${outcomes(state)}`;
    if (key === handleKey) return;
    handleKey = key;
    handleLayer.selectAll('*').remove();
    handles = [];
    if (state.mode === 'continuous') {
      for (const side of ['p', 'q'] as const) {
        const name = side === 'p' ? 'P' : 'Q';
        state[side].forEach((_, index) => {
          const which = state[side].length > 1 ? `, component ${index + 1}` : '';
          const className = side === 'p' ? series.real : series.generated;
          const meanHandle = createHandle(
            handleLayer,
            `${side}-mean-${index}`,
            {
              label: `${name}${which}: mean`,
              min: MEAN_RANGE[0],
              max: MEAN_RANGE[1],
              step: 0.1,
              largeStep: 1,
              shape: side === 'p' ? 'circle' : 'diamond',
              className,
              axis: 'x',
              valueText: (value) => `mean ${words(value)}`,
              current: () => state[side][index]?.mean ?? 0,
            },
            (px) => clean(Math.round(x.invert(px) * 100) / 100),
            (mean, settled) => update((draft) => void (draft[side][index].mean = mean), settled),
          );
          const widthHandle = createHandle(
            handleLayer,
            `${side}-std-${index}`,
            {
              label: `${name}${which}: standard deviation`,
              min: STD_RANGE[0],
              max: STD_RANGE[1],
              step: 0.05,
              largeStep: 0.5,
              shape: 'square',
              radius: 4.5,
              className: `${className} sp-handle-width`,
              axis: 'x',
              valueText: (value) => `standard deviation ${words(value)}`,
              current: () => state[side][index]?.std ?? 1,
            },
            (px) => clean(Math.round(Math.abs(x.invert(px) - state[side][index].mean) * 100) / 100),
            (std, settled) => update((draft) => void (draft[side][index].std = std), settled),
          );
          handles.push({
            handle: meanHandle,
            place: () => {
              const component = state[side][index];
              if (component) meanHandle.place(x(component.mean), density(componentPeak(side, component)), component.mean);
            },
          });
          handles.push({
            handle: widthHandle,
            place: () => {
              const component = state[side][index];
              if (component) {
                widthHandle.place(x(component.mean + component.std), density(componentPeak(side, component) * Math.exp(-0.5)), component.std);
              }
            },
          });
        });
      }
    } else {
      for (const side of ['p', 'q'] as const) {
        const key = side === 'p' ? 'discreteP' : 'discreteQ';
        const name = side === 'p' ? 'P' : 'Q';
        for (let k = 0; k < outcomes(state); k++) {
          const handle = createHandle(
            handleLayer,
            `${side}-bar-${k}`,
            {
              label: `${name}(X = ${k})`,
              min: 0,
              max: 1,
              step: 0.01,
              largeStep: 0.1,
              shape: side === 'p' ? 'circle' : 'diamond',
              className: side === 'p' ? series.real : series.generated,
              axis: 'y',
              valueText: (value) => `probability ${words(value)} of outcome ${k}`,
              current: () => barsOf(state, side)[k] ?? 0,
            },
            (_, py) => clean(Math.round(density.invert(py) * 1000) / 1000),
            (value, settled) => update((draft) => void (draft[key] = withProbability(padTo(draft[key], outcomes(draft)), k, value)), settled),
          );
          handles.push({
            handle,
            place: () => {
              const value = barsOf(state, side)[k] ?? 0;
              handle.place(barCentre(k, side), density(value), value);
            },
          });
        }
      }
    }
  }

  /** Height of the mixture's density at a component's mean (so its handle sits on the curve). */
  function componentPeak(side: Side, component: ComponentState): number {
    return Math.exp(densityOf(mixtureSpecOf(state[side]), side === 'p' ? 'P' : 'Q').logDensity(component.mean));
  }

  // ── Computation (engine calls only) ───────────────────────────────────────────────────────────

  function compute(): void {
    const key = JSON.stringify([state.mode, state.p, state.q, state.discreteP, state.discreteQ]);
    if (key === valuesKey) return;
    valuesKey = key;
    const [p, q] = specsOf(state);
    values = new Map();
    for (const id of quantities) {
      try {
        values.set(id, evaluate(id, p, q));
      } catch (error) {
        console.warn(`transport-explorer: ${id} failed`, error);
        values.set(id, Number.NaN);
      }
    }
    if (state.mode === 'continuous') {
      const densityP: Density1D = densityOf(mixtureSpecOf(state.p), 'P');
      const densityQ: Density1D = densityOf(mixtureSpecOf(state.q), 'Q');
      const xs: number[] = [];
      const pValues: number[] = [];
      const qValues: number[] = [];
      const cdfP: number[] = [];
      const cdfQ: number[] = [];
      for (let i = 0; i < gridCount; i++) {
        const at = X_DOMAIN[0] + ((X_DOMAIN[1] - X_DOMAIN[0]) * i) / (gridCount - 1);
        xs.push(at);
        pValues.push(Math.exp(densityP.logDensity(at)));
        qValues.push(Math.exp(densityQ.logDensity(at)));
        cdfP.push(densityP.cdf(at));
        cdfQ.push(densityQ.cdf(at));
      }
      curves = { xs, p: pValues, q: qValues, cdfXs: xs, cdfP, cdfQ };
      flows = quantileFlows(densityP, densityQ, ARROWS);
    } else {
      const n = outcomes(state);
      const pBars = barsOf(state, 'p');
      const qBars = barsOf(state, 'q');
      // Step CDFs on a shared x grid: flat between outcomes, a jump at each one.
      const left = -0.6;
      const right = n - 0.4;
      const cumulativeP = cumulative(pBars);
      const cumulativeQ = cumulative(qBars);
      const cdfXs = [left];
      const cdfP = [0];
      const cdfQ = [0];
      for (let k = 0; k < n; k++) {
        cdfXs.push(k, k);
        cdfP.push(k === 0 ? 0 : cumulativeP[k - 1], Math.min(1, cumulativeP[k]));
        cdfQ.push(k === 0 ? 0 : cumulativeQ[k - 1], Math.min(1, cumulativeQ[k]));
      }
      cdfXs.push(right);
      cdfP.push(1);
      cdfQ.push(1);
      curves = { xs: Array.from({ length: n }, (_, k) => k), p: pBars, q: qBars, cdfXs, cdfP, cdfQ };
      flows = monotonePlan(pBars, qBars);
    }
  }

  // ── Drawing ───────────────────────────────────────────────────────────────────────────────────

  function render(): void {
    compute();
    buildControls();
    buildHandles();
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  function draw(): void {
    const discrete = state.mode === 'discrete';
    const n = outcomes(state);
    discreteX.domain([-0.6, n - 0.4]);
    const scale = xScale();
    const xAxis = {
      xTicks: discrete ? n : 8,
      xFormat: discrete ? (value: number) => (Number.isInteger(value) ? String(value) : '') : undefined,
    };

    // Top: densities or bars.
    const peak = Math.max(...curves.p, ...curves.q, discrete ? 0.5 : 0.2);
    density.domain([0, discrete ? Math.min(1, peak * 1.15) : peak * 1.15]).nice(4);
    drawAxes(densityPanel, { x: scale, y: density, yLabel: discrete ? 'probability' : 'density', yTicks: 3, grid: true, ...xAxis });
    const empty: number[] = [];
    if (discrete) {
      const barWidth = Math.abs(discreteX(barWidthUnits) - discreteX(0));
      drawBars(densityAreas, 'p-bars', curves.xs.map((k) => ({ x: barCentre(k, 'p') - barWidth / 2, width: barWidth, value: curves.p[k] })), density, `sp-bars-distribution ${series.real}`);
      drawBars(densityAreas, 'q-bars', curves.xs.map((k) => ({ x: barCentre(k, 'q') - barWidth / 2, width: barWidth, value: curves.q[k] })), density, `sp-bars-distribution ${series.generated}`);
      for (const key of ['p', 'q']) {
        drawArea(densityAreas, key, empty, empty, { x, y: density }, '');
        drawLine(densityLines, key, empty, empty, { x, y: density }, '');
      }
      drawSegments(guides, 'widths', [], 'sp-width-guide');
    } else {
      drawBars(densityAreas, 'p-bars', [], density, '');
      drawBars(densityAreas, 'q-bars', [], density, '');
      drawArea(densityAreas, 'p', curves.xs, curves.p, { x, y: density }, series.real);
      drawArea(densityAreas, 'q', curves.xs, curves.q, { x, y: density }, series.generated);
      drawLine(densityLines, 'p', curves.xs, curves.p, { x, y: density }, series.real);
      drawLine(densityLines, 'q', curves.xs, curves.q, { x, y: density }, series.generated);
      const brackets: Array<[number, number, number, number]> = [];
      for (const side of ['p', 'q'] as const) {
        for (const component of state[side]) {
          const y = density(componentPeak(side, component) * Math.exp(-0.5));
          brackets.push([x(component.mean), y, x(component.mean + component.std), y]);
        }
      }
      drawSegments(guides, 'widths', brackets, 'sp-width-guide');
    }
    for (const entry of handles) entry.place();

    // Middle: the map, P's quantiles on the upper rail, Q's on the lower rail.
    const w1 = values.get('w1') ?? Number.NaN;
    drawTitle(mapPanel, discrete ? 'The monotone plan (thicker arrows carry more mass)' : `The monotone map: ${ARROWS} quantiles of P → the same quantiles of Q`);
    const railTop = 6;
    const railBottom = mapBox.height - 6;
    drawSegments(mapMarks, 'rails', [[0, railTop, innerWidth, railTop], [0, railBottom, innerWidth, railBottom]], 'sp-width-guide');
    const maxMass = Math.max(...flows.map((flow) => flow.mass), 1e-9);
    const arrowWidth = (flow: TransportFlow) => (discrete ? 1 + 3 * Math.sqrt(flow.mass / maxMass) : undefined);
    drawFixedArrows(
      mapMarks,
      'map',
      flows.map((flow) => ({ x1: scale(flow.from), y1: railTop, x2: scale(flow.to), y2: railBottom, width: arrowWidth(flow) })),
      'sp-transport',
    );
    const fromPoints = flows.flatMap((flow) => [flow.from, railTop]);
    const toPoints = flows.flatMap((flow) => [flow.to, railBottom]);
    const pixel = { x: scale, y: (value: number) => value };
    drawSymbols(mapMarks, 'from', fromPoints, pixel, { shape: 'circle', radius: 2.6, className: series.real });
    drawSymbols(mapMarks, 'to', toPoints, pixel, { shape: 'triangle', radius: 2.8, className: series.generated });
    for (const [key, y, text] of [['p-rail', railTop + 4, 'P'], ['q-rail', railBottom + 4, 'Q']] as const) {
      keyed(mapPanel.layer('axes'), 'text', key).attr('class', 'sp-axis-caption').attr('x', -10).attr('y', y).attr('text-anchor', 'end').text(text);
    }

    // Bottom: the CDFs, the area between them (W₁) and the same flows at their quantile levels.
    drawAxes(cdfPanel, { x: scale, y: cdfY, xLabel: discrete ? 'outcome' : 'x', yLabel: 'CDF', yTicks: 4, grid: true, ...xAxis });
    drawTitle(cdfPanel, `F_{P} and F_{Q}: the shaded area between them is W₁ = ${formatValue(w1).text}`);
    const cdfScales = { x: scale, y: cdfY };
    drawBand(cdfAreas, 'between', curves.cdfXs, curves.cdfP, curves.cdfQ, cdfScales, 'sp-integrand');
    drawLine(cdfLines, 'p', curves.cdfXs, curves.cdfP, cdfScales, series.real);
    drawLine(cdfLines, 'q', curves.cdfXs, curves.cdfQ, cdfScales, series.generated);
    drawFixedArrows(
      cdfArrows,
      'levels',
      flows.map((flow) => {
        const level = cdfY((flow.levelStart + flow.levelEnd) / 2);
        return { x1: scale(flow.from), y1: level, x2: scale(flow.to), y2: level, width: arrowWidth(flow) };
      }),
      'sp-transport',
      { minLength: 3, head: 4 },
    );

    table.update(quantities.map((id) => ({ id, name: divergenceName(id), value: values.get(id) ?? Number.NaN })), 'w1');
  }

  function describe(): string {
    return state.mode === 'continuous'
      ? `P is ${describeComponents(state.p)}; Q is ${describeComponents(state.q)}.`
      : `P is (${barsOf(state, 'p').map(words).join(', ')}) and Q is (${barsOf(state, 'q').map(words).join(', ')}) on 0 to ${outcomes(state) - 1}.`;
  }

  /** The flow at the median level (continuous) or the largest move (discrete), in words. */
  function mapSentence(): string {
    if (!flows.length) return '';
    if (state.mode === 'continuous') {
      const middle = flows[Math.floor(flows.length / 2)];
      return ` The map sends P's median region (near ${words(middle.from)}) to ${words(middle.to)}.`;
    }
    const moving = flows.filter((flow) => flow.from !== flow.to);
    if (!moving.length) return ' No mass has to move.';
    const largest = moving.reduce((best, flow) => (flow.mass * Math.abs(flow.to - flow.from) > best.mass * Math.abs(best.to - best.from) ? flow : best));
    return ` The plan moves ${moving.length} lot${moving.length === 1 ? '' : 's'} of mass; the costliest carries ${words(largest.mass)} from ${largest.from} to ${largest.to}.`;
  }

  return {
    stateSchema: StateSchema,
    defaultState: () => StateSchema.parse(defaults),
    getState: () => structuredClone(state),
    setState(next) {
      state = structuredClone(next);
      render();
    },

    csv() {
      const header = [state.mode === 'discrete' ? 'outcome' : 'x', 'p', 'q', 'cdf_p', 'cdf_q', 'level', 'from', 'to', 'mass', 'quantity', 'value'];
      const cdfAt = (i: number): [number | string, number | string] => {
        if (state.mode === 'continuous') return [curves.cdfP[i], curves.cdfQ[i]];
        // Discrete: the CDF value at outcome k is the upper value of its jump (index 2k + 2).
        return [curves.cdfP[2 * i + 2], curves.cdfQ[2 * i + 2]];
      };
      const rows: Array<Array<number | string>> = [];
      const length = Math.max(curves.xs.length, flows.length, quantities.length);
      for (let i = 0; i < length; i++) {
        const inCurves = i < curves.xs.length;
        const flow = flows[i];
        const id = quantities[i];
        const value = id ? (values.get(id) ?? Number.NaN) : Number.NaN;
        rows.push([
          ...(inCurves ? [curves.xs[i], curves.p[i], curves.q[i], ...cdfAt(i)] : ['', '', '', '', '']),
          ...(flow ? [(flow.levelStart + flow.levelEnd) / 2, flow.from, flow.to, flow.mass] : ['', '', '', '']),
          id ?? '',
          id ? (value === Infinity ? 'Infinity' : Number.isFinite(value) ? value : '') : '',
        ]);
      }
      return toCsv(header, rows);
    },

    svg: () => svg.node()!,

    readout() {
      const listed = quantities
        .slice(1)
        .map((id) => `${divergenceSymbol(id)} ${valueWords(values.get(id) ?? Number.NaN)}`)
        .join(', ');
      return `${describe()} W₁ ${valueWords(values.get('w1') ?? Number.NaN)} (the area between the CDFs); ${listed}.${mapSentence()}`;
    },
  };
};
