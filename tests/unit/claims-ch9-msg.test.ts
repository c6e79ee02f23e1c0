/**
 * Chapter 9's multi-scale gradients figure (msg-toy): the claim the issue asked for, "the MSG
 * variant reaches a stated coverage no slower than the plain one", checked honestly on the figure's
 * own experiment. The stated coverage: 3 of the 5 shape classes captured (data.imageCoverage, 1000
 * samples from fixed noise, every 100 steps).
 *
 * Measured on the WASM backend in Node (figure settings, 1500 steps; numbers in figures-msg.ts and
 * reproducible with `npm run experiment -- --figure msg-toy --backend wasm --steps 1500 [--seed S]`,
 * and with --config and "architecture": "plain" for the other variant), first step with 3 classes
 * captured: MSG 900, 900, 800 and plain 700, 600, 900 for seeds 1, 2, 3; high-quality fraction at
 * step 1000: MSG 0.39, 0.48, 0.45 and plain 0.66, 0.63, 0.61. So at this toy scale MSG is *not*
 * faster: it is slower to 3 classes on two seeds of three, and behind in good samples on all three.
 * The chapter says so. What MSG does give is what the paper's figures show: images at every scale
 * that agree with each other (its 8 × 8 output is close to its 16 × 16 output average-pooled),
 * which this test checks too.
 *
 * Run size: seed 1 only, 900 steps per variant (both reach the target by then); the other seeds
 * are in figures-msg.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getFigure } from '../../src/engine/experiments/figures';
import { withArchitecture } from '../../src/engine/experiments/figures-msg';
import type { ImagesExperiment } from '../../src/engine/experiments/schema';
import { averagePool } from '../../src/engine/kinds/images/data';
import { ImagesSession } from '../../src/engine/kinds/images/session';

beforeAll(async () => {
  await initBackend('wasm');
});

const TARGET_CLASSES = 3;
const CHECK_EVERY = 100;

/** Pearson correlation of two equal-length arrays (an independent few lines, not the classifier's code). */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Train until `TARGET_CLASSES` classes are captured (checked every 100 steps) or `limit` steps; the first such step, or null. */
function firstStepReaching(session: ImagesSession, limit: number): number | null {
  while (session.step < limit) {
    session.train(CHECK_EVERY);
    const report = session.report() as { modesCaptured: number };
    if (report.modesCaptured >= TARGET_CLASSES) return session.step;
  }
  return null;
}

describe('msg-toy: multi-scale gradients at toy scale (seed 1, WASM)', () => {
  const figure = getFigure('msg-toy')!.experiment as ImagesExperiment;

  it('the figure runs the five shapes with the MSG architecture, and its plain copy differs only in the architecture', () => {
    expect(figure.data.shapes).toHaveLength(5);
    expect(figure.architecture).toBe('msg');
    const plain = withArchitecture(figure, 'plain');
    expect({ ...plain, architecture: 'msg' }).toEqual(figure);
  });

  it('MSG is not faster here: the plain variant reaches 3 of 5 classes first (700 against 900 steps) with more good samples; MSG’s scales agree', () => {
    const plain = new ImagesSession(withArchitecture(figure, 'plain'));
    const msg = new ImagesSession(figure);
    try {
      const plainStep = firstStepReaching(plain, 900);
      const msgStep = firstStepReaching(msg, 900);
      expect(plainStep).toBe(700);
      expect(msgStep).toBe(900);
      expect(msgStep!).toBeGreaterThan(plainStep!); // the honest direction: MSG slower at this scale
      while (plain.step < 900) plain.train(CHECK_EVERY);
      const quality = (session: ImagesSession) => (session.report() as { highQualityFraction: number }).highQualityFraction;
      const [plainQuality, msgQuality] = [quality(plain), quality(msg)];
      expect(plainQuality).toBeCloseTo(0.54, 2);
      expect(msgQuality).toBeCloseTo(0.29, 2);

      // MSG's own 8 × 8 and 4 × 4 outputs agree with its 16 × 16 output average-pooled (the paper's
      // consistent scales), sample by sample: mean correlation over 64 samples above 0.8.
      const images = msg.snapshot({ imageSamples: 64 }).imageSamples!;
      expect(images.pooled).toBe(false);
      const [four, eight, sixteen] = images.images;
      const pooled8 = averagePool(sixteen, 16);
      const pooled4 = averagePool(pooled8, 8);
      let agree8 = 0;
      let agree4 = 0;
      for (let i = 0; i < 64; i++) {
        agree8 += correlation(eight.subarray(i * 64, (i + 1) * 64), pooled8.subarray(i * 64, (i + 1) * 64)) / 64;
        agree4 += correlation(four.subarray(i * 16, (i + 1) * 16), pooled4.subarray(i * 16, (i + 1) * 16)) / 64;
      }
      expect(agree8).toBeGreaterThan(0.8);
      expect(agree4).toBeGreaterThan(0.8);
    } finally {
      plain.dispose();
      msg.dispose();
    }
  });
});
