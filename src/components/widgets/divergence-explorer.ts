/**
 * divergence-explorer (Figure 2.1): two 1-D distributions, P (data) and Q (model), and every
 * divergence between them. Continuous mode: each is a Gaussian or a mixture of two, with a
 * draggable handle on each component's mean (drag sideways) and width (drag the ±σ handle); discrete
 * mode: bars on 0, 1, 2, … whose heights are dragged (the rest renormalise). Beneath, the pointwise
 * integrand of the chosen divergence, q·f(p/q) (|F_P − F_Q| for W₁): its signed area is the value.
 * A table lists every divergence, computed on the main thread by the engine's evaluators (pure and
 * fast: a few milliseconds for all of them).
 */
import { scaleLinear } from 'd3';
import { z } from '../../engine/zod';
import {
  densityOf,
  evaluate,
  pointwiseTerm,
  type Density1D,
  type DistributionSpec,
} from '../../engine/divergences/evaluate';
import { divergenceList } from '../../engine/divergences/registry';
import {
  createHandle,
  createPanel,
  createSvg,
  drawArea,
  drawAxes,
  drawBars,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawSegments,
  drawTitle,
  keyed,
  legendBand,
  narrowBelow,
  type LegendItem,
  toCsv,
  type Handle,
} from '../plots';
import { series } from '../plots/palette';
import {
  alphaSchema,
  choiceSchema,
  divergenceName,
  divergenceSymbol,
  formatValue,
  menuOptions,
  resolveChoice,
  valueWords,
} from './divergence-menu';
import { button, group, listControl, numberControl, selectControl, type ControlHandle } from './explorer-controls';
import { clean, componentFields, mixtureSpecOf, normaliseWeights } from './mixture-controls';
import type { ExplorerFactory } from './explorer-types';
import { createValuesTable } from './values-table';

// ── State ───────────────────────────────────────────────────────────────────────────────────────

const MEAN_RANGE = [-6, 6] as const;
const STD_RANGE = [0.1, 4] as const;
const X_DOMAIN: [number, number] = [-7, 7];
const MAX_OUTCOMES = 10;

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
    divergence: choiceSchema({ w1: true }),
    alpha: alphaSchema,
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
export type DivergenceExplorerState = z.output<typeof StateSchema>;
type Side = 'p' | 'q';

const defaults: DivergenceExplorerState = {
  mode: 'continuous',
  divergence: 'kl',
  alpha: 0.5,
  // Chapter 2's bimodal data and its forward-KL fit (mean 0, s ≈ 2.062).
  p: [
    { mean: -2, std: 0.5, weight: 0.5 },
    { mean: 2, std: 0.5, weight: 0.5 },
  ],
  q: [{ mean: 0, std: 2.06, weight: 1 }],
  // Case (b) of the chapter.
  discreteP: [0.1, 0.2, 0.3, 0.4],
  discreteQ: [0.25, 0.25, 0.25, 0.25],
};

/** Every value listed in the table, in reading order (the α row uses the state's α). */
function tableIds(alpha: number): string[] {
  return [...divergenceList.map((divergence) => divergence.id), `alpha:${alpha}`, 'w1'];
}

function normalise(values: readonly number[]): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => clean(value / total));
}




function specsOf(state: DivergenceExplorerState): [DistributionSpec, DistributionSpec] {
  return state.mode === 'discrete'
    ? [
        { kind: 'discrete', probs: padTo(state.discreteP, outcomes(state)) },
        { kind: 'discrete', probs: padTo(state.discreteQ, outcomes(state)) },
      ]
    : [mixtureSpecOf(state.p), mixtureSpecOf(state.q)];
}

function outcomes(state: DivergenceExplorerState): number {
  return Math.max(state.discreteP.length, state.discreteQ.length);
}

function padTo(values: readonly number[], length: number): number[] {
  return [...values, ...Array<number>(Math.max(0, length - values.length)).fill(0)];
}

