/**
 * Chapter 9's multi-scale gradients figure (MSG-GAN, Karnewar and Wang 2020, arXiv:1903.06048) at
 * toy scale: the `images` kind on 16 × 16 synthetic shapes, trained with and without the
 * multi-scale connections (the widget, msg-toy.ts, runs this experiment and a copy with
 * architecture 'plain' side by side). Merged into the registry by figures.ts. The measured
 * comparison is in the entry's comment and checked in tests/unit/claims-ch9-msg.test.ts.
 */
import type { FigureSpec } from './figures';
import { anyExperimentOrThrow, type ImagesExperiment } from './schema';

/** The two variants the figure draws, in order. */
export const msgVariants = [
  { key: 'msg', label: 'MSG (multi-scale connections)' },
  { key: 'plain', label: 'plain (final image only)' },
] as const;

/** A copy of an images experiment with the other architecture. */
export function withArchitecture(experiment: ImagesExperiment, architecture: ImagesExperiment['architecture']): ImagesExperiment {
  return { ...structuredClone(experiment), architecture };
}

export const msgFigures: Record<string, FigureSpec> = {
  /**
   * Five shape classes (horizontal bar, vertical bar, disc, hollow square, cross) at two sizes and
   * 25 positions each, pixel noise 0.05. Both networks are MLPs with three hidden layers of 128
   * leaky-ReLU units; Adam 2e-3 (β₁ 0.5) for both players, batch 64, non-saturating loss. Mode
   * coverage every 100 steps from 1000 generated images (see the claims test for the numbers).
   */
  'msg-toy': {
    id: 'msg-toy',
    title: 'Multi-scale gradients at toy scale: MSG and plain generators on synthetic shapes',
    experiment: anyExperimentOrThrow({
      kind: 'images',
      data: { shapes: ['horizontal-bar', 'vertical-bar', 'disc', 'square', 'cross'], pixelNoise: 0.05 },
      architecture: 'msg',
      generator: { noiseDim: 16, width: 128 },
      discriminator: { width: 128 },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 2e-3, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 2e-3, beta1: 0.5 },
      },
      training: { steps: 1500, batchSize: 64, reportEvery: 100 },
      seed: 1,
    }),
    snapshot: { imageSamples: 8, realSamples: 8, modeCoverage: 500 },
    paper: {
      citation: 'karnewar2020',
      figure: 'Figures 1 and 5 (samples at every scale; training over time)',
      shows:
        'MSG-GAN generates images at every resolution at once, each scale consistent with the next, and trains stably without progressive growing.',
      paperSettings:
        'Convolutional ProGAN-style networks with 1 × 1 "to RGB" and "from RGB" convolutions at each scale, RaHinge loss, Adam 0.003 (β 0, 0.99), images from 4 × 4 up to 1024 × 1024 on CelebA-HQ, FFHQ, LSUN and others, compared with ProGAN and StyleGAN by FID.',
      ourSettings:
        '16 × 16 greyscale images of five synthetic shapes; MLPs with three hidden layers of 128 units; dense heads emit 4 × 4, 8 × 8 and 16 × 16 images; the discriminator concatenates each scale into its matching hidden layer; non-saturating loss; Adam 2e-3 (β₁ 0.5); batch 64; 1500 steps; coverage by a template classifier.',
      differences: [
        'Tiny images and MLPs instead of convolutional networks, so the figure trains in a browser in under a minute; the multi-scale connections are the same idea (each scale enters the discriminator at its matching depth).',
        'Synthetic shapes with known classes instead of photographs, so coverage is a count of classes rather than FID.',
        'The non-saturating loss instead of RaHinge, to keep the loss the book uses elsewhere and change one thing at a time.',
        'No comparison with progressive growing: the plain variant is the same generator and discriminator without the connections.',
      ],
    },
  },
};
