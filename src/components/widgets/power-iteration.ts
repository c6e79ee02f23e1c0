/**
 * power-iteration (Figure 6.1): SN-GAN's power iteration on a 2 × 2 matrix W, drawn.
 *
 * Left: the unit circle and its image under W, an ellipse whose semi-axes are σ₁ and σ₂; the
 * columns W e₁ and W e₂ as draggable handles (their entries are also number fields); the top
 * singular pair (v₁ on the circle, σ₁u₁ on the ellipse); the start u₀ and the iterates: v_k on
 * the unit circle and W v_k on the ellipse, marching towards v₁ and σ₁u₁. Because W is 2 × 2 its
 * input space (where v lives) and output space (where u lives) are both the plane, drawn as one.
 *
 * Right: the relative error (σ₁ − σ̂_k)/σ₁ of the estimate after k iterations, on a log scale, with
 * the predicted asymptotic rate: a line falling by the factor (σ₂/σ₁)⁴ per iteration, through the
 * last iterate. Every number comes from src/engine/linalg.ts (the same code as the CLI and tests).
 */
import { scaleLinear, scaleLog } from 'd3';
import { z } from '../../engine/zod';
import {
  powerIteration,
  predictedErrorRatio,
  singularValueDecomposition,
  unitCircleImage,
  type Matrix,
  type PowerIterate,
  type SingularValueDecomposition,
} from '../../engine/linalg';
import {
  createPanel,
  createPointHandle,
  createSvg,
  drawAxes,
  drawLegend,
  legendBand,
  legendRowHeight,
  narrowBelow,
  type LegendItem,
  drawLine,
  drawSegments,
  drawSymbols,
  drawTitle,
  formatNumber,
  formatPowerOfTen,
  keyed,
  toCsv,
} from '../plots';
import { button, buttonRow, group, numberControl, sliderControl, type ControlHandle } from './explorer-controls';
import type { ExplorerFactory } from './explorer-types';

const ENTRY_LIMIT = 3;
const MAX_ITERATIONS = 20;
/** Errors below this are rounding: drawn at the floor of the log axis. */
const ERROR_FLOOR = 1e-16;

const entry = z.number().min(-ENTRY_LIMIT).max(ENTRY_LIMIT);
const StateSchema = z.strictObject({
  w11: entry,
  w12: entry,
  w21: entry,
  w22: entry,
  /** The start u₀ = (cos θ, sin θ), θ in degrees (u and −u give the same iterates up to sign). */
  startAngle: z.number().min(0).max(180),
  iterations: z.number().int().min(1).max(MAX_ITERATIONS),
});
export type PowerIterationState = z.output<typeof StateSchema>;

const defaults: PowerIterationState = { w11: 1.2, w12: 0.8, w21: -0.4, w22: 1, startAngle: 45, iterations: 8 };

/** The book's presets: gan-math §11.4's 2 × 2 rows, and a start that is trapped on u₂. */
export const presets: ReadonlyArray<{ id: string; label: string; matrix: Matrix; note: string }> = [
  { id: 'rotation', label: 'Equal σ: [[0,−2],[2,0]]', matrix: [[0, -2], [2, 0]], note: 'σ₁ = σ₂ = 2' },
  { id: 'slow', label: 'Slow: [[1,0],[0,0.9]]', matrix: [[1, 0], [0, 0.9]], note: '(σ₂/σ₁)⁴ = 0.6561' },
  { id: 'near', label: '[[1,0.1],[0.1,0.9]]', matrix: [[1, 0.1], [0.1, 0.9]], note: '(σ₂/σ₁)⁴ = 0.388' },
  { id: 'trapped', label: 'Trapped start: [[2,−1],[−1,2]]', matrix: [[2, -1], [-1, 2]], note: 'ones is u₂' },
];

/**
 * The start vector for an angle in degrees. Multiples of 45° are exact, so that 45° is exactly
 * ones/‖ones‖ (the start of gan-math §11.4's traces): cos and sin of π/4 differ in the last bit,
 * and in the trapped example that bit would grow ninefold per iteration.
 */