/** Set outcome k of a distribution to `value` and rescale the others so that the total stays 1. */
function withProbability(values: readonly number[], k: number, value: number): number[] {
  const target = Math.min(1, Math.max(0, value));
  const others = values.reduce((sum, entry, i) => (i === k ? sum : sum + entry), 0);
  return values.map((entry, i) => {
    if (i === k) return clean(target);
    // If every other outcome is empty, spread the rest evenly.
    return clean(others > 0 ? (entry * (1 - target)) / others : (1 - target) / (values.length - 1));
  });
}

function describeComponents(components: readonly ComponentState[]): string {
  const gaussian = (component: ComponentState) => `N(${words(component.mean)}, ${words(component.std)}²)`;
  if (components.length === 1) return gaussian(components[0]);
  return `${words(components[0].weight)}·${gaussian(components[0])} + ${words(components[1].weight)}·${gaussian(components[1])}`;
}

function words(value: number): string {
  return Number(value.toPrecision(3)).toString().replace('-', '−');
}

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────

const margin = { left: 56, right: 24 };
const gridCount = 561;
const legendItems: LegendItem[] = [
  { kind: 'area', label: 'P (data)', className: series.real },
  { kind: 'area', label: 'Q (model)', className: series.generated },
  { kind: 'area', label: 'pointwise integrand (below)', className: 'sp-integrand' },
];

