/**
 * The `images` kind: a small image GAN on seeded synthetic shapes (data.ts), with or without the
 * multi-scale connections of MSG-GAN (Karnewar and Wang 2020, arXiv:1903.06048). Both networks are
 * MLPs (toy scale: no convolutions); the generator emits 4 × 4, 8 × 8 and 16 × 16 images from
 * successive hidden layers, and the 'msg' discriminator takes each scale in at its matching depth.
 */
import { z } from '../../zod';
import { between, oneOf, seedField, wholeBetween } from '../../experiments/fields';
import { OptimizerSchema } from '../gan/schema';
import { shapeKinds } from './data';

export const ImagesExperimentSchema = z.strictObject({
  kind: z.literal('images'),
  data: z
    .strictObject({
      /** The classes (modes) of the data, drawn with equal probability. */
      shapes: z
        .array(oneOf(shapeKinds))
        .min(2, { error: 'needs at least 2 shapes' })
        .max(shapeKinds.length)
        .refine((shapes) => new Set(shapes).size === shapes.length, { error: 'must not repeat a shape' })
        .default([...shapeKinds]),
      /** Standard deviation of the Gaussian noise added to every pixel of a real image (pixels are ±1). */
      pixelNoise: between(0, 0.5).default(0.05),
    })
    .prefault({}),
  /**
   * 'msg': the discriminator receives the image at 16 × 16 first and the 8 × 8 and 4 × 4 images
   * concatenated to its second and third hidden layers (generated: the generator's own intermediate
   * outputs; real: average-pooled). 'plain': the discriminator sees only the 16 × 16 image, so the
   * generator's gradient reaches its early layers only through the final image.
   */
  architecture: oneOf(['msg', 'plain'] as const).default('msg'),
  generator: z
    .strictObject({
      noiseDim: wholeBetween(1, 128).default(16),
      /** Width of each of the three hidden layers (one per scale). */
      width: wholeBetween(4, 512).default(64),
    })
    .prefault({}),
  discriminator: z.strictObject({ width: wholeBetween(4, 512).default(64) }).prefault({}),
  optimizers: z
    .strictObject({
      discriminator: OptimizerSchema.prefault({ learningRate: 1e-3, beta1: 0.5 }),
      generator: OptimizerSchema.prefault({ learningRate: 1e-3, beta1: 0.5 }),
    })
    .prefault({}),
  training: z
    .strictObject({
      steps: wholeBetween(1, 1_000_000).default(1500),
      batchSize: wholeBetween(2, 1024).default(64),
      reportEvery: wholeBetween(1, 100_000).default(100),
    })
    .prefault({}),
  seed: seedField(),
});

export type ImagesExperiment = z.output<typeof ImagesExperimentSchema>;
