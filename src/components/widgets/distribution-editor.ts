/**
 * The editor of two 1-D distributions, P (data) and Q (model), that the explorers of Figures 2.1
 * (divergence-explorer) and 5.1 (transport-explorer) share. Continuous mode: each is a Gaussian or a
 * mixture of two, with a draggable handle on each component's mean (drag sideways) and width (drag
 * the ±σ handle); discrete mode: bars on 0, 1, 2, … whose heights are dragged (the rest
 * renormalise). The editor holds the state (validated by the explorer's schema), builds the controls
 * and the keyboard-operable handles, and draws the densities panel; each explorer adds its own
 * panels, numbers and readout through the `compute` and `draw` hooks.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { z } from 'zod';
import { z as zod } from '../../engine/zod';
import { densityOf, evaluate, type Density1D, type DistributionSpec } from '../../engine/divergences/evaluate';
import {
  createHandle,
  createPanel,
  drawArea,
  drawBars,
  drawLine,
  drawSegments,
  type Box,
  type Handle,
  type Panel,
  type SvgSelection,
} from '../plots';
import { series } from '../plots/palette';
import { group, listControl, selectControl, type ControlHandle } from './explorer-controls';
import { clean, componentFields, mixtureSpecOf, normaliseWeights, type GaussianComponentState } from './mixture-controls';
import { createValuesTable, type ValuesTable } from './values-table';

// ── State ───────────────────────────────────────────────────────────────────────────────────────

export type Side = 'p' | 'q';

/** The part of an explorer's state that describes P and Q. */
export interface DistributionPair {
  mode: 'continuous' | 'discrete';
  p: GaussianComponentState[];
  q: GaussianComponentState[];
  discreteP: number[];
  discreteQ: number[];
}

/** The ranges an explorer allows. */
export interface PairLimits {
  meanRange: readonly [number, number];
  stdRange: readonly [number, number];
  /** Most outcomes in discrete mode. */
  maxOutcomes: number;
}

/** The x range of the continuous densities. */
export const X_DOMAIN: [number, number] = [-7, 7];
/** Points on X_DOMAIN where the continuous densities are evaluated. */
const gridCount = 561;
/** The plot's side margins (the explorers' panels share the x axis). */
export const margin = { left: 56, right: 24 };

/** The schemas of the pair's fields, for an explorer to list in its state schema (in its own key order). */
export function pairFields(limits: PairLimits) {
  const component = zod.strictObject({
    mean: zod.number().min(limits.meanRange[0]).max(limits.meanRange[1]),
    std: zod.number().min(limits.stdRange[0]).max(limits.stdRange[1]),
    weight: zod.number().min(0.05).max(1),
  });
  const probabilities = zod
    .array(zod.number().min(0).max(1000))
    .min(2)
    .max(limits.maxOutcomes)
    .refine((values) => values.reduce((sum, value) => sum + value, 0) > 0, { error: 'needs at least one positive entry' });
  return {
    mode: zod.enum(['continuous', 'discrete']),
    p: zod.array(component).min(1).max(2),
    q: zod.array(component).min(1).max(2),
    discreteP: probabilities,
    discreteQ: probabilities,
  };
}

/** The schema's transform: mixture weights and bar heights rescaled to sum to 1. */
export function normalisePair<State extends DistributionPair>(state: State): State {
  return {
    ...state,
    p: normaliseWeights(state.p),
    q: normaliseWeights(state.q),
    discreteP: normalise(state.discreteP),
    discreteQ: normalise(state.discreteQ),
  };
}

function normalise(values: readonly number[]): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => clean(value / total));
}

/** The number of outcomes in discrete mode (the longer list; the shorter is padded with zeros). */
export function outcomes(state: DistributionPair): number {
  return Math.max(state.discreteP.length, state.discreteQ.length);
}

function padTo(values: readonly number[], length: number): number[] {
  return [...values, ...Array<number>(Math.max(0, length - values.length)).fill(0)];
}

