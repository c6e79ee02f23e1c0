/**
 * fgan-mixture-2d (Figure 4.2): an f-GAN on a 2-D mixture of Gaussians (ring or grid) with any
 * divergence of the registry. It is Chapter 1's plane figure (plane-gan.ts: samples, arrows,
 * losses, mode coverage by VEEGAN's rule), but its background is the critic T(x) = g_f(V(x)) on a
 * two-sided scale centred at f′(1), the value at which the critic cannot tell real from fake:
 * blue where it calls x real, grey where it calls x fake, whatever the divergence's own range.
 */
import type { Experiment } from '../../engine/experiments/schema';
import { ganExperimentOf } from '../../engine/experiments/figures';
import type { SnapshotRequest } from '../../engine/worker/protocol';
import { getDivergence } from '../../engine/divergences/registry';
import {
  architectureFields,
  discriminatorStepsField,
  learningRateFields,
  optimizerOptions,
  renderFields,
  selectAt,
  type SelectField,
} from './controls';
import { divergenceField, generatorLossField, objectiveDivergence } from './fgan-controls';
import { createPlaneGan } from './plane-gan';
import { modesExtent } from './plane-shared';
import type { WidgetFactory } from './types';

/** Grid cells per side of the critic's heat map. */
const heatCells = 48;

export const createFganMixture2d: WidgetFactory = (context) => {
  const { spec } = context;
  /** The registry's data for each kind, so switching back restores the figure's own setting. */
  const dataDefaults: Record<'ring' | 'grid', Experiment['data']> = {
    ring: ganExperimentOf(spec).data.kind === 'ring' ? ganExperimentOf(spec).data : { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
    grid: ganExperimentOf(spec).data.kind === 'grid' ? ganExperimentOf(spec).data : { kind: 'grid', size: 5, spacing: 2, std: 0.05 },
  };
  const dataField: SelectField = {
    type: 'select',
    paths: ['data'],
    label: 'Data',
    options: [
      { value: 'ring', label: 'Ring of Gaussians' },
      { value: 'grid', label: 'Grid of Gaussians' },
    ],
    get: (experiment) => experiment.data.kind,
    set: (draft, kind) => {
      draft.data = structuredClone(dataDefaults[kind as 'ring' | 'grid'] ?? dataDefaults.ring);
    },
  };

  const snapshotRequest = (experiment: Experiment): SnapshotRequest => {
    const extent = modesExtent(experiment);
    return {
      ...spec.snapshot,
      discriminatorGrid: { x: [-extent, extent, heatCells], y: [-extent, extent, heatCells] },
      critic: true,
    };
  };

  return createPlaneGan(context, {
    background: 'critic',
    snapshotRequest,
    quickControls(host) {
      renderFields(host, [divergenceField(host.experiment), dataField, generatorLossField()]);
    },
    controls(host) {
      renderFields(host, [
        discriminatorStepsField(),
        ...learningRateFields(),
        selectAt(['optimizers.discriminator.kind', 'optimizers.generator.kind'], 'Optimiser (both)', optimizerOptions),
        ...architectureFields(),
      ]);
    },
    describe(run) {
      const divergence = getDivergence(run.snapshot?.divergence ?? objectiveDivergence(run.experiment));
      const loss = run.experiment.objective.kind === 'f-gan' ? `${run.experiment.objective.generatorLoss} generator loss` : '';
      return `${divergence.name}${loss ? `, ${loss}` : ''}; the critic's threshold f′(1) is ${Number(divergence.derivativeAtOne.toPrecision(3))}.`;
    },
  });
};
