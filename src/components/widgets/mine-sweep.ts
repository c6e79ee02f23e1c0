/**
 * The shared body of Chapter 8's two sweep figures (mi-gaussians over ρ, mi-nonlinear over σ): at
 * each point of the sweep a few short MINE runs train side by side (runs()), each run's estimate is
 * kept when the run ends, and the figure then moves on to the next point without a click, so the
 * chart fills in one point at a time. A finished point stays on the chart when the reader picks
 * another; changing any other setting starts a fresh chart. The command line runs the same sweep:
 * `npm run experiment -- --mi-sweep <figure id>`.
 */
import { scaleLinear } from 'd3';
import { sweepValueOf, atSweepPoint, type SweepRun } from '../../engine/experiments/figures-ch8';
import type { MineExperiment } from '../../engine/kinds/mine/schema';
import {
  createPanel,
  createSvg,
  drawAxes,
  drawLegend,
  drawLine,
  drawSymbols,
  drawTitle,
  keyed,
  legendBand,
  legendRowHeight,
  narrowBelow,
  panelNote,
  toCsv,
  type LegendItem,
  type SymbolShape,
} from '../plots';
import { renderFields, type Field } from './controls';
import type { ControlsHost, RunSpec, RunView, WidgetFactory } from './types';

export interface SweepSeries extends SweepRun {
  /** A few characters for the legend's truth entry, e.g. "x³". */
  shortLabel?: string;
  shape: SymbolShape;
  className: string;
  /** The true information as a function of the sweep's coordinate (drawn as this series' line), or none when the series share one truth. */
  truth?(value: number, experiment: MineExperiment): number;
}

export interface SweepOptions {
  /** The coordinate's name in words and as a symbol: "correlation ρ", "ρ". */
  coordinate: { words: string; symbol: string };
  points: readonly number[];
  /** The x axis's range. */
  domain: [number, number];
  series: readonly SweepSeries[];
  /** One truth shared by all series (the Gaussians), drawn as a reference line. */
  sharedTruth?(value: number, experiment: MineExperiment): number;
  description: string;
  /** Where the truth lines are drawn (default: the domain) and at how many points (default 161). */
  truthRange?: [number, number];
  truthPoints?: number;
  /** Extra settings beyond the learning rate, the steps and the batch. */
  fields?(experiment: MineExperiment): Field[];
}

/** A finished point: the run's estimate on its evaluation set, with its standard error, and the truth. */
export interface SweepResult {
  value: number;
  standardError: number;
  truth: number;
}

/** Everything but the sweep's coordinate: two experiments with the same key belong on one chart. */
export function chartKey(experiment: MineExperiment): string {
  return JSON.stringify(atSweepPoint(experiment, 0));
}

const innerHeight = 410 - 66 - 52;

