/**
 * value-surfaces: WGAN-GP's Figure 1a. One data set at a time (a menu: 8 Gaussians, 25 Gaussians,
 * the Swiss roll, with gan_toy.py's scaling), two critics trained from one seed against the fixed
 * generator data + N(0, I): weight clipping (c = 0.01, left) and the gradient penalty (right). Each
 * panel is the critic's value surface (heat map and contours) with the real samples on top.
 */
import { wganGpToyData } from '../../engine/experiments/figures-ch5';
import type { Experiment } from '../../engine/experiments/schema';
import { createSvg, drawSymbols, drawTitle, formatNumber, narrowBelow, panelNote, toCsv } from '../plots';
import { series } from '../plots/palette';
import { renderFields, type SelectField } from './controls';
import { createCriticPlane } from './critic-plane';
import type { RunSpec, RunView, WidgetFactory } from './types';

const designSize = 270;
const columns = [
  { key: 'clip', left: 44, title: 'Weight clipping, c = 0.01' },
  { key: 'penalty', left: 354, title: 'Gradient penalty, λ = 10' },
] as const;

const dataNames: Record<keyof typeof wganGpToyData, string> = {
  '8-gaussians': '8 Gaussians',
  '25-gaussians': '25 Gaussians',
  'swiss-roll': 'Swiss roll',
};

/** Which of the toy data sets an experiment uses (by kind). */
export function toyDataOf(experiment: Experiment): keyof typeof wganGpToyData {
  return experiment.data.kind === 'grid' ? '25-gaussians' : experiment.data.kind === 'swiss-roll' ? 'swiss-roll' : '8-gaussians';
}

const dataField: SelectField = {
  type: 'select',
  paths: ['data'],
  label: 'Data',
  options: Object.entries(dataNames).map(([value, label]) => ({ value, label })),
  get: toyDataOf,
  set: (draft, value) => {
    draft.data = structuredClone(wganGpToyData[value as keyof typeof wganGpToyData]) as Experiment['data'];
  },
};

export const createValueSurfaces: WidgetFactory = ({ plot, spec, idleNote, width = 640 }) => {
  // Side by side at the design width; on a phone (a narrow width) one plane above the other.
  const narrow = width < narrowBelow;
  const size = narrow ? width - 44 - 16 : designSize;
  const places = columns.map((column, index) => (narrow ? { left: 44, top: 50 + index * (size + 110) } : { left: column.left, top: 50 }));
  const height = narrow ? places[1].top + size + 60 : 380;
  const svg = createSvg(plot, {
    width,
    height,
    title: spec.title,
    description:
      "Two value surfaces of critics trained against the data plus Gaussian noise: weight clipping on the left, the gradient penalty on the right. Colour and contour lines show the critic's value (dark blue high, grey low); dots are real samples.",
  });
  const grid = spec.snapshot.discriminatorGrid!;
  const planes = columns.map((column, index) => createCriticPlane(svg, { ...places[index], size }, column.key, [grid.x[0], grid.x[1]], plot));
  let latest: readonly RunView[] = [];

  return {
    frameMs: 150,

    runs(experiment: Experiment): RunSpec[] {
      const clipped = structuredClone(experiment);
      clipped.objective = { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } };
      return [
        { key: 'clip', label: 'weight clipping', experiment: clipped },
        { key: 'penalty', label: 'gradient penalty', experiment },
      ];
    },

    quickControls(host) {
      renderFields(host, [dataField]);
    },

    draw(runs) {
      latest = runs;
      columns.forEach((column, index) => {
        const run = runs.find((candidate) => candidate.key === column.key);
        const plane = planes[index];
        panelNote(plane.panel, run?.snapshot ? '' : idleNote);
        drawTitle(plane.panel, column.title);
        plane.draw(run?.snapshot?.discriminatorGrid, { yLabel: index === 0 ? 'x₂' : '' });
        drawSymbols(plane.panel.layer('marks'), 'real', run?.snapshot?.realSamples ?? new Float32Array(), plane, {
          shape: 'circle',
          radius: 1.8,
          className: series.real,
          canvas: true,
        });
      });
    },

    csv() {
      const rows: Array<Array<number | string>> = [];
      for (const run of latest) {
        const values = run.snapshot?.discriminatorGrid;
        if (!values?.y) continue;
        for (let j = 0; j < values.y.length; j++) {
          for (let i = 0; i < values.x.length; i++) rows.push([run.key, values.x[i], values.y[j], values.values[j * values.x.length + i]]);
        }
      }
      return toCsv(['constraint', 'x1', 'x2', 'critic'], rows);
    },

    svg: () => svg.node()!,

    readout() {
      if (!latest.some((run) => run.snapshot)) return 'Not started yet.';
      const data = latest[0] ? dataNames[toyDataOf(latest[0].experiment)] : '';
      return (
        `${data}, against the data plus N(0, I). ` +
        latest
          .map((run) => `${run.label}: W₁ estimate ${formatNumber(run.snapshot?.wassersteinEstimate ?? Number.NaN, 3)} after ${run.step} steps.`)
          .join(' ')
      );
    },
  };
};