/** Discrete probabilities of one side, padded to the common outcomes. */
export function barsOf(state: DistributionPair, side: Side): number[] {
  return padTo(side === 'p' ? state.discreteP : state.discreteQ, outcomes(state));
}

/** The evaluators' specs of P and Q. */
export function specsOf(state: DistributionPair): [DistributionSpec, DistributionSpec] {
  return state.mode === 'discrete'
    ? [
        { kind: 'discrete', probs: barsOf(state, 'p') },
        { kind: 'discrete', probs: barsOf(state, 'q') },
      ]
    : [mixtureSpecOf(state.p), mixtureSpecOf(state.q)];
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

/** A number in words for readouts and value texts: 3 significant digits, a true minus sign. */
export function words(value: number): string {
  return Number(value.toPrecision(3)).toString().replace('-', '−');
}

function describeComponents(components: readonly GaussianComponentState[]): string {
  const gaussian = (component: GaussianComponentState) => `N(${words(component.mean)}, ${words(component.std)}²)`;
  if (components.length === 1) return gaussian(components[0]);
  return `${words(components[0].weight)}·${gaussian(components[0])} + ${words(components[1].weight)}·${gaussian(components[1])}`;
}

/** P and Q in one sentence, for the readout. */
export function describePair(state: DistributionPair): string {
  return state.mode === 'continuous'
    ? `P is ${describeComponents(state.p)}; Q is ${describeComponents(state.q)}.`
    : `P is (${barsOf(state, 'p').map(words).join(', ')}) and Q is (${barsOf(state, 'q').map(words).join(', ')}) on 0 to ${outcomes(state) - 1}.`;
}

/** Each quantity between P and Q from the engine's evaluators; NaN (and a warning naming `who`) where one fails. */
export function evaluateEach(ids: readonly string[], state: DistributionPair, who: string): Map<string, number> {
  const [p, q] = specsOf(state);
  const values = new Map<string, number>();
  for (const id of ids) {
    try {
      values.set(id, evaluate(id, p, q));
    } catch (error) {
      console.warn(`${who}: ${id} failed`, error);
      values.set(id, Number.NaN);
    }
  }
  return values;
}

/** The continuous densities of P and Q, and their values on the grid over X_DOMAIN. */
export function densityGrid(state: DistributionPair): { densityP: Density1D; densityQ: Density1D; xs: number[]; p: number[]; q: number[] } {
  const densityP = densityOf(mixtureSpecOf(state.p), 'P');
  const densityQ = densityOf(mixtureSpecOf(state.q), 'Q');
  const xs: number[] = [];
  const p: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < gridCount; i++) {
    const at = X_DOMAIN[0] + ((X_DOMAIN[1] - X_DOMAIN[0]) * i) / (gridCount - 1);
    xs.push(at);
    p.push(Math.exp(densityP.logDensity(at)));
    q.push(Math.exp(densityQ.logDensity(at)));
  }
  return { densityP, densityQ, xs, p, q };
}

// ── The editor ──────────────────────────────────────────────────────────────────────────────────

type Track<State> = <T>(handle: ControlHandle<T>, read: (state: State) => T) => HTMLElement;
type Update<State> = (change: (draft: State) => void, settled?: boolean) => void;

/** What an explorer's own controls are built with. */
export interface ControlKit<State> {
  /** Bind a control to the state: it is set from the state whenever the state changes. */
  track: Track<State>;
  /** Propose a change of the state (ignored unless the schema accepts it). */
  update: Update<State>;
  state: State;
}

/** The select between Gaussians and mixtures and discrete bars, bound to the state's mode. */
export function modeControl<State extends DistributionPair>({ track, update, state }: ControlKit<State>, label: string, discreteLabel: string): HTMLElement {
  return track(
    selectControl({
      label,
      name: 'mode',
      options: [
        { value: 'continuous', label: 'Gaussians and mixtures' },
        { value: 'discrete', label: discreteLabel },
      ],
      value: state.mode,
      onChange: (mode) => update((draft) => void (draft.mode = mode as DistributionPair['mode'])),
    }),
    (current) => current.mode,
  );
}

