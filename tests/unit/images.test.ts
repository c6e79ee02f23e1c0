/**
 * The `images` kind (Chapter 9's MSG-GAN figure): the shape sampler and its classifier, the schema,
 * and the session's contract (determinism per seed, a flat tensor count, NaN caught, the
 * multi-scale outputs). The chapter's claim about coverage over time is in claims-ch9-msg.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { parseExperiment, anyExperimentOrThrow, type ImagesExperiment } from '../../src/engine/experiments/schema';
import { createSession, TrainingDivergedError } from '../../src/engine/kinds';
import {
  averagePool,
  classifyImages,
  createImageSampler,
  drawShape,
  imageCoverage,
  QUALITY_THRESHOLD,
  shapeKinds,
  SIZE,
} from '../../src/engine/kinds/images/data';
import { ImagesSession } from '../../src/engine/kinds/images/session';
import { createRng } from '../../src/engine/rng';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

const small = (changes: Record<string, unknown> = {}): ImagesExperiment =>
  anyExperimentOrThrow({
    kind: 'images',
    generator: { noiseDim: 4, width: 8 },
    discriminator: { width: 8 },
    training: { steps: 20, batchSize: 8, reportEvery: 10 },
    ...changes,
  }) as ImagesExperiment;

/** Pixels that are on (+1) in a clean image, as "row,col" strings. */
function onPixels(image: Float32Array): Set<string> {
  const on = new Set<string>();
  for (let k = 0; k < SIZE * SIZE; k++) if (image[k] > 0) on.add(`${Math.floor(k / SIZE)},${k % SIZE}`);
  return on;
}

describe('shapes', () => {
  it('draws each class as the pixels its description says (checked by counting, not by the drawing code)', () => {
    const draw = (kind: (typeof shapeKinds)[number], size: number) => onPixels(drawShape(kind, size, 0, 0, new Float32Array(SIZE * SIZE)));
    expect(draw('horizontal-bar', 0).size).toBe(9 * 3); // 9 long, 3 thick
    expect(draw('vertical-bar', 1).size).toBe(11 * 3);
    expect(draw('square', 0).size).toBe(4 * 7 - 4); // the outline of a 7 × 7 square
    expect(draw('square', 1).size).toBe(4 * 9 - 4);
    expect(draw('cross', 0).size).toBe(2 * 8 * 2 - 4); // two 8 × 2 arms overlapping in a 2 × 2 centre
    // A disc of radius 3.2 centred on a pixel: the lattice points with dx² + dy² ≤ 10.24.
    let lattice = 0;
    for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) if (dx * dx + dy * dy <= 3.2 * 3.2) lattice++;
    expect(draw('disc', 0).size).toBe(lattice);
    // A horizontal bar is the transpose of a vertical one of the same size.
    const horizontal = draw('horizontal-bar', 1);
    const vertical = draw('vertical-bar', 1);
    expect([...horizontal].every((key) => vertical.has(key.split(',').reverse().join(',')))).toBe(true);
  });

  it('classifies real samples correctly (≥ 95 %; in fact all of 2000) and with a score above the threshold', () => {
    const sampler = createImageSampler(shapeKinds, 0.05);
    const { images, labels } = sampler.sample(createRng(11), 2000);
    const result = classifyImages(images, shapeKinds);
    let correct = 0;
    for (let i = 0; i < labels.length; i++) if (result.labels[i] === labels[i]) correct++;
    expect(correct / labels.length).toBeGreaterThanOrEqual(0.95);
    expect(correct).toBe(2000);
    expect(Math.min(...result.scores)).toBeGreaterThan(QUALITY_THRESHOLD);
    // Every class is drawn about equally often (2000/5 = 400, binomial sd ≈ 18).
    const perClass = shapeKinds.map((_, k) => labels.filter((label) => label === k).length);
    for (const count of perClass) expect(Math.abs(count - 400)).toBeLessThan(80);
  });

  it('still classifies real samples at heavy pixel noise (σ = 0.3: ≥ 95 %)', () => {
    const { images, labels } = createImageSampler(shapeKinds, 0.3).sample(createRng(12), 500);
    const result = classifyImages(images, shapeKinds);
    const correct = labels.filter((label, i) => result.labels[i] === label).length;
    expect(correct / labels.length).toBeGreaterThanOrEqual(0.95);
  });

  it('calls noise, a blank image and a blend of two classes "none"', () => {
    const rng = createRng(3);
    const noise = rng.fillUniform(new Float32Array(SIZE * SIZE), -1, 1);
    const blank = new Float32Array(SIZE * SIZE).fill(-1);
    const bar = drawShape('horizontal-bar', 1, 0, 0, new Float32Array(SIZE * SIZE));
    const disc = drawShape('disc', 1, 0, 0, new Float32Array(SIZE * SIZE));
    const square = drawShape('square', 1, 0, 0, new Float32Array(SIZE * SIZE));
    const blend = bar.map((value, k) => (value + disc[k] + square[k]) / 3);
    const result = classifyImages(Float32Array.from([...noise, ...blank, ...blend]), shapeKinds);
    expect(Array.from(result.labels)).toEqual([-1, -1, -1]);
  });

  it('coverage: a collapsed set captures one class, a balanced one all, junk none', () => {
    const sampler = createImageSampler(shapeKinds, 0.05);
    const { images, labels } = sampler.sample(createRng(5), 500);
    const all = imageCoverage(images, shapeKinds);
    expect(all).toMatchObject({ modesCaptured: 5, modeCount: 5, highQualityFraction: 1 });
    expect(all.counts.reduce((a, b) => a + b, 0)).toBe(500);
    const discs: number[] = [];
    labels.forEach((label, i) => {
      if (label === 2) discs.push(...images.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE));
    });
    expect(imageCoverage(Float32Array.from(discs), shapeKinds).modesCaptured).toBe(1);
    const junk = createRng(6).fillUniform(new Float32Array(100 * SIZE * SIZE), -1, 1);
    expect(imageCoverage(junk, shapeKinds)).toMatchObject({ modesCaptured: 0, highQualityFraction: 0 });
  });

  it('average pooling halves the side and averages each 2 × 2 block', () => {
    const image = Float32Array.from({ length: 16 }, (_, k) => k); // 4 × 4: rows 0–3, 4–7, …
    expect(Array.from(averagePool(image, 4))).toEqual([(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4, (8 + 9 + 12 + 13) / 4, (10 + 11 + 14 + 15) / 4]);
  });
});

