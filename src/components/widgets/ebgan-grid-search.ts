/**
 * ebgan-grid-search: Chapter 7's toy version of EBGAN's grid search (ebgan-grid.ts). The figure's
 * experiment names one configuration of the grid (depth, width, learning rate); the widget trains it
 * three times side by side, as a GAN, an EBGAN and an EBGAN-PT, and when the three finish it adds
 * their modes captured to three histograms. "Next configuration" moves to the next cell of the
 * grid, so the histograms fill one configuration after another; the full grid's histograms from the
 * command line (`npm run experiment -- --ebgan-grid`) are drawn as outlines for comparison.
 */
import { scaleBand, scaleLinear } from 'd3';
import {
  cellExperiment,
  gridAxes,
  gridModelLabels,
  gridModels,
  modeHistogram,
  referenceHistogram,
  type GridModel,
} from '../../engine/experiments/ebgan-grid';
import type { Experiment } from '../../engine/experiments/schema';
import { createPanel, createSvg, drawAxes, drawBars, drawTitle, formatNumber, keyed, narrowBelow, panelNote, setWrappedText, toCsv, type Panel } from '../plots';
import { series } from '../plots/palette';
import { renderFields, type Field } from './controls';
import type { ControlsHost, RunSpec, RunView, WidgetFactory } from './types';

const panelHeight = 170;

/**
 * Three histograms side by side under two lines of status at the design width; on a phone (a
 * narrow width) the status wraps and the histograms stand one above another.
 */
function layoutFor(width: number) {
  if (width >= narrowBelow) return { narrow: false, panelWidth: 170, places: [50, 256, 462].map((left) => ({ left, top: 70 })), height: 330 };
  const panelTop = 150;
  const places = [0, 1, 2].map((k) => ({ left: 50, top: panelTop + k * (panelHeight + 90) }));
  return { narrow: true, panelWidth: width - 50 - 16, places, height: places[2].top + panelHeight + 90 };
}

/** The configuration an experiment names (its networks' depth and width, its learning rate). */
function configurationOf(experiment: Experiment): { depth: number; width: number; learningRate: number } {
  return {
    depth: experiment.generator.hidden.length,
    width: experiment.generator.hidden[0] ?? 16,
    learningRate: experiment.optimizers.generator.learningRate,
  };
}

/** Every configuration of the grid, in the order "Next configuration" walks them. */
function configurations(): Array<{ depth: number; width: number; learningRate: number }> {
  const list: Array<{ depth: number; width: number; learningRate: number }> = [];
  for (const depth of gridAxes.depth) for (const w of gridAxes.width) for (const learningRate of gridAxes.learningRate) list.push({ depth, width: w, learningRate });
  return list;
}

const configurationKey = (c: { depth: number; width: number; learningRate: number }) => `d${c.depth}-w${c.width}-lr${c.learningRate}`;

function configurationField(name: 'depth' | 'width' | 'learningRate', label: string, values: readonly number[]): Field {
  return {
    type: 'select',
    paths: ['generator.hidden', 'discriminator.hidden', 'optimizers.generator.learningRate', 'optimizers.discriminator.learningRate'],
    label,
    options: values.map((value) => ({ value: String(value), label: String(value) })),
    get: (experiment) => String(configurationOf(experiment)[name]),
    set(draft, value) {
      const next = { ...configurationOf(draft), [name]: Number(value) };
      const hidden = Array.from({ length: next.depth }, () => next.width);
      draft.generator.hidden = hidden;
      draft.discriminator.hidden = [...hidden];
      draft.optimizers.generator.learningRate = next.learningRate;
      draft.optimizers.discriminator.learningRate = next.learningRate;
    },
  };
}