export interface DistributionEditorOptions<State extends DistributionPair> {
  svg: SvgSelection;
  /** Where the densities panel goes. */
  densityBox: Box;
  /** The explorer's controls element: the values table and the controls go into it. */
  controls: HTMLElement;
  /** Caption of the values table. */
  tableCaption: string;
  schema: z.ZodType<State, unknown>;
  defaults: State;
  limits: PairLimits;
  /** Discrete geometry: P's bar at k − offset, Q's at k + offset, each `width` wide (in outcome units). */
  bars: { offset: number; width: number };
  changed(settled?: boolean): void;
  /** Recompute what the state implies; called before the controls are rebuilt and a draw is queued. */
  compute(): void;
  /** Draw the frame (the shared densities are drawn by `drawDensities`). */
  draw(): void;
  /** The general choices, beside the values table. */
  choices(kit: ControlKit<State>): HTMLElement;
  /** The group around the two lists of probabilities (discrete mode). */
  discreteGroup(lists: HTMLElement[], kit: ControlKit<State>): HTMLElement;
}

export interface DistributionEditor<State extends DistributionPair> {
  readonly state: State;
  setState(next: State): void;
  /** The densities panel (the explorer draws its axes and title) and the scales of its marks. */
  densityPanel: Panel;
  x: ScaleLinear<number, number>;
  discreteX: ScaleLinear<number, number>;
  density: ScaleLinear<number, number>;
  table: ValuesTable;
  /** Draw the densities (or bars), the width brackets and the handles, with the scales' current domains. */
  drawDensities(curves: { xs: number[]; p: number[]; q: number[] }): void;
}