export const createDivergenceExplorer: ExplorerFactory<DivergenceExplorerState> = ({ plot, controls, title, changed, width = 640 }) => {
  // On a phone (a narrow width) the legend wraps, titles take two lines, and the panels move down.
  const narrow = width < narrowBelow;
  const innerWidth = width - margin.left - margin.right;
  const legend = legendBand(legendItems, width, { x: margin.left, y: 16 }, narrow);
  const titleLine = narrow ? 15 : 0;
  const top = { top: 46 + legend.extra + titleLine, height: 196 };
  const bottom = { top: top.top + top.height + 56 + titleLine, height: 116 };
  const height = bottom.top + bottom.height + 38;
  const svg = createSvg(plot, {
    width,
    height,
    title,
    interactive: true,
    description:
      'Top: the densities (or probabilities) of P, the data, and Q, the model, with handles to drag. ' +
      'Bottom: the pointwise integrand of the chosen divergence; its signed area is the divergence.',
  });
  const densityPanel = createPanel(svg, { left: margin.left, top: top.top, width: innerWidth, height: top.height }, 'densities');
  densityPanel.layer('grid');
  const densityAreas = densityPanel.layer('areas', { clip: true });
  const densityLines = densityPanel.layer('lines', { clip: true });
  densityPanel.layer('axes');
  const guides = densityPanel.layer('guides');
  const handleLayer = densityPanel.layer('handles');

  const integrandPanel = createPanel(svg, { left: margin.left, top: bottom.top, width: innerWidth, height: bottom.height }, 'integrand');
  integrandPanel.layer('grid');
  const integrandMarks = integrandPanel.layer('marks', { clip: true });
  integrandPanel.layer('axes');
  const integrandNotes = integrandPanel.layer('notes');

  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(legendLayer, 'legend', legendItems, legend.at, narrow ? legend.maxWidth : innerWidth);

  // The values live in an HTML table (readable, selectable, announced as a table), beside the
  // choice of integrand; the controls for P and Q follow.
  const table = createValuesTable('Every divergence between P and Q (nats; W₁ in units of x)');
  const summary = document.createElement('div');
  summary.className = 'sp-explorer-pair';
  const choices = document.createElement('div');
  summary.append(table.element, choices);
  const distributionControls = document.createElement('div');
  distributionControls.className = 'sp-explorer-stack';
  controls.append(summary, distributionControls);

  let state: DivergenceExplorerState = structuredClone(defaults);
  let values = new Map<string, number>();
  let valuesKey = '';
  let curves: { xs: number[]; p: number[]; q: number[]; integrand: number[] } = { xs: [], p: [], q: [], integrand: [] };
  let drawQueued = false;

  // ── Controls (rebuilt when their structure changes; values are set in place otherwise) ──────
  let structureKey = '';
  const setters: Array<(state: DivergenceExplorerState) => void> = [];

  const update = (change: (draft: DivergenceExplorerState) => void, settled = true) => {
    const draft = structuredClone(state);
    change(draft);
    const parsed = StateSchema.safeParse(draft);
    if (!parsed.success) return; // controls only propose valid values; anything else is ignored
    state = parsed.data;
    render();
    changed(settled);
  };

  function buildControls(): void {
    const key = `${state.mode}|${state.p.length}|${state.q.length}|${outcomes(state)}`;
    if (key === structureKey) {
      for (const set of setters) set(state);
      return;
    }
    structureKey = key;
    setters.length = 0;
    // Keep focus on the same control across a rebuild (found by its data-control name).
    const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>('[data-control]') : null;
    const activeName = active && controls.contains(active) ? active.dataset.control : undefined;
    choices.replaceChildren();
    distributionControls.replaceChildren();

    const track = <T,>(handle: ControlHandle<T>, read: (state: DivergenceExplorerState) => T) => {
      setters.push((current) => handle.set(read(current)));
      return handle.element;
    };

    const general = [
      track(
        selectControl({
          label: 'Distributions',
          name: 'mode',
          options: [
            { value: 'continuous', label: 'Gaussians and mixtures' },
            { value: 'discrete', label: 'Discrete bars' },
          ],
          value: state.mode,
          onChange: (mode) => update((draft) => void (draft.mode = mode as DivergenceExplorerState['mode'])),
        }),
        (current) => current.mode,
      ),
      track(
        selectControl({
          label: 'Integrand shown',
          name: 'divergence',
          options: menuOptions({ w1: true }),
          value: state.divergence,
          onChange: (choice) => update((draft) => void (draft.divergence = choice)),
        }),
        (current) => current.divergence,
      ),
      track(
        numberControl({
          label: 'α (for the α-divergence)',
          name: 'alpha',
          min: -5,
          max: 5,
          step: 0.1,
          value: state.alpha,
          hint: 'Any number but 0 and 1.',
          onChange: (alpha) => {
            if (alpha !== 0 && alpha !== 1) update((draft) => void (draft.alpha = alpha));
          },
        }),
        (current) => current.alpha,
      ),
    ];
    choices.append(group('What to show', general, 'sp-group-narrow'));

    if (state.mode === 'continuous') {
      for (const side of ['p', 'q'] as const) distributionControls.append(continuousGroup(side, track));
    } else {
      const examples = document.createElement('div');
      examples.className = 'sp-control';
      const examplesLabel = document.createElement('span');
      examplesLabel.className = 'sp-control-label';
      examplesLabel.textContent = 'Examples from the chapter';
      const buttons = document.createElement('div');
      buttons.className = 'sp-control-buttons';
      buttons.append(
        button('Case (b)', () =>
          update((draft) => {
            draft.discreteP = [0.1, 0.2, 0.3, 0.4];
            draft.discreteQ = [0.25, 0.25, 0.25, 0.25];
          }),
          { name: 'case-b' },
        ),
        button('Case (c)', () =>
          update((draft) => {
            draft.discreteP = [0.8, 0.2];
            draft.discreteQ = [0.4, 0.6];
          }),
          { name: 'case-c' },
        ),
      );
      examples.append(examplesLabel, buttons);
      const probabilities = group(
        'Probabilities of the outcomes 0, 1, 2, … (comma-separated; each list is rescaled to sum to 1)',
        [discreteList('p', track), discreteList('q', track), examples],
        'sp-group-wide',
      );
      distributionControls.append(probabilities);
    }
    if (activeName) controls.querySelector<HTMLElement>(`[data-control="${activeName}"] input, [data-control="${activeName}"] select, button[data-control="${activeName}"]`)?.focus();
  }

  function continuousGroup(side: Side, track: <T>(handle: ControlHandle<T>, read: (state: DivergenceExplorerState) => T) => HTMLElement): HTMLFieldSetElement {
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
                      { mean: clean(Math.min(MEAN_RANGE[1], Math.max(MEAN_RANGE[0], first.mean + (first.mean > 3 ? -3 : 3)))), std: first.std, weight: 0.5 },
                    ];
            }),
        }),
        (current) => String(current[side].length),
      ),
    ];
    children.push(
      ...componentFields<DivergenceExplorerState>({
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

  function discreteList(side: Side, track: <T>(handle: ControlHandle<T>, read: (state: DivergenceExplorerState) => T) => HTMLElement): HTMLElement {
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
  const density = scaleLinear().domain([0, 1]).range([top.height, 0]);
  const integrandY = scaleLinear().domain([0, 1]).range([bottom.height, 0]);

  function buildHandles(): void {
    const key = `${state.mode}|${state.p.length}|${state.q.length}|${outcomes(state)}`;
    if (key === handleKey) return;
    handleKey = key;
    handleLayer.selectAll('*').remove();
    handles = [];
    if (state.mode === 'continuous') {
      for (const side of ['p', 'q'] as const) {
        const name = side === 'p' ? 'P' : 'Q';
        const shape = side === 'p' ? 'circle' : 'diamond';
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
              shape,
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
              if (!component) return;
              meanHandle.place(x(component.mean), density(componentPeak(side, component)), component.mean);
            },
          });
          handles.push({
            handle: widthHandle,
            place: () => {
              const component = state[side][index];
              if (!component) return;
              widthHandle.place(x(component.mean + component.std), density(componentPeak(side, component) * Math.exp(-0.5)), component.std);
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
              current: () => padTo(state[key], outcomes(state))[k] ?? 0,
            },
            (_, py) => clean(Math.round(density.invert(py) * 1000) / 1000),
            (value, settled) => update((draft) => void (draft[key] = withProbability(padTo(draft[key], outcomes(draft)), k, value)), settled),
          );
          handles.push({
            handle,
            place: () => {
              const value = padTo(state[key], outcomes(state))[k] ?? 0;
              handle.place(barCentre(k, side), density(value), value);
            },
          });
        }
      }
    }
  }

  /** Height of the curve at a component's mean (the mixture's density there, so the handle sits on the curve). */
  function componentPeak(side: Side, component: ComponentState): number {
    const total = state[side].reduce(
      (sum, other) => sum + (other.weight * Math.exp(-0.5 * ((component.mean - other.mean) / other.std) ** 2)) / (other.std * Math.sqrt(2 * Math.PI)),
      0,
    );
    return total;
  }

  // Discrete geometry: outcome k at x = k, P's bar to the left, Q's to the right.
  const discreteX = scaleLinear().range([0, innerWidth]);
  const barOffset = 0.19;
  const barWidthUnits = 0.34;
  function barCentre(k: number, side: Side): number {
    return discreteX(k + (side === 'p' ? -barOffset : barOffset));
  }

  // ── Computation ───────────────────────────────────────────────────────────────────────────────

  function computeValues(): void {
    const key = JSON.stringify([state.mode, state.alpha, state.p, state.q, state.discreteP, state.discreteQ]);
    if (key === valuesKey) return;
    valuesKey = key;
    const [p, q] = specsOf(state);
    values = new Map();
    for (const id of tableIds(state.alpha)) {
      try {
        values.set(id, evaluate(id, p, q));
      } catch (error) {
        console.warn(`divergence-explorer: ${id} failed`, error);
        values.set(id, Number.NaN);
      }
    }
  }

  function computeCurves(): void {
    const id = resolveChoice(state.divergence, state.alpha);
    if (state.mode === 'continuous') {
      const densityP: Density1D = densityOf(mixtureSpecOf(state.p), 'P');
      const densityQ: Density1D = densityOf(mixtureSpecOf(state.q), 'Q');
      const xs: number[] = [];
      const p: number[] = [];
      const q: number[] = [];
      const integrand: number[] = [];
      for (let i = 0; i < gridCount; i++) {
        const at = X_DOMAIN[0] + ((X_DOMAIN[1] - X_DOMAIN[0]) * i) / (gridCount - 1);
        const pAt = Math.exp(densityP.logDensity(at));
        const qAt = Math.exp(densityQ.logDensity(at));
        xs.push(at);
        p.push(pAt);
        q.push(qAt);
        integrand.push(id === 'w1' ? Math.abs(densityP.cdf(at) - densityQ.cdf(at)) : pointwiseTerm(id, pAt, qAt));
      }
      curves = { xs, p, q, integrand };
    } else {
      const n = outcomes(state);
      const p = padTo(state.discreteP, n);
      const q = padTo(state.discreteQ, n);
      const xs = Array.from({ length: n }, (_, k) => k);
      let integrand: number[];
      if (id === 'w1') {
        // W₁ = Σ over the unit gaps [k, k + 1] of |F_P(k) − F_Q(k)|: one value per gap.
        let cdfP = 0;
        let cdfQ = 0;
        integrand = xs.map((k) => {
          cdfP += p[k];
          cdfQ += q[k];
          return k + 1 < n ? Math.abs(cdfP - cdfQ) : 0;
        });
      } else {
        integrand = xs.map((k) => pointwiseTerm(id, p[k], q[k]));
      }
      curves = { xs, p, q, integrand };
    }
  }

  // ── Drawing ───────────────────────────────────────────────────────────────────────────────────

  function render(): void {
    computeValues();
    computeCurves();
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
    const id = resolveChoice(state.divergence, state.alpha);
    const total = values.get(id) ?? Number.NaN;
    const discrete = state.mode === 'discrete';
    const n = outcomes(state);
    discreteX.domain([-0.6, n - 0.4]);
    const xScale = discrete ? discreteX : x;

    // Densities (or probabilities).
    const peak = Math.max(...curves.p, ...curves.q, discrete ? 0.5 : 0.2);
    density.domain([0, discrete ? Math.min(1, peak * 1.15) : peak * 1.15]).nice(4);
    if (discrete) density.domain([0, Math.min(1, Math.max(density.domain()[1], 0.1))]);
    drawAxes(densityPanel, {
      x: xScale,
      y: density,
      yLabel: discrete ? 'probability' : 'density',
      xTicks: discrete ? n : 8,
      yTicks: 4,
      xFormat: discrete ? (value) => (Number.isInteger(value) ? String(value) : '') : undefined,
      grid: true,
    });
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
      // A bracket from each mean to its width handle shows what the square handle measures.
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

    // The integrand: signed area = the divergence (W₁: area of |F_P − F_Q|).
    const finiteValues = curves.integrand.filter(Number.isFinite);
    const densityPeak = Math.max(...curves.p, ...curves.q);
    // Cap the axis where the integrand shoots up (e.g. χ² in a thin tail): the clip marks the cut.
    const cap = discrete ? Infinity : Math.max(1, 8 * densityPeak);
    let low = Math.min(0, ...finiteValues);
    let high = Math.max(0, ...finiteValues);
    const clipped = high > cap || low < -cap || curves.integrand.some((value) => value === Infinity);
    high = Math.min(high, cap);
    low = Math.max(low, -cap);
    if (high - low < 1e-9) high = low + 0.1;
    integrandY.domain([low, high + (high - low) * 0.08]).nice(4);
    drawAxes(integrandPanel, {
      x: xScale,
      y: integrandY,
      xLabel: discrete ? 'outcome' : 'x',
      yLabel: 'integrand',
      xTicks: discrete ? n : 8,
      yTicks: 3,
      xFormat: discrete ? (value) => (Number.isInteger(value) ? String(value) : '') : undefined,
      grid: true,
    });
    drawHorizontalRule(integrandMarks, 'zero', 0, integrandY, innerWidth, 'sp-zero');
    if (discrete) {
      drawArea(integrandMarks, 'area', empty, empty, { x, y: integrandY }, '');
      drawLine(integrandMarks, 'line', empty, empty, { x, y: integrandY }, '');
      const barWidth = Math.abs(discreteX(id === 'w1' ? 0.9 : 0.5) - discreteX(0));
      const [yLow, yHigh] = integrandY.domain();
      const bars = curves.xs
        .filter((k) => id !== 'w1' || k + 1 < n)
        .map((k) => {
          const value = curves.integrand[k];
          const shown = value === Infinity ? yHigh : value === -Infinity ? yLow : value;
          const centre = id === 'w1' ? discreteX(k + 0.5) : discreteX(k);
          return { x: centre - barWidth / 2, width: barWidth, value: shown };
        });
      drawBars(integrandMarks, 'bars', bars, integrandY, 'sp-integrand');
      // ∞ over a bar whose term is infinite.
      integrandNotes
        .selectAll<SVGTextElement, number>('text.sp-infinite')
        .data(curves.xs.filter((k) => Math.abs(curves.integrand[k]) === Infinity))
        .join('text')
        .attr('class', 'sp-infinite')
        .attr('x', (k) => discreteX(k))
        .attr('y', 12)
        .attr('text-anchor', 'middle')
        .text('∞');
    } else {
      drawBars(integrandMarks, 'bars', [], integrandY, '');
      integrandNotes.selectAll('text.sp-infinite').remove();
      const shown = curves.integrand.map((value) => (value === Infinity ? integrandY.domain()[1] * 2 : value));
      drawArea(integrandMarks, 'area', curves.xs, shown, { x, y: integrandY }, 'sp-integrand');
      drawLine(integrandMarks, 'line', curves.xs, shown, { x, y: integrandY }, 'sp-integrand');
    }
    const symbol = divergenceSymbol(id);
    const value = formatValue(total);
    const areaWord = id === 'w1' ? 'area' : 'signed area';
    drawTitle(integrandPanel, `${id === 'w1' ? '|F_{P}(x) − F_{Q}(x)|' : 'q · f(p/q)'} for ${symbol}: ${areaWord} = ${value.text}`);
    keyed(integrandNotes, 'text', 'clip-note')
      .attr('class', 'sp-axis-caption')
      .attr('x', innerWidth)
      .attr('y', -10)
      .attr('text-anchor', 'end')
      .text(clipped ? 'cut off at the top of the axis' : total === Infinity ? 'the tails do not decay fast enough' : '');

    drawTable(id);
  }

  function drawTable(selected: string): void {
    table.update(
      tableIds(state.alpha).map((id) => ({ id, name: divergenceName(id), value: values.get(id) ?? Number.NaN })),
      selected,
    );
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
      const id = resolveChoice(state.divergence, state.alpha);
      const header = [state.mode === 'discrete' ? 'outcome' : 'x', 'p', 'q', `integrand_${id}`, 'divergence', 'value'];
      const ids = tableIds(state.alpha);
      const rows: Array<Array<number | string>> = [];
      for (let i = 0; i < Math.max(curves.xs.length, ids.length); i++) {
        const inCurves = i < curves.xs.length;
        const value = i < ids.length ? (values.get(ids[i]) ?? Number.NaN) : Number.NaN;
        rows.push([
          inCurves ? curves.xs[i] : '',
          inCurves ? curves.p[i] : '',
          inCurves ? curves.q[i] : '',
          inCurves ? (Number.isFinite(curves.integrand[i]) ? curves.integrand[i] : curves.integrand[i] === Infinity ? 'Infinity' : '') : '',
          i < ids.length ? ids[i] : '',
          i < ids.length ? (value === Infinity ? 'Infinity' : value) : '',
        ]);
      }
      return toCsv(header, rows);
    },

    svg: () => svg.node()!,

    readout() {
      const id = resolveChoice(state.divergence, state.alpha);
      const described =
        state.mode === 'continuous'
          ? `P is ${describeComponents(state.p)}; Q is ${describeComponents(state.q)}.`
          : `P is (${padTo(state.discreteP, outcomes(state)).map(words).join(', ')}) and Q is (${padTo(state.discreteQ, outcomes(state)).map(words).join(', ')}) on 0 to ${outcomes(state) - 1}.`;
      const listed = ['kl', 'reverse-kl', 'js', 'tv', 'w1']
        .map((key) => `${divergenceSymbol(key)} ${valueWords(values.get(key) ?? Number.NaN)}`)
        .join(', ');
      return `${described} Shown: the integrand of ${divergenceName(id)}, value ${valueWords(values.get(id) ?? Number.NaN)}. ${listed}.`;
    },
  };
};
