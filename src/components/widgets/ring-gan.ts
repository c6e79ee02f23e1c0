/**
 * ring-gan: a 2-D GAN on a mixture (the ring of eight Gaussians in Chapter 1), drawn by the shared
 * plane figure (plane-gan.ts): D(x) as a heat map, real and generated samples, the generator's
 * moves, both losses and the samples per mode.
 */
import {
  architectureFields,
  discriminatorStepsField,
  learningRateFields,
  objectiveOptions,
  optimizerOptions,
  renderFields,
  selectAt,
} from './controls';
import { createPlaneGan } from './plane-gan';
import type { WidgetFactory } from './types';

export const createRingGan: WidgetFactory = (context) =>
  createPlaneGan(context, {
    controls(host) {
      renderFields(host, [
        selectAt('objective.kind', 'Generator objective', objectiveOptions),
        discriminatorStepsField(),
        ...learningRateFields(),
        selectAt(['optimizers.discriminator.kind', 'optimizers.generator.kind'], 'Optimiser (both)', optimizerOptions),
        ...architectureFields(),
      ]);
    },
  });
