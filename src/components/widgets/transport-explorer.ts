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
 * plan from transport.ts; the widget only draws. P and Q, their controls, handles and densities
 * panel come from the shared distribution editor (distribution-editor.ts).
 */
import { scaleLinear } from 'd3';
import { z } from '../../engine/zod';
import { cumulative, monotonePlan, quantileFlows, type TransportFlow } from '../../engine/divergences/transport';
import {
  createPanel,
  createSvg,
  drawAxes,
  drawBand,
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
} from '../plots';
import { series } from '../plots/palette';
import { divergenceName, divergenceSymbol, formatValue, valueWords } from './divergence-menu';
import {
  barsOf,
  createDistributionEditor,
  densityGrid,
  describePair,
  evaluateEach,
  margin,
  modeControl,
  normalisePair,
  outcomes,
  pairFields,
  words,
  type PairLimits,
} from './distribution-editor';
import { button, buttonRow, group } from './explorer-controls';
import type { ExplorerFactory } from './explorer-types';

// ── State ───────────────────────────────────────────────────────────────────────────────────────

const limits: PairLimits = { meanRange: [-5, 5], stdRange: [0.1, 3], maxOutcomes: 8 };
/** Quantile levels drawn in continuous mode: u = (k + ½)/ARROWS. */
const ARROWS = 20;

const StateSchema = z.strictObject(pairFields(limits)).transform(normalisePair);

export type TransportExplorerState = z.output<typeof StateSchema>;

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

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────

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
  const editor = createDistributionEditor<TransportExplorerState>({
    svg,
    densityBox,
    controls,
    tableCaption: 'W₁ (units of x) and the divergences (nats) between P and Q',
    schema: StateSchema,
    defaults,
    limits,
    bars: { offset: 0.17, width: 0.3 },
    changed,
    compute,
    draw,
    choices: (kit) =>
      group(
        'Distributions',
        [
          modeControl(kit, 'Kind', 'Discrete bars on 0, 1, 2, …'),
          buttonRow('Examples from the chapter', [
            button('N(0,1) → N(1,1)', () =>
              kit.update((draft) => {
                draft.mode = 'continuous';
                draft.p = [{ mean: 0, std: 1, weight: 1 }];
                draft.q = [{ mean: 1, std: 1, weight: 1 }];
              }),
              { name: 'example-shift' },
            ),
            button('N(0,1) → N(0,2²)', () =>
              kit.update((draft) => {
                draft.mode = 'continuous';
                draft.p = [{ mean: 0, std: 1, weight: 1 }];
                draft.q = [{ mean: 0, std: 2, weight: 1 }];
              }),
              { name: 'example-spread' },
            ),
            button('Point masses at 0 and 3', () =>
              kit.update((draft) => {
                draft.mode = 'discrete';
                draft.discreteP = [1, 0, 0, 0];
                draft.discreteQ = [0, 0, 0, 1];
              }),
              { name: 'example-points' },
            ),
          ]),
        ],
        'sp-group-narrow',
      ),
    discreteGroup: (lists) =>
      group(
        `Probabilities of the outcomes 0, 1, 2, … (up to ${limits.maxOutcomes}, comma-separated; each list is rescaled to sum to 1)`,
        lists,
        'sp-group-wide',
      ),
  });
  const { densityPanel, x, discreteX, density } = editor;

  const mapPanel = createPanel(svg, mapBox, 'transport-map');
  const mapMarks = mapPanel.layer('marks');
  mapPanel.layer('axes');

  const cdfPanel = createPanel(svg, cdfBox, 'cdfs');
  cdfPanel.layer('grid');
  const cdfAreas = cdfPanel.layer('areas', { clip: true });
  const cdfLines = cdfPanel.layer('lines', { clip: true });
  const cdfArrows = cdfPanel.layer('arrows', { clip: true });
  cdfPanel.layer('axes');
  const cdfY = scaleLinear().domain([0, 1]).range([cdfBox.height, 0]);
  const xScale = () => (editor.state.mode === 'discrete' ? discreteX : x);

  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(
    legendLayer,
    'legend',
    legendItems,
    legend.at,
    narrow ? legend.maxWidth : innerWidth,
  );

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

  // ── Computation (engine calls only) ───────────────────────────────────────────────────────────

  function compute(): void {
    const state = editor.state;
    const key = JSON.stringify([state.mode, state.p, state.q, state.discreteP, state.discreteQ]);
    if (key === valuesKey) return;
    valuesKey = key;
    values = evaluateEach(quantities, state, 'transport-explorer');
    if (state.mode === 'continuous') {
      const { densityP, densityQ, xs, p, q } = densityGrid(state);
      curves = { xs, p, q, cdfXs: xs, cdfP: xs.map((at) => densityP.cdf(at)), cdfQ: xs.map((at) => densityQ.cdf(at)) };
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

  function draw(): void {
    const state = editor.state;
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
    editor.drawDensities(curves);

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

    editor.table.update(quantities.map((id) => ({ id, name: divergenceName(id), value: values.get(id) ?? Number.NaN })), 'w1');
  }

  /** The flow at the median level (continuous) or the largest move (discrete), in words. */
  function mapSentence(): string {
    if (!flows.length) return '';
    if (editor.state.mode === 'continuous') {
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
    getState: () => structuredClone(editor.state),
    setState: (next) => editor.setState(next),

    csv() {
      const state = editor.state;
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
      return `${describePair(editor.state)} W₁ ${valueWords(values.get('w1') ?? Number.NaN)} (the area between the CDFs); ${listed}.${mapSentence()}`;
    },
  };
};
