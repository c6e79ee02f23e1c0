/**
 * Synthetic greyscale shapes for the `images` kind: SIZE × SIZE images (row-major, background −1,
 * shape +1) of a few known classes, each drawn at a seeded position and size, plus optional pixel
 * noise. Because every clean image is one of a finite dictionary of templates, a generated image can
 * be classified exactly: by its best normalised correlation with the dictionary, "none" below a
 * quality threshold. That gives the image version of the book's mode coverage (Chapter 1's VEEGAN
 * rule): the fraction of high-quality samples and the number of classes they reach.
 */
import type { Rng } from '../../rng';
import type { ModeCoverage } from '../../types';

/** Side of the largest image, in pixels. */
export const SIZE = 16;
/** The image sides the networks work at: 4 × 4, 8 × 8 and 16 × 16 (each half the next). */
export const SCALES = [4, 8, 16] as const;

export const shapeKinds = ['horizontal-bar', 'vertical-bar', 'disc', 'square', 'cross'] as const;
export type ShapeKind = (typeof shapeKinds)[number];

/** Readable names, for legends and messages. */
export const shapeLabels: Record<ShapeKind, string> = {
  'horizontal-bar': 'horizontal bar',
  'vertical-bar': 'vertical bar',
  disc: 'disc',
  square: 'hollow square',
  cross: 'cross',
};

/** The centre moves by a whole number of pixels in [−JITTER, JITTER] along each axis. */
export const JITTER = 2;
/** Two sizes per class (index 0 small, 1 large). */
export const SIZES_PER_CLASS = 2;

/**
 * A sample is high quality when its best normalised correlation with a clean template reaches this.
 * Real samples with the default pixel noise (σ = 0.05) score about 0.998; two different classes at
 * their closest (a bar inside a cross) about 0.75.
 */
export const QUALITY_THRESHOLD = 0.85;

/** Whether pixel (row, col) is on for a shape of this kind and size index, centred at (cy, cx). */
function inside(kind: ShapeKind, sizeIndex: number, row: number, col: number, cy: number, cx: number): boolean {
  const dy = row - cy;
  const dx = col - cx;
  switch (kind) {
    case 'horizontal-bar': {
      const half = sizeIndex === 0 ? 4.5 : 5.5; // 9 or 11 pixels long, 3 thick
      return Math.abs(dx) <= half && Math.abs(dy) <= 1;
    }
    case 'vertical-bar': {
      const half = sizeIndex === 0 ? 4.5 : 5.5;
      return Math.abs(dy) <= half && Math.abs(dx) <= 1;
    }
    case 'disc': {
      const radius = sizeIndex === 0 ? 3.2 : 4.2;
      return dx * dx + dy * dy <= radius * radius;
    }
    case 'square': {
      const half = sizeIndex === 0 ? 3 : 4; // a one-pixel outline of side 7 or 9
      const edge = Math.max(Math.abs(dx), Math.abs(dy));
      return edge === half;
    }
    case 'cross': {
      const half = sizeIndex === 0 ? 3.5 : 4.5; // two 2-pixel-thick arms
      return (Math.abs(dx) <= half && Math.abs(dy) <= 0.5) || (Math.abs(dy) <= half && Math.abs(dx) <= 0.5);
    }
  }
}

/**
 * The clean image of one shape into `out` (SIZE² values from `offset`). The centre is the image's
 * middle (7.5, 7.5) moved by (shiftY, shiftX); the cross's even thickness is centred there too.
 */
export function drawShape(kind: ShapeKind, sizeIndex: number, shiftY: number, shiftX: number, out: Float32Array, offset = 0): Float32Array {
  const middle = (SIZE - 1) / 2;
  const odd = kind !== 'cross'; // odd widths sit on a pixel: centre at 7 or 8 rather than 7.5
  const cy = odd ? Math.floor(middle) + shiftY : middle + shiftY;
  const cx = odd ? Math.floor(middle) + shiftX : middle + shiftX;
  for (let row = 0; row < SIZE; row++) {
    for (let col = 0; col < SIZE; col++) out[offset + row * SIZE + col] = inside(kind, sizeIndex, row, col, cy, cx) ? 1 : -1;
  }
  return out;
}

export interface ImageSampler {
  readonly classes: readonly ShapeKind[];
  /** n images (n × SIZE², row-major) and their class indices, from `rng`. */
  sample(rng: Rng, n: number): { images: Float32Array; labels: Int32Array };
}

/** Uniform over classes, sizes and centre shifts; then N(0, pixelNoise²) added to every pixel. */
export function createImageSampler(classes: readonly ShapeKind[], pixelNoise: number): ImageSampler {
  return {
    classes,
    sample(rng, n) {
      const images = new Float32Array(n * SIZE * SIZE);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const label = rng.int(classes.length);
        labels[i] = label;
        const sizeIndex = rng.int(SIZES_PER_CLASS);
        const shiftY = rng.int(2 * JITTER + 1) - JITTER;
        const shiftX = rng.int(2 * JITTER + 1) - JITTER;
        drawShape(classes[label], sizeIndex, shiftY, shiftX, images, i * SIZE * SIZE);
      }
      if (pixelNoise > 0) for (let k = 0; k < images.length; k++) images[k] += pixelNoise * rng.normal();
      return { images, labels };
    },
  };
}

