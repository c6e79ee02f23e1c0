/**
 * divergence-explorer (Figure 2.1): two 1-D distributions, P (data) and Q (model), and every
 * divergence between them. Continuous mode: each is a Gaussian or a mixture of two, with a
 * draggable handle on each component's mean (drag sideways) and width (drag the ±σ handle); discrete
 * mode: bars on 0, 1, 2, … whose heights are dragged (the rest renormalise). Beneath, the pointwise
 * integrand of the chosen divergence, q·f(p/q) (|F_P − F_Q| for W₁): its signed area is the value.
 * A table lists every divergence, computed on the main thread by the engine's evaluators (pure and
 * fast: a few milliseconds for all of them). P and Q, their controls, handles and densities panel
 * come from the shared distribution editor (distribution-editor.ts).
 */
import { scaleLinear } from 'd3';
import { z } from '../../engine/zod';
import { pointwiseTerm } from '../../engine/divergences/evaluate';
import { divergenceList } from '../../engine/divergences/registry';
import {
  createPanel,
  createSvg,
  drawArea,
  drawAxes,
  drawBars,
  drawHorizontalRule,
  drawLegend,
  drawLine,
  drawTitle,
  keyed,
  legendBand,
  narrowBelow,
  type LegendItem,
  toCsv,
} from '../plots';
import { series } from '../plots/palette';
import {
  alphaControl,
  alphaSchema,
  choiceSchema,
  divergenceName,
  divergenceSymbol,
  formatValue,
  menuOptions,
  resolveChoice,
  valueWords,
} from './divergence-menu';
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
  type PairLimits,
} from './distribution-editor';
import { button, buttonRow, group, selectControl } from './explorer-controls';
import type { ExplorerFactory } from './explorer-types';

// ── State ───────────────────────────────────────────────────────────────────────────────────────

const limits: PairLimits = { meanRange: [-6, 6], stdRange: [0.1, 4], maxOutcomes: 10 };
const pair = pairFields(limits);

const StateSchema = z
  .strictObject({
    mode: pair.mode,
    divergence: choiceSchema({ w1: true }),
    alpha: alphaSchema,
    p: pair.p,
    q: pair.q,
    discreteP: pair.discreteP,
    discreteQ: pair.discreteQ,
  })
  .transform(normalisePair);

export type DivergenceExplorerState = z.output<typeof StateSchema>;

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

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────

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
  const editor = createDistributionEditor<DivergenceExplorerState>({
    svg,
    densityBox: { left: margin.left, top: top.top, width: innerWidth, height: top.height },
    controls,
    tableCaption: 'Every divergence between P and Q (nats; W₁ in units of x)',
    schema: StateSchema,
    defaults,
    limits,
    bars: { offset: 0.19, width: 0.34 },
    changed,
    compute: () => {
      computeValues();
      computeCurves();
    },
    draw,
    choices: (kit) =>
      group(
        'What to show',
        [
          modeControl(kit, 'Distributions', 'Discrete bars'),
          kit.track(
            selectControl({
              label: 'Integrand shown',
              name: 'divergence',
              options: menuOptions({ w1: true }),
              value: kit.state.divergence,
              onChange: (choice) => kit.update((draft) => void (draft.divergence = choice)),
            }),
            (current) => current.divergence,
          ),
          kit.track(
            alphaControl(kit.state.alpha, (alpha) => kit.update((draft) => void (draft.alpha = alpha))),
            (current) => current.alpha,
          ),
        ],
        'sp-group-narrow',
      ),
    discreteGroup: (lists, { update }) =>
      group(
        'Probabilities of the outcomes 0, 1, 2, … (comma-separated; each list is rescaled to sum to 1)',
        [
          ...lists,
          buttonRow('Examples from the chapter', [
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
          ]),
        ],
        'sp-group-wide',
      ),
  });
  const { densityPanel, x, discreteX, density } = editor;

  const integrandPanel = createPanel(svg, { left: margin.left, top: bottom.top, width: innerWidth, height: bottom.height }, 'integrand');
  integrandPanel.layer('grid');
  const integrandMarks = integrandPanel.layer('marks', { clip: true });
  integrandPanel.layer('axes');
  const integrandNotes = integrandPanel.layer('notes');
  const integrandY = scaleLinear().domain([0, 1]).range([bottom.height, 0]);

  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(legendLayer, 'legend', legendItems, legend.at, narrow ? legend.maxWidth : innerWidth);

  let values = new Map<string, number>();
  let valuesKey = '';
  let curves: { xs: number[]; p: number[]; q: number[]; integrand: number[] } = { xs: [], p: [], q: [], integrand: [] };

  // ── Computation ───────────────────────────────────────────────────────────────────────────────

  function computeValues(): void {
    const state = editor.state;
    const key = JSON.stringify([state.mode, state.alpha, state.p, state.q, state.discreteP, state.discreteQ]);
    if (key === valuesKey) return;
    valuesKey = key;
    values = evaluateEach(tableIds(state.alpha), state, 'divergence-explorer');
  }

  function computeCurves(): void {
    const state = editor.state;
    const id = resolveChoice(state.divergence, state.alpha);
    if (state.mode === 'continuous') {
      const { densityP, densityQ, xs, p, q } = densityGrid(state);
      const integrand = xs.map((at, i) => (id === 'w1' ? Math.abs(densityP.cdf(at) - densityQ.cdf(at)) : pointwiseTerm(id, p[i], q[i])));
      curves = { xs, p, q, integrand };
    } else {
      const n = outcomes(state);
      const p = barsOf(state, 'p');
      const q = barsOf(state, 'q');
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

  function draw(): void {
    const state = editor.state;
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
    editor.drawDensities(curves);

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
    const empty: number[] = [];
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
    editor.table.update(
      tableIds(editor.state.alpha).map((id) => ({ id, name: divergenceName(id), value: values.get(id) ?? Number.NaN })),
      selected,
    );
  }

  return {
    stateSchema: StateSchema,
    defaultState: () => StateSchema.parse(defaults),
    getState: () => structuredClone(editor.state),
    setState: (next) => editor.setState(next),

    csv() {
      const state = editor.state;
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
      const state = editor.state;
      const id = resolveChoice(state.divergence, state.alpha);
      const listed = ['kl', 'reverse-kl', 'js', 'tv', 'w1']
        .map((key) => `${divergenceSymbol(key)} ${valueWords(values.get(key) ?? Number.NaN)}`)
        .join(', ');
      return `${describePair(state)} Shown: the integrand of ${divergenceName(id)}, value ${valueWords(values.get(id) ?? Number.NaN)}. ${listed}.`;
    },
  };
};