describe('schema', () => {
  it('fills defaults and rejects bad input with a sentence naming the field', () => {
    const parsed = parseExperiment({ kind: 'images' });
    expect(parsed.ok && parsed.experiment.kind === 'images' && parsed.experiment.architecture).toBe('msg');
    const bad = parseExperiment({ kind: 'images', data: { shapes: ['disc', 'disc'] }, architecture: 'pyramid' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.some((error) => error.startsWith('data.shapes') && error.includes('repeat'))).toBe(true);
      expect(bad.errors.some((error) => error.startsWith('architecture') && error.includes('msg, plain'))).toBe(true);
    }
    expect(parseExperiment({ kind: 'images', data: { shapes: ['disc'] } }).ok).toBe(false);
  });
});

describe('session', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const run = (seed: number) => {
      const session = createSession(small({ seed }));
      const metrics = session.train(6);
      const report = session.report();
      session.dispose();
      return { metrics, report };
    };
    expect(run(4)).toEqual(run(4));
    expect(run(5).metrics).not.toEqual(run(4).metrics);
  });

  it('emits images at 4 × 4, 8 × 8 and 16 × 16 in [−1, 1]; the plain variant pools its final image', () => {
    for (const architecture of ['msg', 'plain'] as const) {
      const session = createSession(small({ architecture }));
      session.train(3);
      const snapshot = session.snapshot({ imageSamples: 5, realSamples: 3, modeCoverage: 40 });
      const images = snapshot.imageSamples!;
      expect(images.sizes).toEqual([4, 8, 16]);
      expect(images.images.map((scale) => scale.length)).toEqual([5 * 16, 5 * 64, 5 * 256]);
      expect(images.pooled).toBe(architecture === 'plain');
      for (const scale of images.images) for (const value of scale) expect(Math.abs(value)).toBeLessThanOrEqual(1);
      if (architecture === 'plain') expect(Array.from(images.images[1])).toEqual(Array.from(averagePool(images.images[2], 16)).map((v) => expect.closeTo(v, 5)));
      else expect(Array.from(images.images[1])).not.toEqual(Array.from(averagePool(images.images[2], 16)));
      expect(snapshot.realSamples!.length).toBe(3 * 256);
      expect(snapshot.modeCoverage!.modeCount).toBe(5);
      session.dispose();
    }
  });

  it('MSG passes the discriminator\'s gradient to the small heads; both start from the same shared weights', () => {
    const msg = new ImagesSession(small({ architecture: 'msg' }));
    const plain = new ImagesSession(small({ architecture: 'plain' }));
    // The trunk and the final head are drawn first from the same stream: same final image at step 0.
    const a = msg.snapshot({ imageSamples: 4 }).imageSamples!.images[2];
    const b = plain.snapshot({ imageSamples: 4 }).imageSamples!.images[2];
    expect(Array.from(a)).toEqual(Array.from(b));
    // The 4 × 4 head learns in MSG (its output changes with training).
    const before = msg.snapshot({ imageSamples: 4 }).imageSamples!.images[0];
    msg.train(5);
    const after = msg.snapshot({ imageSamples: 4 }).imageSamples!.images[0];
    expect(Array.from(after)).not.toEqual(Array.from(before));
    msg.dispose();
    plain.dispose();
  });

  it('keeps the tensor count flat over training and snapshots, and frees everything on dispose', () => {
    for (const architecture of ['msg', 'plain'] as const) {
      const before = tf.memory().numTensors;
      const session = createSession(small({ architecture }));
      session.train(1);
      session.snapshot({ imageSamples: 4, realSamples: 4, modeCoverage: 20 });
      session.report();
      const baseline = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        session.train(4);
        session.snapshot({ imageSamples: 4, realSamples: 4, modeCoverage: 20 });
        session.report();
      }
      expect(tf.memory().numTensors).toBe(baseline);
      session.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('stops with a clear sentence when the losses stop being finite', () => {
    const session = createSession(small({ optimizers: { generator: { learningRate: 10 }, discriminator: { learningRate: 10 } } }));
    let error: unknown;
    try {
      for (let i = 0; i < 40; i++) session.train(10);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect((error as Error).message).toMatch(/Training diverged at step \d+: the (discriminator|generator) loss .*lower learning rates/);
    expect(() => session.train(1)).toThrow(TrainingDivergedError);
    session.dispose();
  });
});