export function startVector(degrees: number): [number, number] {
  const exact: Record<number, [number, number]> = {
    0: [1, 0],
    45: [Math.SQRT1_2, Math.SQRT1_2],
    90: [0, 1],
    135: [-Math.SQRT1_2, Math.SQRT1_2],
    180: [-1, 0],
  };
  if (Object.hasOwn(exact, degrees)) return exact[degrees];
  const radians = (degrees * Math.PI) / 180;
  return [Math.cos(radians), Math.sin(radians)];
}

export interface PowerIterationResult {
  matrix: Matrix;
  svd: SingularValueDecomposition;
  start: [number, number];
  iterates: PowerIterate[];
  /** (σ₁ − σ̂_k)/σ₁ for k = 1 … K (NaN when σ₁ = 0). */
  relativeErrors: number[];
  /** (σ₂/σ₁)⁴. */
  rate: number;
  /** σ₁ = σ₂ (to rounding): no single top singular pair. */
  equal: boolean;
  /** u₀ is orthogonal to u₁ while σ₁ > σ₂: the iteration stays on u₂. */
  trapped: boolean;
}

/** Everything the figure shows, computed from a state. */
export function computePowerIteration(state: PowerIterationState): PowerIterationResult {
  const matrix: Matrix = [
    [state.w11, state.w12],
    [state.w21, state.w22],
  ];
  const svd = singularValueDecomposition(matrix);
  const start = startVector(state.startAngle);
  const iterates = powerIteration(matrix, start, state.iterations);
  const [s1, s2] = svd.values;
  const relativeErrors = iterates.map(({ sigma }) => (s1 > 0 ? (s1 - sigma) / s1 : Number.NaN));
  const equal = s1 > 0 && s1 - s2 <= 1e-12 * s1;
  const overlap = Math.abs(start[0] * svd.left[0][0] + start[1] * svd.left[0][1]);
  const trapped = s1 > 0 && !equal && overlap < 1e-12;
  return { matrix, svd, start, iterates, relativeErrors, rate: predictedErrorRatio(svd.values), equal, trapped };
}

const digits = (value: number, count = 8) => (Number.isFinite(value) ? Number(value.toPrecision(count)).toString().replace('-', '−') : '—');
const matrixWords = (m: Matrix) => `[[${m[0].map((x) => digits(x, 4)).join(', ')}], [${m[1].map((x) => digits(x, 4)).join(', ')}]]`;

// ── Layout ──────────────────────────────────────────────────────────────────────────────────────

const legendItems: LegendItem[] = [
  { kind: 'line', label: 'unit circle', className: 'sp-reference' },
  { kind: 'line', label: 'its image under W', className: 'sp-discriminator' },
  { kind: 'symbol', label: 'v_k', className: 'sp-real', shape: 'circle' },
  { kind: 'symbol', label: 'W v_k', className: 'sp-generated', shape: 'triangle' },
  { kind: 'line', label: 'relative error of σ̂_k', className: 'sp-generated' },
  { kind: 'line', label: 'predicted: ×(σ₂/σ₁)⁴ per iteration', className: 'sp-tv' },
];

/** The plane left of the error at the design width (680); on a phone (a narrow width) above it. */
function layoutFor(width: number | undefined) {
  if (width === undefined || width >= narrowBelow) {
    return { width: 680, legend: { at: { x: 44, y: 14 }, maxWidth: 680 - 44 - 10 }, left: { left: 44, top: 62, width: 300, height: 300 }, right: { left: 430, top: 62, width: 230, height: 300 }, height: 420 };
  }
  const legend = legendBand(legendItems, width, { x: 44, y: 14 }, true);
  // The design legend has two rows already.
  const size = width - 44 - 16;
  const left = { left: 44, top: 62 + Math.max(0, legend.extra - legendRowHeight), width: size, height: size };
  const right = { left: 44, top: left.top + size + 80, width: size, height: 230 };
  return { width, legend, left, right, height: right.top + right.height + 58 };
}