/** Every clean template of these classes, mean-centred and scaled to unit norm, with its class index. */
interface Dictionary {
  templates: Float32Array[];
  labels: number[];
}

const dictionaries = new Map<string, Dictionary>();

function dictionary(classes: readonly ShapeKind[]): Dictionary {
  const key = classes.join(',');
  const cached = dictionaries.get(key);
  if (cached) return cached;
  const templates: Float32Array[] = [];
  const labels: number[] = [];
  classes.forEach((kind, label) => {
    for (let sizeIndex = 0; sizeIndex < SIZES_PER_CLASS; sizeIndex++) {
      for (let shiftY = -JITTER; shiftY <= JITTER; shiftY++) {
        for (let shiftX = -JITTER; shiftX <= JITTER; shiftX++) {
          templates.push(normalised(drawShape(kind, sizeIndex, shiftY, shiftX, new Float32Array(SIZE * SIZE))));
          labels.push(label);
        }
      }
    }
  });
  const made = { templates, labels };
  dictionaries.set(key, made);
  return made;
}

/** The vector minus its mean, divided by its norm (all zeros for a constant vector). */
function normalised(values: ArrayLike<number>, start = 0, length = values.length - start): Float32Array {
  let mean = 0;
  for (let k = 0; k < length; k++) mean += values[start + k];
  mean /= length;
  const out = new Float32Array(length);
  let norm = 0;
  for (let k = 0; k < length; k++) {
    out[k] = values[start + k] - mean;
    norm += out[k] * out[k];
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < length; k++) out[k] /= norm;
  return out;
}

export interface Classification {
  /** Class index per image, or −1 ("none") when the best correlation is below the threshold. */
  labels: Int32Array;
  /** The best normalised correlation per image, in [−1, 1]. */
  scores: Float32Array;
}

/**
 * Classify n images (n × SIZE²): each image's class is that of the clean template with the largest
 * normalised correlation (Pearson's r between pixels), or −1 when that correlation is below
 * `threshold`.
 */
export function classifyImages(images: Float32Array, classes: readonly ShapeKind[], threshold = QUALITY_THRESHOLD): Classification {
  const { templates, labels: templateLabels } = dictionary(classes);
  const pixels = SIZE * SIZE;
  const n = Math.floor(images.length / pixels);
  const labels = new Int32Array(n);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const image = normalised(images, i * pixels, pixels);
    let best = -Infinity;
    let bestLabel = -1;
    for (let t = 0; t < templates.length; t++) {
      const template = templates[t];
      let dot = 0;
      for (let k = 0; k < pixels; k++) dot += image[k] * template[k];
      if (dot > best) {
        best = dot;
        bestLabel = templateLabels[t];
      }
    }
    scores[i] = best;
    labels[i] = best >= threshold ? bestLabel : -1;
  }
  return { labels, scores };
}

/**
 * Mode coverage of images, in the shape of the book's mixture rule: the fraction of samples that are
 * high quality (classified into some class), the high-quality samples per class, and the number of
 * classes captured, a class counting as captured when it holds at least `minimumShare` of its fair
 * share (1/K) of the samples as high-quality images (so one stray match does not count).
 */
export function imageCoverage(images: Float32Array, classes: readonly ShapeKind[], minimumShare = 0.25): ModeCoverage {
  const { labels } = classifyImages(images, classes);
  const counts = new Array<number>(classes.length).fill(0);
  let good = 0;
  for (const label of labels) {
    if (label >= 0) {
      counts[label]++;
      good++;
    }
  }
  const needed = (minimumShare * labels.length) / classes.length;
  return {
    highQualityFraction: labels.length ? good / labels.length : 0,
    modesCaptured: counts.filter((count) => count > 0 && count >= needed).length,
    modeCount: classes.length,
    counts,
  };
}

/** 2 × 2 average pooling of n square images of side `side` (n × side²) to side/2. */
export function averagePool(images: Float32Array, side: number): Float32Array {
  const half = side / 2;
  const n = images.length / (side * side);
  const out = new Float32Array(n * half * half);
  for (let i = 0; i < n; i++) {
    const from = i * side * side;
    const to = i * half * half;
    for (let row = 0; row < half; row++) {
      for (let col = 0; col < half; col++) {
        const a = from + 2 * row * side + 2 * col;
        out[to + row * half + col] = (images[a] + images[a + 1] + images[a + side] + images[a + side + 1]) / 4;
      }
    }
  }
  return out;
}
