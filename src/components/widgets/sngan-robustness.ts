/**
 * sngan-robustness (Figure 6.4, SN-GAN's Figure 1 at toy scale): a table of the three ways of
 * controlling the slope (rows) against SN-GAN's six Adam settings A–F (columns), each cell the modes
 * captured and the share of high-quality samples (VEEGAN's 3σ rule) when its run ends. The figure
 * trains the three methods of one setting side by side (runs()); a finished setting's scores stay in
 * the table when the reader picks another. "Run every setting" walks through the settings whose
 * cells are still empty, one after another, so the table fills in without further clicks.
 * The command line runs the same grid: `npm run experiment -- --grid sngan-robustness`.
 */
import {
  lipschitzMethods,
  settingOf,
  snganSettings,
  withMethod,
  withSetting,
  type AdamSetting,
} from '../../engine/experiments/figures-ch6';
import type { Experiment } from '../../engine/experiments/schema';
import type { ModeCoverage } from '../../engine/worker/protocol';
import { select } from 'd3';
import { createSvg, formatPercent, keyed, narrowBelow, setWrappedText, toCsv, wrapLabel } from '../plots';
import type { SelectField } from './controls';
import { renderFields } from './controls';
import type { ControlsHost, RunSpec, RunView, WidgetFactory } from './types';

/**
 * The table's geometry: methods in rows and settings in columns at the design width; on a phone (a
 * narrow width) the table is turned, settings in rows and the three methods in columns.
 */
function tableLayout(width: number, idleNote: string) {
  if (width >= narrowBelow) {
    const left = 150;
    const top = 48;
    const cellWidth = (width - left - 10) / 6;
    const cellHeight = 56;
    return { turned: false, left, top, cellWidth, cellHeight, height: top + cellHeight * 3 + 40 };
  }
  const left = 40;
  const top = 62;
  const cellWidth = (width - left - 8) / 3;
  const cellHeight = 50;
  // The note under the table wraps; leave room for its longest text.
  const noteLines = Math.max(
    wrapLabel('HQ: high-quality samples (within 3σ of a mode). A cell is final when its run ends; a live cell shows its step.', width - 8).length,
    wrapLabel(idleNote, width - 8).length,
  );
  return { turned: true, left, top, cellWidth, cellHeight, height: top + cellHeight * 6 + 18 + noteLines * 15 };
}

/** What identifies a table: everything but the setting (and the method) must match for cells to sit side by side. */
export function tableKey(experiment: Experiment): string {
  const neutral = withMethod(withSetting(experiment, snganSettings[0]), 'spectral-norm');
  return JSON.stringify(neutral);
}

/** "A: α 1e-4, β₁ 0.5, β₂ 0.9, n_dis 5". */
export function settingLabel(setting: AdamSetting): string {
  return `${setting.id}: α ${setting.learningRate}, β₁ ${setting.beta1}, β₂ ${setting.beta2}, n_dis ${setting.discriminatorSteps}`;
}