export const createEbganGridSearch: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  const { narrow, panelWidth, places, height } = layoutFor(width);
  const statusWidth = narrow ? width - 12 - 8 : undefined;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      'Three histograms, one per model (GAN, EBGAN, EBGAN-PT): how many grid configurations captured 0 to 8 of the ring’s modes. ' +
      'Filled bars: configurations trained here; outlines: the full grid from the command line.',
  });
  const panels: Record<GridModel, Panel> = {} as Record<GridModel, Panel>;
  gridModels.forEach((model, k) => {
    const panel = createPanel(svg, { ...places[k], width: panelWidth, height: panelHeight }, `histogram-${model}`);
    panel.layer('grid');
    panel.layer('bars');
    panel.layer('reference');
    panels[model] = panel;
  });
  const status = svg.append('g').attr('class', 'sp-layer');

  /** Modes captured per finished cell ("model/configuration"), kept across configurations. */
  const scores = new Map<string, { model: GridModel; modesCaptured: number }>();
  let latest: readonly RunView[] = [];

  return {
    frameMs: 150,
    runs(experiment: Experiment): RunSpec[] {
      const configuration = configurationOf(experiment);
      return gridModels.map((model) => ({
        key: model,
        label: gridModelLabels[model],
        experiment: cellExperiment(experiment, { model, ...configuration }),
      }));
    },
    quickControls(host: ControlsHost) {
      const current = configurationKey(configurationOf(host.experiment));
      const list = configurations();
      const index = list.findIndex((c) => configurationKey(c) === current);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sp-button';
      button.textContent = `Next configuration (${index + 1 > 0 ? index + 1 : '–'} of ${list.length})`;
      button.addEventListener('click', () => {
        const next = list[(index + 1) % list.length];
        const draft = structuredClone(host.experiment);
        const hidden = Array.from({ length: next.depth }, () => next.width);
        draft.generator.hidden = hidden;
        draft.discriminator.hidden = [...hidden];
        draft.optimizers.generator.learningRate = next.learningRate;
        draft.optimizers.discriminator.learningRate = next.learningRate;
        host.change(draft);
      });
      host.panel.append(button);
      renderFields(host, [
        configurationField('depth', 'Hidden layers', gridAxes.depth),
        configurationField('width', 'Width', gridAxes.width),
        configurationField('learningRate', 'Learning rate', gridAxes.learningRate),
      ]);
    },

    draw(runs) {
      latest = runs;
      for (const run of runs) {
        const coverage = run.snapshot?.modeCoverage;
        if (coverage && run.step >= run.experiment.training.steps) {
          scores.set(`${run.key}/${configurationKey(configurationOf(run.experiment))}`, { model: run.key as GridModel, modesCaptured: coverage.modesCaptured });
        }
      }
      const modeCount = 8;
      const histogram = modeHistogram([...scores.values()], modeCount);
      const x = scaleBand<number>()
        .domain(Array.from({ length: modeCount + 1 }, (_, k) => k))
        .range([0, panelWidth])
        .padding(0.15);
      const cellsPerModel = configurations().length;
      const y = scaleLinear().domain([0, cellsPerModel]).range([panelHeight, 0]);
      gridModels.forEach((model) => {
        const panel = panels[model];
        drawAxes(panel, {
          x: scaleLinear().domain([-0.5, modeCount + 0.5]).range([0, panelWidth]),
          y,
          xLabel: 'modes captured',
          xTicks: modeCount / 2 + 1,
          yTicks: 4,
          grid: true,
          yFormat: (value) => formatNumber(value),
        });
        drawTitle(panel, gridModelLabels[model]);
        drawBars(
          panel.layer('bars'),
          'trained-here',
          histogram[model].map((count, k) => ({ x: x(k)!, width: x.bandwidth(), value: count })),
          y,
          model === 'gan' ? series.discriminator : series.generated,
        );
        keyed(panel.layer('reference'), 'g', 'outlines')
          .selectAll('rect')
          .data(referenceHistogram[model])
          .join('rect')
          .attr('class', 'sp-reference-bar')
          .attr('x', (_, k) => x(k)!)
          .attr('width', x.bandwidth())
          .attr('y', (count) => y(count))
          .attr('height', (count) => panelHeight - y(count));
      });
      panelNote(panels.gan, runs.some((run) => run.snapshot) ? '' : idleNote);
      const running = runs[0] ? configurationOf(runs[0].experiment) : null;
      const step = Math.min(...runs.map((run) => run.step));
      setWrappedText(
        keyed(status, 'text', 'status')
          .attr('class', 'sp-legend-label')
          .attr('x', narrow ? 12 : places[0].left)
          .attr('y', 24),
        running
          ? `This configuration: ${running.depth} hidden layer${running.depth > 1 ? 's' : ''} of ${running.width}, learning rate ${running.learningRate}; step ${Number.isFinite(step) ? step : 0} of ${runs[0].experiment.training.steps}.`
          : '',
        statusWidth,
      );
      setWrappedText(
        keyed(status, 'text', 'count')
          .attr('class', 'sp-axis-caption')
          .attr('x', narrow ? 12 : places[0].left)
          .attr('y', narrow ? 24 + 3 * 16 : 42),
        `${scores.size} of ${cellsPerModel * gridModels.length} cells trained here (filled); outlines: the full grid from the command line.`,
        statusWidth,
      );
    },

    csv() {
      const rows = [...scores.entries()].map(([cell, { model, modesCaptured }]) => [cell, model, modesCaptured]);
      return toCsv(['cell', 'model', 'modes_captured'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      const parts = latest.map((run) => `${run.label} ${run.snapshot?.modeCoverage?.modesCaptured ?? '–'} modes`);
      return `This configuration, at step ${latest[0].step}: ${parts.join(', ')}. ${scores.size} cells finished so far.`;
    },
  };
};