export function createMineSweep(options: SweepOptions): WidgetFactory<MineExperiment> {
  return ({ plot, spec, idleNote, width = 640 }) => {
    // Room above the panel for a legend of up to two rows and the panel's title; on a phone (a
    // narrow width) for as many rows as the legend wraps to (at most every series and its truth)
    // and a title on two lines.
    const narrow = width < narrowBelow;
    const widest: LegendItem[] = options.series.flatMap((series) => [
      { kind: 'symbol' as const, label: series.label, className: '', shape: series.shape },
      { kind: 'line' as const, label: `true I (${series.shortLabel ?? ''})`, className: '' },
    ]);
    const legendExtra = narrow ? Math.max(0, legendBand(widest, width, { x: 12, y: 14 }, true).extra - legendRowHeight) + 15 : 0;
    const margin = { left: 64, right: 20, top: 66 + legendExtra, bottom: 52 };
    const innerWidth = width - margin.left - margin.right;
    const height = margin.top + innerHeight + margin.bottom;
    const legendAt = narrow ? { x: 12, y: 14 } : { x: margin.left, y: 14 };
    const svg = createSvg(plot, { width, height, title: spec.title, description: options.description });
    const panel = createPanel(svg, { left: margin.left, top: margin.top, width: innerWidth, height: innerHeight }, 'sweep');
    panel.layer('grid');
    const lines = panel.layer('lines', { clip: true });
    const marks = panel.layer('marks', { clip: true });
    panel.layer('axes');
    const legend = svg.append('g').attr('class', 'sp-layer');

    /** Finished points of the current chart: series key → coordinate → result. */
    let results = new Map<string, Map<number, SweepResult>>();
    let currentChart = '';
    let latest: readonly RunView<MineExperiment>[] = [];
    let quickHost: ControlsHost<MineExperiment> | null = null;
    let sweeping = true;
    let sweepButton: HTMLButtonElement | null = null;
    /** The truth lines of the current chart (the non-linear truth is a quadrature: computed once per chart). */
    let truthCache: { key: string; xs: number[]; lines: Array<{ key: string; ys: number[]; className: string }> } | null = null;

    function truthLinesFor(experiment: MineExperiment) {
      const key = chartKey(experiment);
      if (truthCache?.key === key) return truthCache;
      const [low, high] = options.truthRange ?? options.domain;
      const count = options.truthPoints ?? 161;
      const xs = Array.from({ length: count }, (_, i) => low + ((high - low) * i) / (count - 1));
      const lines: Array<{ key: string; ys: number[]; className: string }> = [];
      if (options.sharedTruth) lines.push({ key: 'truth', ys: xs.map((x) => options.sharedTruth!(x, experiment)), className: 'sp-reference' });
      for (const series of options.series) {
        if (series.truth) lines.push({ key: `truth-${series.key}`, ys: xs.map((x) => series.truth!(x, experiment)), className: `sp-mine-truth sp-mine-truth-${series.key}` });
      }
      truthCache = { key, xs, lines };
      return truthCache;
    }

    function updateSweepButton(): void {
      if (!sweepButton) return;
      sweepButton.textContent = sweeping ? 'Stop after this point' : `Sweep every ${options.coordinate.symbol}`;
      sweepButton.setAttribute('aria-pressed', String(sweeping));
    }

    function record(runs: readonly RunView<MineExperiment>[]): void {
      const experiment = runs[0]?.experiment;
      if (!experiment) return;
      const key = chartKey(experiment);
      if (key !== currentChart) {
        currentChart = key;
        results = new Map();
      }
      const value = sweepValueOf(experiment);
      for (const run of runs) {
        const estimate = run.snapshot?.miEstimate;
        if (!estimate || run.step < run.experiment.training.steps) continue;
        if (!results.has(run.key)) results.set(run.key, new Map());
        results.get(run.key)!.set(value, { value: estimate.value, standardError: estimate.standardError, truth: run.snapshot?.miTrue ?? Number.NaN });
      }
    }

    /** The next point without a result for every series, after the current one. */
    function nextOpenPoint(experiment: MineExperiment): number | undefined {
      const current = options.points.indexOf(sweepValueOf(experiment));
      for (let offset = 1; offset <= options.points.length; offset++) {
        const point = options.points[(current + offset + options.points.length) % options.points.length];
        if (options.series.some((series) => !results.get(series.key)?.has(point))) return point;
      }
      return undefined;
    }

    function advance(runs: readonly RunView<MineExperiment>[]): void {
      if (!sweeping || !quickHost || !runs.length) return;
      if (!runs.every((run) => run.step >= run.experiment.training.steps && run.snapshot?.miEstimate)) return;
      const next = nextOpenPoint(runs[0].experiment);
      if (next === undefined) {
        sweeping = false;
        updateSweepButton();
        return;
      }
      const host = quickHost;
      quickHost = null; // once per finished point: the rebuilt quick controls hand us a new host
      host.change(atSweepPoint(host.experiment, next));
      // The shell stops when every run has finished; press its Run button to train the next point.
      queueMicrotask(() => plot.closest('sp-figure')?.querySelector<HTMLButtonElement>('[data-testid="run"]')?.click());
    }

    function drawChart(runs: readonly RunView<MineExperiment>[]): void {
      const experiment = runs[0]?.experiment ?? (spec.experiment as MineExperiment);
      const current = sweepValueOf(experiment);
      const { xs, lines: truthLines } = truthLinesFor(experiment);
      const estimates: number[] = [];
      for (const map of results.values()) for (const result of map.values()) estimates.push(result.value + result.standardError);
      for (const run of runs) if (run.snapshot?.miEstimate) estimates.push(run.snapshot.miEstimate.value);
      const truthTop = Math.max(0, ...truthLines.flatMap((line) => line.ys.filter(Number.isFinite)));
      const top = Math.max(0.1, truthTop, ...estimates.filter(Number.isFinite)) * 1.08;
      const bottom = Math.min(0, ...estimates.filter(Number.isFinite).map((value) => Math.max(value, -0.5 * top)));
      const x = scaleLinear().domain(options.domain).range([0, innerWidth]);
      const y = scaleLinear().domain([bottom, top]).range([innerHeight, 0]).nice(5);
      drawAxes(panel, { x, y, xLabel: options.coordinate.words, yLabel: 'mutual information (nats)', xTicks: 8, yTicks: 5, grid: true });
      for (const line of truthLines) drawLine(lines, line.key, xs, line.ys, { x, y }, line.className);
      // The current point: a faint vertical guide.
      keyed(lines, 'path', 'current')
        .attr('class', 'sp-rule sp-mine-current')
        .attr('d', Number.isFinite(x(current)) ? `M${Math.round(x(current))},0V${innerHeight}` : '');
      options.series.forEach((series) => {
        const finished = results.get(series.key) ?? new Map<number, SweepResult>();
        const points: number[] = [];
        const bars: string[] = [];
        for (const [value, result] of finished) {
          points.push(value, result.value);
          const px = x(value);
          const low = y(result.value - 2 * result.standardError);
          const high = y(result.value + 2 * result.standardError);
          if ([px, low, high].every(Number.isFinite)) bars.push(`M${px.toFixed(1)},${low.toFixed(1)}V${high.toFixed(1)}`);
        }
        keyed(marks, 'path', `bars-${series.key}`).attr('class', `sp-mine-bars sp-mine-${series.key}`).attr('d', bars.join(''));
        drawSymbols(marks, `points-${series.key}`, points, { x, y }, { shape: series.shape, radius: 4.5, className: `sp-mine-point sp-mine-${series.key}` });
        const live = runs.find((run) => run.key === series.key);
        const liveEstimate = live?.snapshot?.miEstimate;
        const livePoint = liveEstimate && live && live.step < live.experiment.training.steps ? [current, liveEstimate.value] : [];
        drawSymbols(marks, `live-${series.key}`, livePoint, { x, y }, { shape: series.shape, radius: 4.5, className: `sp-mine-live sp-mine-${series.key}` });
      });
      const done = options.series.reduce((count, series) => count + (results.get(series.key)?.size ?? 0), 0);
      const total = options.series.length * options.points.length;
      drawTitle(panel, `${done} of ${total} runs finished  ·  now training ${options.coordinate.symbol} = ${current}`);
      drawLegend(
        legend,
        'legend',
        [
          ...options.series.map((series) => ({ kind: 'symbol' as const, label: series.label, className: `sp-mine-point sp-mine-${series.key}`, shape: series.shape })),
          ...truthLines.map((line, index) => ({
            kind: 'line' as const,
            label: options.sharedTruth && index === 0 ? 'true I' : `true I (${options.series.find((series) => `truth-${series.key}` === line.key)?.shortLabel ?? ''})`,
            className: line.className,
          })),
        ],
        legendAt,
        narrow ? width - legendAt.x - 8 : innerWidth,
      );
      panelNote(panel, runs.some((run) => run.snapshot) || done ? '' : idleNote);
    }

    return {
      frameMs: 120,

      runs(experiment): RunSpec<MineExperiment>[] {
        return options.series.map((series) => ({ key: series.key, label: series.label, experiment: series.apply(experiment) }));
      },

      quickControls(host) {
        quickHost = host;
        const field: Field = {
          type: 'select',
          paths: [host.experiment.data.kind === 'correlated-gaussians' ? 'data.rho' : 'data.noise'],
          label: `Point being trained (${options.coordinate.symbol})`,
          options: options.points.map((point) => ({ value: String(point), label: String(point) })),
          get: (experiment) => String(sweepValueOf(experiment as unknown as MineExperiment)),
          set: (draft, value) => {
            const next = atSweepPoint(draft as unknown as MineExperiment, Number(value));
            (draft as unknown as MineExperiment).data = next.data;
          },
        };
        renderFields(host as unknown as Parameters<typeof renderFields>[0], [field]);
        sweepButton = document.createElement('button');
        sweepButton.type = 'button';
        sweepButton.className = 'sp-button';
        sweepButton.dataset.testid = 'sweep';
        sweepButton.addEventListener('click', () => {
          sweeping = !sweeping;
          updateSweepButton();
          if (sweeping) advance(latest);
        });
        updateSweepButton();
        host.panel.append(sweepButton);
      },

      controls(host) {
        renderFields(host as unknown as Parameters<typeof renderFields>[0], [
          ...(options.fields?.(host.experiment) ?? []),
          numberField('optimizer.learningRate', 'Learning rate (Adam)', 1e-5, 1, 'any'),
          numberField('training.steps', 'Steps per point', 1, 100000, 1),
          numberField('training.batchSize', 'Batch size (joint pairs)', 2, 4096, 1),
        ]);
      },

      draw(runs) {
        latest = runs;
        record(runs);
        drawChart(runs);
        advance(runs);
      },

      csv() {
        const rows: Array<Array<number | string>> = [];
        for (const series of options.series) {
          for (const [value, result] of [...(results.get(series.key) ?? new Map<number, SweepResult>())].sort((a, b) => a[0] - b[0])) {
            rows.push([series.key, value, result.value, result.standardError, result.truth]);
          }
        }
        return toCsv(['series', options.coordinate.symbol === 'ρ' ? 'rho' : 'sigma', 'estimate', 'standard_error', 'true_mi'], rows);
      },

      svg: () => svg.node()!,

      readout() {
        if (!latest.some((run) => run.snapshot) && !results.size) return 'Not started yet.';
        const parts: string[] = [];
        for (const series of options.series) {
          const finished = [...(results.get(series.key) ?? new Map<number, SweepResult>())].sort((a, b) => a[0] - b[0]);
          if (!finished.length) continue;
          parts.push(
            `${series.label}: ` +
              finished
                .map(([value, result]) => `${options.coordinate.symbol} = ${value}: ${result.value.toFixed(3)} (true ${result.truth.toFixed(3)})`)
                .join(', '),
          );
        }
        const run = latest[0];
        const now = run ? `Training ${options.coordinate.symbol} = ${sweepValueOf(run.experiment)}, step ${run.step} of ${run.experiment.training.steps}.` : '';
        return [now, ...parts.map((part) => `${part}.`)].join(' ');
      },
    };
  };
}

/** A number field whose range is given here (the field-info lookup describes GAN experiments). */
export function numberField(path: string, label: string, min: number, max: number, step: number | 'any'): Field {
  const keys = path.split('.');
  return {
    type: 'number',
    paths: [path],
    label,
    min,
    max,
    step,
    get: (experiment) => keys.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], experiment) as number,
    set: (draft, value) => {
      const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((inner, key) => inner[key] as Record<string, unknown>, draft as unknown as Record<string, unknown>);
      parent[keys[keys.length - 1]] = value;
    },
  };
}