export function createDistributionEditor<State extends DistributionPair>(options: DistributionEditorOptions<State>): DistributionEditor<State> {
  const { controls, schema, limits, bars } = options;
  const densityPanel = createPanel(options.svg, options.densityBox, 'densities');
  densityPanel.layer('grid');
  const densityAreas = densityPanel.layer('areas', { clip: true });
  const densityLines = densityPanel.layer('lines', { clip: true });
  densityPanel.layer('axes');
  const guides = densityPanel.layer('guides');
  const handleLayer = densityPanel.layer('handles');
  const innerWidth = options.densityBox.width;
  const x = scaleLinear().domain(X_DOMAIN).range([0, innerWidth]);
  const discreteX = scaleLinear().range([0, innerWidth]);
  const density = scaleLinear().domain([0, 1]).range([options.densityBox.height, 0]);

  // The values live in an HTML table (readable, selectable, announced as a table), beside the
  // general choices; the controls for P and Q follow.
  const table = createValuesTable(options.tableCaption);
  const summary = document.createElement('div');
  summary.className = 'sp-explorer-pair';
  const choices = document.createElement('div');
  summary.append(table.element, choices);
  const distributionControls = document.createElement('div');
  distributionControls.className = 'sp-explorer-stack';
  controls.append(summary, distributionControls);

  let state: State = structuredClone(options.defaults);
  let drawQueued = false;

  const update: Update<State> = (change, settled = true) => {
    const draft = structuredClone(state);
    change(draft);
    const parsed = schema.safeParse(draft);
    if (!parsed.success) return; // controls only propose valid values; anything else is ignored
    state = parsed.data;
    render();
    options.changed(settled);
  };

  function render(): void {
    options.compute();
    rebuild();
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      options.draw();
    });
  }

  // ── Controls and handles (rebuilt when their structure changes; values set in place otherwise) ──
  let structureKey = '';
  const setters: Array<(state: State) => void> = [];
  let handles: Array<{ handle: Handle; place: () => void }> = [];

  function rebuild(): void {
    const key = `${state.mode}|${state.p.length}|${state.q.length}|${outcomes(state)}`;
    if (key === structureKey) {
      for (const set of setters) set(state);
      return;
    }
    structureKey = key;
    buildControls();
    buildHandles();
  }

  function buildControls(): void {
    setters.length = 0;
    // Keep focus on the same control across a rebuild (found by its data-control name).
    const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>('[data-control]') : null;
    const activeName = active && controls.contains(active) ? active.dataset.control : undefined;
    choices.replaceChildren();
    distributionControls.replaceChildren();

    const track: Track<State> = (handle, read) => {
      setters.push((current) => handle.set(read(current)));
      return handle.element;
    };
    const kit: ControlKit<State> = { track, update, state };
    choices.append(options.choices(kit));
    if (state.mode === 'continuous') {
      for (const side of ['p', 'q'] as const) distributionControls.append(continuousGroup(side, track));
    } else {
      distributionControls.append(options.discreteGroup([discreteList('p', track), discreteList('q', track)], kit));
    }
    if (activeName) {
      controls
        .querySelector<HTMLElement>(`[data-control="${activeName}"] input, [data-control="${activeName}"] select, button[data-control="${activeName}"]`)
        ?.focus();
    }
  }

  function continuousGroup(side: Side, track: Track<State>): HTMLFieldSetElement {
    const name = side === 'p' ? 'P (data)' : 'Q (model)';
    const [low, high] = limits.meanRange;
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
              // The second component 3 to the right of the first, or to the left near the top of the range.
              const second = first.mean + (first.mean > high - 3 ? -3 : 3);
              draft[side] =
                count === '1'
                  ? [{ ...first, weight: 1 }]
                  : [
                      { ...first, weight: 0.5 },
                      { mean: clean(Math.min(high, Math.max(low, second))), std: first.std, weight: 0.5 },
                    ];
            }),
        }),
        (current) => String(current[side].length),
      ),
    ];
    children.push(
      ...componentFields<State>({
        side,
        components: state[side],
        meanRange: limits.meanRange,
        stdRange: limits.stdRange,
        read: (current) => current[side],
        track,
        update: (apply) => update((draft) => apply(draft[side])),
      }),
    );
    return group(name, children, `sp-group-${side}`);
  }

  function discreteList(side: Side, track: Track<State>): HTMLElement {
    const key = side === 'p' ? 'discreteP' : 'discreteQ';
    return track(
      listControl({
        label: side === 'p' ? 'P (data)' : 'Q (model)',
        name: `${side}-probabilities`,
        value: state[key],
        minLength: 2,
        maxLength: limits.maxOutcomes,
        format: (value) => String(Number(value.toPrecision(4))),
        onChange: (entries) => update((draft) => void (draft[key] = entries)),
      }),
      (current) => current[key],
    );
  }

  function buildHandles(): void {
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
              min: limits.meanRange[0],
              max: limits.meanRange[1],
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
              min: limits.stdRange[0],
              max: limits.stdRange[1],
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
              if (component) widthHandle.place(x(component.mean + component.std), density(componentPeak(side, component) * Math.exp(-0.5)), component.std);
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
  function componentPeak(side: Side, component: GaussianComponentState): number {
    return Math.exp(densityOf(mixtureSpecOf(state[side]), side === 'p' ? 'P' : 'Q').logDensity(component.mean));
  }

  // Discrete geometry: outcome k at x = k, P's bar to the left, Q's to the right.
  function barCentre(k: number, side: Side): number {
    return discreteX(k + (side === 'p' ? -bars.offset : bars.offset));
  }

  function drawDensities(curves: { xs: number[]; p: number[]; q: number[] }): void {
    const empty: number[] = [];
    if (state.mode === 'discrete') {
      const barWidth = Math.abs(discreteX(bars.width) - discreteX(0));
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
  }

  return {
    get state() {
      return state;
    },
    setState(next) {
      state = structuredClone(next);
      render();
    },
    densityPanel,
    x,
    discreteX,
    density,
    table,
    drawDensities,
  };
}
