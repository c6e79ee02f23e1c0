/**
 * pull-away: the same EBGAN trained twice on one seed, without the pull-away term and with it (the
 * experiment's weight, 0.1 by default). Per run: the encoder's codes of a batch of generated points
 * (projected onto their two principal axes about the origin when the code is longer than 2), the
 * matrix of their pairwise cosine similarities, and, beneath, modes captured over training for both.
 */
import { scaleLinear } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import {
  createPanel,
  createSvg,
  divergingProbabilityMap,
  drawAxes,
  drawHeatmap,
  drawLegend,
  drawLine,
  drawSymbols,
  drawTitle,
  formatNumber,
  keyed,
  narrowBelow,
  paletteColor,
  panelNote,
  toCsv,
  type Panel,
} from '../plots';
import { series } from '../plots/palette';
import { renderFields } from './controls';
import { cosineMatrix, embeddingField, marginField, meanAbsoluteCosine, projectCodes, pullAwayField } from './energy-shared';
import type { RunSpec, RunView, WidgetFactory } from './types';

const columns = [
  { key: 'without', left: 56, title: 'EBGAN (no pull-away term)' },
  { key: 'with', left: 356, title: 'EBGAN-PT' },
] as const;

/**
 * Two columns (codes and matrix of each run) side by side above the coverage chart at the design
 * width; on a phone (a narrow width) the two runs one above the other, then the chart.
 */
function layoutFor(width: number) {
  if (width >= narrowBelow) {
    const codeBox = { top: 70, size: 150 };
    return {
      places: columns.map((column) => ({ left: column.left, top: 0 })),
      codeBox,
      matrixBox: { top: codeBox.top, size: 110, offset: 164 },
      coverageBox: { top: 330, height: 120, left: 56, width: 560 },
      height: 520,
    };
  }
  const left = 40;
  const codeBox = { top: 70, size: Math.min(150, width - left - 8 - 124) };
  const rowStep = codeBox.size + 110;
  const coverageBox = { top: rowStep + codeBox.top + codeBox.size + 84, height: 120, left: 56, width: width - 56 - 16 };
  return {
    places: columns.map((_, index) => ({ left, top: index * rowStep })),
    codeBox,
    matrixBox: { top: codeBox.top, size: 110, offset: codeBox.size + 14 },
    coverageBox,
    height: coverageBox.top + coverageBox.height + 70,
  };
}

/** The pull-away weight of the "with" run: the experiment's, or the paper's 0.1 if it is 0. */
function withWeight(experiment: Experiment): number {
  const weight = experiment.objective.kind === 'energy' ? experiment.objective.pullAwayWeight : 0;
  return weight > 0 ? weight : 0.1;
}

interface ColumnParts {
  codes: Panel;
  matrix: Panel;
  /** (step, modes captured, mean |cos|) per snapshot since the last restart. */
  trace: Array<[number, number, number]>;
  cosine: number;
  pullAway: number;
}