export const createSnganRobustness: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  const { turned, left, top, cellWidth, cellHeight, height } = tableLayout(width, idleNote);
  /** A cell's corner: row = method, column = setting (turned on a phone). */
  const cellX = (row: number, column: number) => left + (turned ? row : column) * cellWidth;
  const cellY = (row: number, column: number) => top + (turned ? column : row) * cellHeight;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'A table: one row per method (weight clipping, gradient penalty, spectral norm), one column per optimiser setting A to F; ' +
      'each cell shows the modes captured out of 8 and the percentage of high-quality samples after the run.',
  });
  const table = svg.append('g').attr('class', 'sp-layer');
  /** Finished cells: tableKey → "setting|method" → coverage. */
  let results = new Map<string, ModeCoverage>();
  let currentTable = '';
  let latest: readonly RunView[] = [];
  let quickHost: ControlsHost | null = null;
  let sweeping = false;
  let sweepButton: HTMLButtonElement | null = null;

  const settingField: SelectField = {
    type: 'select',
    paths: ['optimizers', 'training.discriminatorSteps'],
    label: 'Setting (SN-GAN Table 1)',
    options: snganSettings.map((setting) => ({ value: setting.id, label: settingLabel(setting) })),
    get: (experiment) => settingOf(experiment)?.id ?? 'A',
    set: (draft, value) => {
      const next = withSetting(draft, snganSettings.find((setting) => setting.id === value) ?? snganSettings[0]);
      draft.optimizers = next.optimizers;
      draft.training.discriminatorSteps = next.training.discriminatorSteps;
    },
  };

  function updateSweepButton(): void {
    if (!sweepButton) return;
    sweepButton.textContent = sweeping ? 'Stop after this setting' : 'Run every setting';
    sweepButton.setAttribute('aria-pressed', String(sweeping));
  }

  /** The next setting without a full column, after the current one. */
  function nextOpenSetting(experiment: Experiment): AdamSetting | undefined {
    const current = snganSettings.findIndex((setting) => setting.id === settingOf(experiment)?.id);
    for (let offset = 1; offset <= snganSettings.length; offset++) {
      const setting = snganSettings[(current + offset) % snganSettings.length];
      if (lipschitzMethods.some((method) => !results.has(`${setting.id}|${method.id}`))) return setting;
    }
    return undefined;
  }

  function record(runs: readonly RunView[]): void {
    const experiment = runs[0]?.experiment;
    if (!experiment) return;
    const key = tableKey(experiment);
    if (key !== currentTable) {
      currentTable = key;
      results = new Map();
    }
    const setting = settingOf(experiment);
    if (!setting) return;
    for (const run of runs) {
      const coverage = run.snapshot?.modeCoverage;
      if (coverage && run.step >= run.experiment.training.steps) results.set(`${setting.id}|${run.key}`, coverage);
    }
  }

  function advanceSweep(runs: readonly RunView[]): void {
    if (!sweeping || !quickHost || !runs.length) return;
    if (!runs.every((run) => run.step >= run.experiment.training.steps && run.snapshot?.modeCoverage)) return;
    const next = nextOpenSetting(runs[0].experiment);
    if (!next) {
      sweeping = false;
      updateSweepButton();
      return;
    }
    const host = quickHost;
    quickHost = null; // once per finished setting: the rebuilt quick controls hand us a new host
    host.change(withSetting(host.experiment, next));
    // The shell stops when every run has finished; press its Run button to train the new setting.
    queueMicrotask(() => plot.closest('sp-figure')?.querySelector<HTMLButtonElement>('[data-testid="run"]')?.click());
  }

  function drawTable(runs: readonly RunView[]): void {
    const current = runs[0] ? settingOf(runs[0].experiment)?.id : undefined;
    const header = keyed(table, 'g', 'header');
    header
      .selectAll('text')
      .data(snganSettings)
      .join('text')
      .attr('class', (setting) => `sp-panel-title${setting.id === current ? ' sp-current' : ''}`)
      .attr('x', (_, i) => (turned ? 0 : cellX(0, i) + cellWidth / 2))
      .attr('y', (_, i) => (turned ? cellY(0, i) + cellHeight / 2 + 4 : top - 12))
      .attr('text-anchor', turned ? 'start' : 'middle')
      .text((setting) => (setting.id === current ? `▸ ${setting.id}` : setting.id));
    const rowLabels = keyed(table, 'g', 'rows');
    rowLabels
      .selectAll('text')
      .data(lipschitzMethods)
      .join('text')
      .attr('class', 'sp-legend-label')
      .attr('x', (_, i) => (turned ? cellX(i, 0) + cellWidth / 2 : 0))
      .attr('y', (_, i) => (turned ? top - 26 : cellY(i, 0) + cellHeight / 2 + 4))
      .attr('text-anchor', turned ? 'middle' : null)
      .each(function (method) {
        if (!turned) {
          select(this).text(method.label);
          return;
        }
        // Turned, a method's name heads a narrow column: one word a line.
        const lines = wrapLabel(method.label, cellWidth - 4);
        select(this)
          .selectAll('tspan')
          .data(lines)
          .join('tspan')
          .attr('x', cellX(lipschitzMethods.indexOf(method), 0) + cellWidth / 2)
          .attr('dy', (_, index) => (index === 0 ? (lines.length < 2 ? '1.2em' : 0) : '1.2em'))
          .text((line) => line);
      });
    const cells = lipschitzMethods.flatMap((method, row) =>
      snganSettings.map((setting, column) => {
        const live = setting.id === current ? runs.find((run) => run.key === method.id) : undefined;
        const done = results.get(`${setting.id}|${method.id}`);
        const coverage = done ?? live?.snapshot?.modeCoverage;
        return { row, column, done: Boolean(done), coverage, live: Boolean(live && !done), step: live?.step ?? 0 };
      }),
    );
    const cellGroup = keyed(table, 'g', 'cells');
    cellGroup
      .selectAll('rect')
      .data(cells)
      .join('rect')
      .attr('class', (cell) => `sp-frame${cell.done ? ' sp-cell-done' : ''}`)
      .attr('x', (cell) => cellX(cell.row, cell.column) + 2)
      .attr('y', (cell) => cellY(cell.row, cell.column) + 2)
      .attr('width', cellWidth - 4)
      .attr('height', cellHeight - 4)
      .attr('fill', (cell) => (cell.coverage ? `color-mix(in srgb, var(--sp-color-real) ${Math.round((cell.coverage.modesCaptured / cell.coverage.modeCount) * 45)}%, transparent)` : 'none'));
    cellGroup
      .selectAll('text.sp-cell-main')
      .data(cells)
      .join('text')
      .attr('class', 'sp-cell-main sp-legend-label')
      .attr('x', (cell) => cellX(cell.row, cell.column) + cellWidth / 2)
      .attr('y', (cell) => cellY(cell.row, cell.column) + (turned ? 21 : 24))
      .attr('text-anchor', 'middle')
      .text((cell) => (cell.coverage ? `${cell.coverage.modesCaptured}/${cell.coverage.modeCount} modes` : '–'));
    cellGroup
      .selectAll('text.sp-cell-sub')
      .data(cells)
      .join('text')
      .attr('class', 'sp-cell-sub sp-axis-caption')
      .attr('x', (cell) => cellX(cell.row, cell.column) + cellWidth / 2)
      .attr('y', (cell) => cellY(cell.row, cell.column) + (turned ? 38 : 42))
      .attr('text-anchor', 'middle')
      .text((cell) => (cell.live ? `at step ${cell.step}` : cell.coverage ? `${formatPercent(cell.coverage.highQualityFraction)} HQ` : ''));
    const note = runs.some((run) => run.snapshot) ? 'HQ: high-quality samples (within 3σ of a mode). A cell is final when its run ends; a live cell shows its step.' : idleNote;
    const noteText = keyed(table, 'text', 'note')
      .attr('class', 'sp-axis-caption')
      .attr('x', 0)
      .attr('y', turned ? top + cellHeight * 6 + 20 : height - 12);
    setWrappedText(noteText, note, turned ? width - 8 : undefined);
  }

  return {
    frameMs: 200,

    runs(experiment: Experiment): RunSpec[] {
      return lipschitzMethods.map((method) => ({ key: method.id, label: method.label.toLowerCase(), experiment: withMethod(experiment, method.id) }));
    },

    quickControls(host) {
      quickHost = host;
      renderFields(host, [settingField]);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sp-button sp-small';
      button.dataset.testid = 'sweep';
      button.addEventListener('click', () => {
        sweeping = !sweeping;
        updateSweepButton();
        if (sweeping) {
          advanceSweep(latest);
          // Nothing finished yet: train the current setting first.
          if (quickHost) plot.closest('sp-figure')?.querySelector<HTMLButtonElement>('[data-testid="run"]:not([hidden])')?.click();
        }
      });
      sweepButton = button;
      updateSweepButton();
      host.panel.append(button);
    },

    draw(runs) {
      latest = runs;
      record(runs);
      drawTable(runs);
      advanceSweep(runs);
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const setting of snganSettings) {
        for (const method of lipschitzMethods) {
          const coverage = results.get(`${setting.id}|${method.id}`);
          if (coverage) rows.push([setting.id, method.id, coverage.modesCaptured, coverage.modeCount, coverage.highQualityFraction]);
        }
      }
      return toCsv(['setting', 'method', 'modes_captured', 'mode_count', 'high_quality_fraction'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      const setting = latest[0] ? settingOf(latest[0].experiment) : undefined;
      const live = latest
        .map((run) => {
          const coverage = run.snapshot?.modeCoverage;
          return coverage ? `${run.label} ${coverage.modesCaptured}/${coverage.modeCount} modes, ${formatPercent(coverage.highQualityFraction)} high quality` : `${run.label} waiting`;
        })
        .join('; ');
      return `Setting ${setting?.id ?? '(custom)'} at step ${latest[0]?.step ?? 0}: ${live}. ${results.size} of 18 cells finished.`;
    },
  };
};