export const createPowerIteration: ExplorerFactory<PowerIterationState> = ({ plot, controls, title, changed, width: narrowWidth }) => {
  const { width, legend, left, right, height } = layoutFor(narrowWidth);
  const svg = createSvg(plot, {
    width,
    height,
    title,
    interactive: true,
    description:
      'Left: the unit circle, its image under the 2 by 2 matrix W (an ellipse), the columns of W as draggable handles, the top singular pair, ' +
      'and the power-iteration iterates v_k on the circle and W v_k on the ellipse. Right: the relative error of the estimate σ̂_k ' +
      'against the iteration k on a log scale, with a reference line falling by (σ₂/σ₁)⁴ per iteration.',
  });
  const plane = createPanel(svg, left, 'plane');
  plane.layer('grid');
  const planeShapes = plane.layer('shapes', { clip: true });
  plane.layer('axes');
  const planeMarks = plane.layer('marks', { clip: true });
  const planeHandles = plane.layer('handles');
  const errorPanel = createPanel(svg, right, 'error');
  errorPanel.layer('grid');
  const errorLines = errorPanel.layer('lines', { clip: true });
  errorPanel.layer('axes');
  const errorMarks = errorPanel.layer('marks');
  const legendLayer = svg.append('g').attr('class', 'sp-layer');
  drawLegend(
    legendLayer,
    'legend',
    legendItems,
    legend.at,
    legend.maxWidth,
  );

  const x = scaleLinear().range([0, left.width]);
  const y = scaleLinear().range([left.height, 0]);
  const k = scaleLinear().range([0, right.width]);
  const e = scaleLog().domain([ERROR_FLOOR, 1]).range([right.height, 0]).clamp(true);

  let state: PowerIterationState = { ...defaults };
  let result = computePowerIteration(state);
  let extent = 0;
  let drawQueued = false;

  // ── Handles: the columns W e₁ and W e₂ ────────────────────────────────────────────────────────
  const round = (value: number) => Math.round(value * 20) / 20;
  const columnHandle = (column: 1 | 2) =>
    createPointHandle(
      planeHandles,
      `column-${column}`,
      {
        label: `W e${column === 1 ? '₁' : '₂'}, column ${column} of W`,
        min: -ENTRY_LIMIT,
        max: ENTRY_LIMIT,
        step: 0.1,
        largeStep: 0.5,
        shape: column === 1 ? 'square' : 'diamond',
        className: column === 1 ? 'sp-support' : 'sp-conjugate',
        valueText: ([a, b]) => `W e${column === 1 ? '₁' : '₂'} = (${digits(a, 4)}, ${digits(b, 4)})`,
        current: () => (column === 1 ? [state.w11, state.w21] : [state.w12, state.w22]),
      },
      (px, py) => [round(x.invert(px)), round(y.invert(py))],
      ([a, b], settled) =>
        apply(column === 1 ? { ...state, w11: a, w21: b } : { ...state, w12: a, w22: b }, settled),
    );
  const handles = [columnHandle(1), columnHandle(2)];

  // ── Controls ──────────────────────────────────────────────────────────────────────────────────
  const setters: Array<() => void> = [];
  const track = <T,>(handle: ControlHandle<T>, read: () => T) => {
    setters.push(() => handle.set(read()));
    return handle.element;
  };
  const entryControl = (key: 'w11' | 'w12' | 'w21' | 'w22', label: string) =>
    track(
      numberControl({
        label,
        name: key,
        min: -ENTRY_LIMIT,
        max: ENTRY_LIMIT,
        step: 0.1,
        value: state[key],
        onChange: (value) => apply({ ...state, [key]: value }, true),
      }),
      () => state[key],
    );
  const presetRow = buttonRow(
    'Examples from the chapter (start u₀ = ones/√2)',
    presets.map((preset) =>
      button(
        preset.label,
        () =>
          apply(
            {
              ...state,
              w11: preset.matrix[0][0],
              w12: preset.matrix[0][1],
              w21: preset.matrix[1][0],
              w22: preset.matrix[1][1],
              startAngle: 45,
            },
            true,
          ),
        { name: `preset-${preset.id}` },
      ),
    ),
  );
  presetRow.style.gridColumn = '1 / -1';
  controls.append(
    group('Matrix W (drag the columns W e₁, W e₂ on the plot, or type)', [
      entryControl('w11', 'W₁₁'),
      entryControl('w12', 'W₁₂'),
      entryControl('w21', 'W₂₁'),
      entryControl('w22', 'W₂₂'),
    ]),
    group(
      'Power iteration',
      [
        track(
          sliderControl({
            label: 'Iterations k',
            name: 'iterations',
            min: 1,
            max: MAX_ITERATIONS,
            step: 1,
            value: state.iterations,
            onChange: (value) => apply({ ...state, iterations: Math.round(value) }, true),
          }),
          () => state.iterations,
        ),
        track(
          sliderControl({
            label: 'Start u₀: angle in degrees (45° = ones/√2)',
            name: 'start-angle',
            min: 0,
            max: 180,
            step: 0.5,
            value: state.startAngle,
            onChange: (value) => apply({ ...state, startAngle: value }, true),
          }),
          () => state.startAngle,
        ),
        presetRow,
      ],
      'sp-group-wide',
    ),
  );

  // The estimates after 1, 2, 3 and k iterations, with full precision in data-value for tests.
  const table = document.createElement('table');
  table.className = 'sp-values-table';
  table.dataset.testid = 'values';
  const caption = document.createElement('caption');
  caption.textContent = 'Singular values and power-iteration estimates';
  const body = document.createElement('tbody');
  table.append(caption, body);
  const tableWrap = document.createElement('div');
  tableWrap.className = 'sp-values';
  tableWrap.append(table);
  plot.append(tableWrap);

  function apply(next: PowerIterationState, settled: boolean): void {
    const parsed = StateSchema.safeParse({
      ...next,
      w11: Number(next.w11.toPrecision(10)),
      w12: Number(next.w12.toPrecision(10)),
      w21: Number(next.w21.toPrecision(10)),
      w22: Number(next.w22.toPrecision(10)),
    });
    if (!parsed.success) return;
    state = parsed.data;
    render(settled);
    changed(settled);
  }

  function render(rescale = true): void {
    result = computePowerIteration(state);
    // The plane's scale follows the matrix only when a change settles, so a drag is not chased by its axes.
    if (rescale || extent === 0) {
      const [s1] = result.svd.values;
      const reach = Math.max(1, s1, Math.hypot(state.w11, state.w21), Math.hypot(state.w12, state.w22));
      extent = Math.ceil(reach * 1.15 * 2) / 2;
      x.domain([-extent, extent]);
      y.domain([-extent, extent]);
    }
    for (const set of setters) set();
    updateTable();
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  function updateTable(): void {
    const { svd, iterates, relativeErrors, rate } = result;
    const rows: Array<{ id: string; name: string; value: number; text?: string }> = [
      { id: 'sigma-1', name: 'σ₁ (exact, from the SVD)', value: svd.values[0] },
      { id: 'sigma-2', name: 'σ₂', value: svd.values[1] },
      { id: 'rate', name: '(σ₂/σ₁)⁴, predicted error ratio per iteration', value: rate },
    ];
    const shown = new Set([1, 2, 3, iterates.length]);
    for (const index of [...shown].filter((n) => n <= iterates.length).sort((a, b) => a - b)) {
      rows.push({ id: `estimate-${index}`, name: `σ̂ after ${index} iteration${index === 1 ? '' : 's'}`, value: iterates[index - 1].sigma });
    }
    const last = relativeErrors[relativeErrors.length - 1];
    rows.push({
      id: 'error',
      name: `relative error after ${iterates.length}`,
      value: last,
      text: Number.isFinite(last) ? (Math.abs(last) < ERROR_FLOOR ? '0 (rounding)' : Math.abs(last).toExponential(2)) : '—',
    });
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement('tr');
        tr.dataset.quantity = row.id;
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = row.name;
        const td = document.createElement('td');
        td.textContent = row.text ?? digits(row.value);
        td.dataset.value = Number.isFinite(row.value) ? String(row.value) : '';
        tr.append(th, td);
        return tr;
      }),
    );
  }

  function draw(): void {
    const { matrix, svd, start, iterates, relativeErrors, rate } = result;
    const scales = { x, y };
    // ── The plane ──
    drawAxes(plane, { x, y, xTicks: 5, yTicks: 5, grid: true, yLabelOffset: 30 });
    drawTitle(plane, 'Unit circle and its image under W');
    keyed(plane.layer('grid'), 'path', 'origin-lines')
      .attr('class', 'sp-baseline')
      .attr('d', `M0,${y(0)}H${left.width}M${x(0)},0V${left.height}`);
    const circle = Array.from({ length: 181 }, (_, i) => (2 * Math.PI * i) / 180);
    drawLine(planeShapes, 'circle', circle.map(Math.cos), circle.map(Math.sin), scales, 'sp-reference');
    const ellipse = unitCircleImage(matrix);
    drawLine(planeShapes, 'ellipse', ellipse.map((p) => p[0]), ellipse.map((p) => p[1]), scales, 'sp-discriminator');
    // Columns as arrows from the origin; the top singular pair as guides.
    const [s1] = svd.values;
    const v1 = svd.right[0];
    const u1 = svd.left[0];
    const segments: Array<[number, number, number, number]> = [
      [x(0), y(0), x(matrix[0][0]), y(matrix[1][0])],
      [x(0), y(0), x(matrix[0][1]), y(matrix[1][1])],
    ];
    drawSegments(planeShapes, 'columns', segments, 'sp-support');
    const guides: Array<[number, number, number, number]> = result.equal || !(s1 > 0)
      ? []
      : [
          [x(-v1[0]), y(-v1[1]), x(v1[0]), y(v1[1])],
          [x(-s1 * u1[0]), y(-s1 * u1[1]), x(s1 * u1[0]), y(s1 * u1[1])],
        ];
    drawSegments(planeShapes, 'singular-axes', guides, 'sp-reference-guide');
    // Iterates: v_k on the circle (circles), W v_k on the ellipse (triangles), u₀ (cross).
    const vs = iterates.flatMap(({ v }) => v);
    const images = iterates.flatMap(({ v }) => [matrix[0][0] * v[0] + matrix[0][1] * v[1], matrix[1][0] * v[0] + matrix[1][1] * v[1]]);
    drawSymbols(planeMarks, 'start', start, scales, { shape: 'cross', radius: 5, className: 'sp-generated' });
    drawSymbols(planeMarks, 'v-iterates', vs, scales, { shape: 'circle', radius: 3.5, className: 'sp-real' });
    drawSymbols(planeMarks, 'image-iterates', images, scales, { shape: 'triangle', radius: 4, className: 'sp-generated' });
    const label = (key: string, text: string, at: readonly number[] | undefined) =>
      keyed(planeMarks, 'text', key)
        .attr('class', 'sp-axis-caption')
        .attr('x', at ? x(at[0] * 1.12) + 4 : -100)
        .attr('y', at ? y(at[1] * 1.12) : -100)
        .text(at ? text : '');
    label('start-label', 'u₀', start);
    label('column-1-label', 'W e₁', [matrix[0][0], matrix[1][0]]);
    label('column-2-label', 'W e₂', [matrix[0][1], matrix[1][1]]);
    label('v-label', `v${subscript(iterates.length)}`, iterates.length ? iterates[iterates.length - 1].v : undefined);
    label('image-label', `W v${subscript(iterates.length)}`, iterates.length ? images.slice(-2) : undefined);
    handles[0].place(x(matrix[0][0]), y(matrix[1][0]));
    handles[1].place(x(matrix[0][1]), y(matrix[1][1]));

    // ── The error ──
    k.domain([0, state.iterations + 1]);
    drawAxes(errorPanel, {
      x: k,
      y: e,
      xLabel: 'iteration k',
      yLabel: '(σ₁ − σ̂_k)/σ₁',
      xTicks: Math.min(state.iterations + 1, 6),
      yTicks: 8,
      yFormat: (value) => (Math.log10(value) % 4 === 0 ? formatPowerOfTen(value) : ''),
      xFormat: (value) => (Number.isInteger(value) ? String(value) : ''),
      grid: true,
      yLabelOffset: 40,
    });
    drawTitle(errorPanel, 'Error of the estimate');
    const ks = iterates.map((_, i) => i + 1);
    const shownErrors = relativeErrors.map((value) => Math.max(ERROR_FLOOR, Math.abs(value)));
    drawLine(errorLines, 'errors', ks, shownErrors, { x: k, y: e }, 'sp-generated');
    const points = ks.flatMap((kk, i) => [kk, shownErrors[i]]);
    drawSymbols(errorMarks, 'error-points', points, { x: k, y: e }, { shape: 'triangle', radius: 3.5, className: 'sp-generated' });
    // The predicted slope, through the last iterate that is above rounding.
    const anchor = lastAbove(shownErrors, 1e-13);
    const predicted =
      anchor >= 0 && rate > 0 && Number.isFinite(rate) && !result.equal && !result.trapped
        ? ks.map((kk) => shownErrors[anchor] * rate ** (kk - (anchor + 1)))
        : ks.map(() => Number.NaN);
    drawLine(errorLines, 'predicted', ks, predicted, { x: k, y: e }, 'sp-tv');
    keyed(errorMarks, 'text', 'status')
      .attr('class', 'sp-note sp-status-note')
      .attr('x', 6)
      .attr('y', right.height - 8)
      .attr('text-anchor', 'start')
      .text(
        !(s1 > 0)
          ? 'W = 0: nothing to estimate'
          : result.equal
            ? 'σ₁ = σ₂: σ̂ is exact at once'
            : result.trapped
              ? `trapped: σ̂ stays at σ₂ = ${formatNumber(svd.values[1])}`
              : `(σ₂/σ₁)⁴ = ${formatNumber(rate)}`,
      );
  }

  return {
    stateSchema: StateSchema,
    defaultState: () => ({ ...defaults }),
    getState: () => ({ ...state }),
    setState(next) {
      state = { ...next };
      render(true);
    },

    csv() {
      const { iterates, relativeErrors, rate, svd, matrix } = result;
      const rows = iterates.map((iterate, i) => {
        const image = [
          matrix[0][0] * iterate.v[0] + matrix[0][1] * iterate.v[1],
          matrix[1][0] * iterate.v[0] + matrix[1][1] * iterate.v[1],
        ];
        return [
          i + 1,
          iterate.sigma,
          svd.values[0],
          svd.values[1],
          relativeErrors[i],
          rate,
          iterate.u[0],
          iterate.u[1],
          iterate.v[0],
          iterate.v[1],
          image[0],
          image[1],
        ];
      });
      return toCsv(
        ['k', 'sigma_hat', 'sigma_1', 'sigma_2', 'relative_error', 'predicted_ratio', 'u_x', 'u_y', 'v_x', 'v_y', 'Wv_x', 'Wv_y'],
        rows,
      );
    },

    svg: () => svg.node()!,

    readout() {
      const { svd, iterates, relativeErrors, rate, matrix } = result;
      const [s1, s2] = svd.values;
      const estimates = iterates.slice(0, 3).map(({ sigma }) => digits(sigma)).join(', ');
      const last = iterates[iterates.length - 1];
      const head = `W = ${matrixWords(matrix)}: σ₁ = ${digits(s1)}, σ₂ = ${digits(s2)}.`;
      const start = `From u₀ at ${digits(state.startAngle, 4)}°, σ̂ after 1, 2, 3 iterations: ${estimates}`;
      const tail = `; after ${iterates.length}: ${digits(last.sigma)} (relative error ${digits(Math.abs(relativeErrors[relativeErrors.length - 1]), 3)}).`;
      let note = '';
      if (!(s1 > 0)) note = ' W is zero, so σ = 0.';
      else if (result.equal) note = ' The two singular values are equal: every unit vector is a top singular vector, so σ̂ is exact at once and u never moves.';
      else if (result.trapped) note = ' The start is orthogonal to u₁, so the iteration stays on the second singular pair and σ̂ = σ₂.';
      else note = ` Predicted error ratio per iteration (σ₂/σ₁)⁴ = ${digits(rate, 4)}.`;
      return `${head} ${start}${tail}${note}`;
    },
  };
};

function lastAbove(values: readonly number[], threshold: number): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] > threshold) return i;
  return -1;
}

function subscript(n: number): string {
  const digitsMap = '₀₁₂₃₄₅₆₇₈₉';
  return String(n).replace(/\d/g, (d) => digitsMap[Number(d)]);
}
