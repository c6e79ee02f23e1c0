/**
 * `npm run experiment -- --figure <id> --out <dir> [--seed S] [--steps N] [--backend cpu|wasm|wasm-fused]`:
 * reproduce a figure into files.
 *
 * - `<id>.csv`: every trace, one row per run and step: the step's metrics and, at each report
 *   interval, the command line's report numbers (flattened: `modeCoverage.modesCaptured`, …); a
 *   leading `#` comment line carries the provenance.
 * - `<id>.json`: the full experiment (seed included) with a `provenance` field (book, engine and
 *   TensorFlow.js versions, backend, date); `--config <id>.json` runs it again.
 * - `<id>.svg`: the figure at the last step, drawn by the page's own widget code (src/render/).
 *
 * Same seed, same backend: byte-identical CSV and SVG (the date is only in the JSON).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyExperiment } from '../engine/experiments/schema';
import { csvWithProvenance } from '../engine/provenance';
import type { FigureRender, RunRecord } from '../render/render-figure';

export interface ReproduceOptions {
  figure: string;
  out: string;
  experiment: AnyExperiment;
  /** Train each run the fast path accepts on it ('wasm-fused'), as a figure does in a browser with WASM. */
  fused?: boolean;
}

/**
 * Writes the three files; returns their paths and how the runs started (the backend they trained on
 * and, if the fast path was asked for and not taken, why). The backend must be started (the CLI does it).
 */
export async function reproduceFigure(options: ReproduceOptions): Promise<{ files: string[]; started: FigureRender['started'] }> {
  const { renderFigure } = await import('../render/render-figure');
  const render = await renderFigure(options.figure, { experiment: options.experiment, reports: true, backendStarted: true, fused: options.fused });
  mkdirSync(options.out, { recursive: true });
  const base = join(options.out, options.figure);
  const files = [`${base}.csv`, `${base}.json`, `${base}.svg`];
  writeFileSync(files[0], csvWithProvenance(tracesCsv(render.runs), render.provenance));
  const json = { ...options.experiment, provenance: { ...render.provenance, date: new Date().toISOString() } };
  writeFileSync(files[1], `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(files[2], render.svg);
  return { files, started: render.started };
}

/** One row per run and step; report numbers (flattened) on the report steps, empty elsewhere. */
export function tracesCsv(runs: readonly RunRecord[]): string {
  const metricNames: string[] = [];
  const reportNames: string[] = [];
  const remember = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name);
  };
  const flatReports = runs.map((run) => new Map(run.reports.map((report) => [report.step, flatten(report)])));
  for (const run of runs) for (const entry of run.metrics) for (const name of Object.keys(entry)) if (name !== 'step') remember(metricNames, name);
  for (const reports of flatReports) for (const flat of reports.values()) for (const name of Object.keys(flat)) if (name !== 'step') remember(reportNames, name);
  const header = ['run', 'step', ...metricNames, ...reportNames];
  const lines = [header.join(',')];
  runs.forEach((run, index) => {
    for (const entry of run.metrics) {
      const report = flatReports[index].get(entry.step) ?? {};
      const cells = [run.key, String(entry.step), ...metricNames.map((name) => field(entry[name])), ...reportNames.map((name) => field(report[name]))];
      lines.push(cells.join(','));
    }
  });
  return `${lines.join('\n')}\n`;
}

function field(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  if (typeof value === 'boolean') return String(value);
  return '';
}

/** { a: { b: 1, c: [2, 3] } } → { 'a.b': 1, 'a.c.0': 2, 'a.c.1': 3 }. */
function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}
