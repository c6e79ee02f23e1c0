/**
 * Chapter 9's multi-scale gradients figure (MSG-GAN, Karnewar and Wang 2020, arXiv:1903.06048) at
 * toy scale: the `images` kind on 16 × 16 synthetic shapes, trained with and without the
 * multi-scale connections (the widget, msg-toy.ts, runs this experiment and a copy with
 * architecture 'plain' side by side). Merged into the registry by figures.ts. The measured
 * comparison is in the entry's comment and checked in tests/unit/claims-ch9-msg.test.ts.
 */
import type { FigureSpec } from './figures';
import { withLazyExperiment } from './lazy';
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
   * leaky-ReLU units; Adam 2e-3 (β₁ 0.5) for both players, batch 64, non-saturating loss.
   *
   * Measured on the WASM backend in Node, seeds 1–3, 1500 steps, coverage every 100 steps from 1000
   * generated images (session.report(), as `npm run experiment -- --figure msg-toy --backend wasm`
   * prints it; the plain variant with --config and "architecture": "plain"):
   * - first step with 3 of 5 classes captured: MSG 900, 900, 800; plain 700, 600, 900;
   * - high-quality fraction at step 1000: MSG 0.39, 0.48, 0.45; plain 0.66, 0.63, 0.61;
   *   at step 1500: MSG 0.72, 0.72, 0.67; plain 0.81, 0.83, 0.87;
   * - the hollow square was never captured by either variant (0 samples); the cross reached the
   *   capture line (50 of 1000) only briefly (MSG seed 1 from step 1300, plain seed 2 at step 1400).
   * So at this scale MSG is not faster: it reaches 3 classes later on two seeds of three and its
   * fraction of good samples lags on all three. The figure stops at 1000 steps (both variants have
   * 3 classes by then on every seed), which keeps the CPU render and the browser run short.
   */
  'msg-toy': withLazyExperiment<FigureSpec>(
    {
      id: 'msg-toy',
      title: 'Multi-scale gradients at toy scale: MSG and plain generators on synthetic shapes',
      snapshot: { imageSamples: 8, realSamples: 8, modeCoverage: 500 },
      paper: {
        citation: 'karnewar2020',
        figure: 'Figure 1 (samples at every scale)',
        shows:
          'MSG-GAN generates images at every resolution at once, each scale consistent with the next, and trains stably without progressive growing.',
        paperSettings:
          'Convolutional ProGAN- and StyleGAN-style networks with 1 × 1 convolutions to and from images at each scale, the relativistic hinge loss (RaHinge) for MSG-ProGAN, images from 4 × 4 up to 1024 × 1024 on CelebA-HQ, FFHQ and other data sets, compared with progressive growing by FID.',
        ourSettings:
          '16 × 16 greyscale images of five synthetic shapes; MLPs with three hidden layers of 128 units; dense heads emit 4 × 4, 8 × 8 and 16 × 16 images; the discriminator concatenates each scale into its matching hidden layer; non-saturating loss; Adam 2e-3 (β₁ 0.5); batch 64; 1000 steps; coverage by a template classifier.',
        differences: [
          'Tiny images and MLPs instead of convolutional networks, so the figure trains in a browser in under a minute; the multi-scale connections are the same idea (each scale enters the discriminator at its matching depth).',
          'Synthetic shapes with known classes instead of photographs, so coverage is a count of classes rather than FID.',
          'The non-saturating loss instead of RaHinge, to keep the loss the book uses elsewhere and change one thing at a time.',
          'No comparison with progressive growing: the plain variant is the same generator and discriminator without the connections.',
          'The result differs from the paper’s: at this scale MSG was not faster (seeds 1–3: 3 of 5 classes first reached at steps 900, 900, 800 against 700, 600, 900 for the plain variant, and a lower fraction of good samples at step 1000 on every seed). The paper’s gains are for deep convolutional networks at high resolution, where gradients through many layers are the problem; three dense layers do not have that problem.',
        ],
      },
    },
    () =>
      anyExperimentOrThrow({
        kind: 'images',
        data: { shapes: ['horizontal-bar', 'vertical-bar', 'disc', 'square', 'cross'], pixelNoise: 0.05 },
        architecture: 'msg',
        generator: { noiseDim: 16, width: 128 },
        discriminator: { width: 128 },
        optimizers: {
          discriminator: { kind: 'adam', learningRate: 2e-3, beta1: 0.5 },
          generator: { kind: 'adam', learningRate: 2e-3, beta1: 0.5 },
        },
        training: { steps: 1000, batchSize: 64, reportEvery: 100 },
        seed: 1,
      }),
  ),
};
