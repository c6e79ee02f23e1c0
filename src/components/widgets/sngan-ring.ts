/**
 * sngan-ring (Figure 6.2): SN-GAN with the hinge loss on a 2-D mixture (ring or grid). The drawing
 * is Chapter 1's ring figure (createPlaneGan, plane-gan.ts) with the critic's raw score as the background; the
 * quick controls switch the method (spectral norm, clipping, gradient penalty: lipschitzMethods) on
 * the same seed, and the data. The readout adds each critic layer's largest singular value as the
 * forward pass uses it: σ₁(W)/σ̂ under SN (1 when σ̂ has caught up with σ₁), σ₁(W) otherwise.
 */
import { ganExperimentOf } from '../../engine/experiments/figures';
import { lipschitzMethods, methodOf, withMethod, type LipschitzMethodId } from '../../engine/experiments/figures-ch6';
import type { Experiment } from '../../engine/experiments/schema';
import type { SnapshotRequest } from '../../engine/worker/protocol';
import { formatNumber } from '../plots';
import { architectureFields, discriminatorStepsField, learningRateFields, renderFields, type SelectField } from './controls';
import { createPlaneGan } from './plane-gan';
import { modesExtent } from './plane-shared';
import type { WidgetFactory } from './types';

const heatCells = 40;

/** The method select: applies the whole method (objective and SN), as the other figures do. */
export const methodField: SelectField = {
  type: 'select',
  paths: ['objective', 'discriminator.spectralNorm'],
  label: 'Slope control',
  options: lipschitzMethods.map((method) => ({ value: method.id, label: method.label })),
  get: (experiment) => methodOf(experiment) ?? 'spectral-norm',
  set: (draft, value) => {
    const next = withMethod(draft, value as LipschitzMethodId);
    draft.objective = next.objective;
    if (next.discriminator.spectralNorm) draft.discriminator.spectralNorm = next.discriminator.spectralNorm;
    else delete draft.discriminator.spectralNorm;
  },
};

/** "1.00, 1.00, 1.00": each layer's largest singular value as used. */
export function layerNormsText(layers: readonly (readonly number[])[] | undefined): string {
  return (layers ?? []).map((values) => formatNumber(values[0] ?? Number.NaN, 3)).join(', ');
}

export const createSnganRing: WidgetFactory = (context) => {
  const { spec } = context;
  const registryData = ganExperimentOf(spec).data;
  const dataDefaults: Record<'ring' | 'grid', Experiment['data']> = {
    ring: registryData.kind === 'ring' ? registryData : { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
    grid: { kind: 'grid', size: 5, spacing: 2, std: 0.05 },
  };
  const dataField: SelectField = {
    type: 'select',
    paths: ['data'],
    label: 'Data',
    options: [
      { value: 'ring', label: 'Ring of 8 Gaussians' },
      { value: 'grid', label: 'Grid of 25 Gaussians' },
    ],
    get: (experiment) => experiment.data.kind,
    set: (draft, kind) => {
      draft.data = structuredClone(dataDefaults[kind as 'ring' | 'grid'] ?? dataDefaults.ring);
    },
  };
  const snapshotRequest = (experiment: Experiment): SnapshotRequest => {
    const extent = modesExtent(experiment);
    return { ...spec.snapshot, discriminatorGrid: { x: [-extent, extent, heatCells], y: [-extent, extent, heatCells] } };
  };
  return createPlaneGan(context, {
    background: 'score',
    snapshotRequest,
    quickControls(host) {
      renderFields(host, [methodField, dataField]);
    },
    controls(host) {
      renderFields(host, [discriminatorStepsField(), ...learningRateFields(), ...architectureFields()]);
    },
    describe(run) {
      const method = lipschitzMethods.find((candidate) => candidate.id === methodOf(run.experiment));
      const layers = run.snapshot?.layerSingularValues;
      const norms = layers
        ? ` Largest singular value of each critic layer as used (${run.experiment.discriminator.spectralNorm ? 'σ₁(W)/σ̂' : 'σ₁(W)'}): ${layerNormsText(layers)}.`
        : '';
      return `${method ? `${method.label}: ${method.description}.` : ''}${norms}`;
    },
  });
};