export const createPullAway: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  const { places, codeBox, matrixBox, coverageBox, height } = layoutFor(width);
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Two runs of the same EBGAN, without and with the pull-away term. For each: the encoder codes of generated points projected to the plane, ' +
      'and their pairwise cosine similarities as a matrix. Below: modes captured over training by both runs.',
  });
  const parts: Record<string, ColumnParts> = {};
  columns.forEach((column, index) => {
    const { left, top } = places[index];
    const codes = createPanel(svg, { left, top: top + codeBox.top, width: codeBox.size, height: codeBox.size }, `codes-${column.key}`);
    codes.layer('grid');
    codes.layer('marks', { clip: true });
    const matrix = createPanel(svg, { left: left + matrixBox.offset, top: top + matrixBox.top, width: matrixBox.size, height: matrixBox.size }, `matrix-${column.key}`);
    matrix.layer('heat');
    keyed(svg.append('g').attr('class', 'sp-layer'), 'text', `title-${column.key}`)
      .attr('class', 'sp-panel-title')
      .attr('x', left)
      .attr('y', top + 40)
      .text(column.title);
    parts[column.key] = { codes, matrix, trace: [], cosine: Number.NaN, pullAway: Number.NaN };
  });
  const coverage = createPanel(svg, { left: coverageBox.left, top: coverageBox.top, width: coverageBox.width, height: coverageBox.height }, 'coverage');
  coverage.layer('grid');
  const coverageLines = coverage.layer('lines', { clip: true });
  drawLegend(
    svg.append('g').attr('class', 'sp-layer'),
    'legend',
    [
      { kind: 'line', label: 'no pull-away term', className: series.discriminator },
      { kind: 'line', label: 'with pull-away term', className: series.generated },
    ],
    { x: coverageBox.left, y: coverageBox.top + coverageBox.height + 44 },
    coverageBox.width,
  );

  let latest: readonly RunView[] = [];
  const cosineColors = () => divergingProbabilityMap(paletteColor(plot, 'secondary'), paletteColor(plot, 'discriminator'), 0.9);

  return {
    frameMs: 120,
    runs(experiment: Experiment): RunSpec[] {
      return columns.map((column) => {
        const copy = structuredClone(experiment);
        if (copy.objective.kind === 'energy') copy.objective.pullAwayWeight = column.key === 'with' ? withWeight(experiment) : 0;
        return { key: column.key, label: column.title, experiment: copy };
      });
    },
    quickControls(host) {
      renderFields(host, [pullAwayField()]);
    },
    controls(host) {
      renderFields(host, [marginField(), embeddingField()]);
    },

    draw(runs) {
      latest = runs;
      const colors = cosineColors();
      for (const column of columns) {
        const run = runs.find((r) => r.key === column.key);
        const part = parts[column.key];
        const snapshot = run?.snapshot;
        panelNote(part.codes, snapshot ? '' : column.key === 'without' ? idleNote : '');
        const embeddings = snapshot?.embeddings;
        const projected = embeddings ? projectCodes(embeddings.codes, embeddings.dim) : new Float32Array();
        let reach = 1e-6;
        for (const value of projected) if (Number.isFinite(value)) reach = Math.max(reach, Math.abs(value));
        const scale = scaleLinear().domain([-reach * 1.1, reach * 1.1]).range([0, codeBox.size]);
        const scaleY = scaleLinear().domain([-reach * 1.1, reach * 1.1]).range([codeBox.size, 0]);
        drawAxes(part.codes, { x: scale, y: scaleY, xTicks: 3, yTicks: 3, grid: true, xFormat: () => '', yFormat: () => '' });
        drawTitle(part.codes, embeddings && embeddings.dim > 2 ? `codes (${embeddings.dim}-D, projected)` : 'codes');
        // Each code as a point and a line from the origin: cosine similarity is the angle between the lines.
        keyed(part.codes.layer('marks'), 'g', 'rays')
          .selectAll('line')
          .data(Array.from({ length: projected.length / 2 }, (_, i) => i))
          .join('line')
          .attr('class', 'sp-code-ray sp-rule')
          .attr('x1', scale(0))
          .attr('y1', scaleY(0))
          .attr('x2', (i) => scale(projected[2 * i]))
          .attr('y2', (i) => scaleY(projected[2 * i + 1]));
        drawSymbols(part.codes.layer('marks'), 'codes', projected, { x: scale, y: scaleY }, { shape: 'cross', radius: 2.6, className: series.generated, canvas: true });

        const matrix = embeddings ? cosineMatrix(embeddings.codes, embeddings.dim) : { n: 0, values: new Float64Array() };
        const index = Array.from({ length: matrix.n }, (_, i) => i);
        const cell = scaleLinear().domain([-0.5, matrix.n - 0.5]).range([0, matrixBox.size]);
        const cellY = scaleLinear().domain([-0.5, matrix.n - 0.5]).range([matrixBox.size, 0]);
        // cos ∈ [−1, 1] → [0, 1]: pink for opposite directions, clear for orthogonal, blue for the same direction.
        drawHeatmap(part.matrix.layer('heat'), 'cosines', { x: index, y: index, values: Array.from(matrix.values, (v) => (v + 1) / 2) }, { x: cell, y: cellY }, colors);
        keyed(part.matrix.layer('heat'), 'rect', 'frame').attr('class', 'sp-frame').attr('width', matrixBox.size).attr('height', matrixBox.size);
        drawTitle(part.matrix, 'cosine similarities');
        part.cosine = meanAbsoluteCosine(matrix);
        part.pullAway = embeddings?.pullAway ?? Number.NaN;
        keyed(part.matrix.layer('heat'), 'text', 'summary')
          .attr('class', 'sp-legend-label')
          .attr('x', 0)
          .attr('y', matrixBox.size + 16)
          .text(Number.isFinite(part.cosine) ? `mean |cos| ${formatNumber(part.cosine, 2)}` : '');
        keyed(part.matrix.layer('heat'), 'text', 'pull-away')
          .attr('class', 'sp-legend-label')
          .attr('x', 0)
          .attr('y', matrixBox.size + 32)
          .text(Number.isFinite(part.pullAway) ? `f_PT ${formatNumber(part.pullAway, 2)}` : '');

        if (!snapshot) part.trace = [];
        else {
          if (part.trace.length && snapshot.step < part.trace[part.trace.length - 1][0]) part.trace = [];
          const modes = snapshot.modeCoverage?.modesCaptured;
          if (modes !== undefined && (!part.trace.length || part.trace[part.trace.length - 1][0] !== snapshot.step)) {
            part.trace.push([snapshot.step, modes, part.cosine]);
          }
        }
      }

      const steps = runs[0]?.experiment.training.steps ?? 1;
      const modeCount = runs[0]?.snapshot?.modeCoverage?.modeCount ?? 8;
      const x = scaleLinear().domain([0, steps]).range([0, coverageBox.width]);
      const y = scaleLinear().domain([0, modeCount]).range([coverageBox.height, 0]);
      drawAxes(coverage, { x, y, xLabel: 'training step', xTicks: 6, yTicks: 4, grid: true });
      drawTitle(coverage, 'Modes captured');
      drawLine(coverageLines, 'without', parts.without.trace.map(([s]) => s), parts.without.trace.map(([, m]) => m), { x, y }, series.discriminator);
      drawLine(coverageLines, 'with', parts.with.trace.map(([s]) => s), parts.with.trace.map(([, m]) => m), { x, y }, series.generated);
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const column of columns) {
        const embeddings = latest.find((run) => run.key === column.key)?.snapshot?.embeddings;
        if (embeddings) {
          for (let i = 0; i < embeddings.codes.length / embeddings.dim; i++) {
            rows.push([column.key, 'code', i, Array.from(embeddings.codes.slice(i * embeddings.dim, (i + 1) * embeddings.dim)).join(' '), '', '']);
          }
        }
        for (const [step, modes, cosine] of parts[column.key].trace) rows.push([column.key, 'trace', step, '', modes, cosine]);
      }
      return toCsv(['run', 'row', 'index_or_step', 'code', 'modes_captured', 'mean_abs_cosine'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      return columns
        .map((column) => {
          const part = parts[column.key];
          const last = part.trace[part.trace.length - 1];
          return `${column.title}: mean |cosine| between codes ${formatNumber(part.cosine, 2)}, pull-away term ${formatNumber(part.pullAway, 2)}${last ? `, ${last[1]} modes captured` : ''}.`;
        })
        .join(' ');
    },
  };
};
