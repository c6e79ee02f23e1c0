/**
 * The WASM backend's transposed products go through wrappers (src/engine/wasm-matmul.ts) that
 * transpose an operand explicitly and call the fast untransposed kernel. They must give the same
 * numbers as the CPU backend: every comparison here allows max |wasm − cpu| ≤ 1e-5 · max |cpu| per
 * tensor (bitwise equality is not expected: XNNPACK sums in another order).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { createRng } from '../../src/engine/rng';
import { tf, type Tensor } from '../../src/engine/tf';
import { routeTransposedProductsOnWasm, transposedProductsRouted } from '../../src/engine/wasm-matmul';

const tolerance = 1e-5;

/** Seeded inputs as plain arrays, so that each backend builds its own tensors from the same numbers. */
function uniform(seed: number, size: number): Float32Array {
  return createRng(seed).fillUniform(new Float32Array(size), -1, 1);
}

/** Run `compute` on a backend and read its outputs back. */
async function on(backend: 'wasm' | 'cpu', compute: () => Tensor | Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(compute);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const values = list.map((tensor) => tensor.dataSync() as Float32Array);
  tf.dispose(list);
  return values;
}

/** Both backends, compared tensor by tensor. */
async function expectAgreement(compute: () => Tensor | Tensor[], label: string): Promise<void> {
  const wasm = await on('wasm', compute);
  const cpu = await on('cpu', compute);
  await tf.setBackend('wasm');
  expect(wasm.length, label).toBe(cpu.length);
  cpu.forEach((expected, t) => {
    const actual = wasm[t];
    expect(actual.length, `${label} [${t}]`).toBe(expected.length);
    let scale = 0;
    let error = 0;
    for (let i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      error = Math.max(error, Math.abs(actual[i] - expected[i]));
    }
    expect(scale, `${label} [${t}] is not all zeros`).toBeGreaterThan(0);
    expect(error / scale, `${label} [${t}]: relative error`).toBeLessThanOrEqual(tolerance);
  });
}

/** Shapes of a and b for an m×k · k×n product with the given flags. */
function operandShapes(batch: number[], m: number, k: number, n: number, transposeA: boolean, transposeB: boolean) {
  return {
    a: [...batch, ...(transposeA ? [k, m] : [m, k])],
    b: [...batch, ...(transposeB ? [n, k] : [k, n])],
  };
}

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
const flagCombinations = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

beforeAll(async () => {
  const report = await initBackend('wasm');
  expect(report.name, report.reason).toBe('wasm');
});

describe('transposed products on WASM', () => {
  it('the wasm product kernels are the wrappers, and installing them again changes nothing', () => {
    expect(transposedProductsRouted()).toBe(true);
    const before = tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc;
    expect(routeTransposedProductsOnWasm()).toBe(true);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc).toBe(before);
  });

  // 256×64·64×64 is the widget's hidden layer; 1 in a shape takes the no-copy path (an output layer).
  const cases: { label: string; batch: number[]; m: number; k: number; n: number }[] = [
    { label: '256×64 · 64×64', batch: [], m: 256, k: 64, n: 64 },
    { label: '37×53 · 53×29', batch: [], m: 37, k: 53, n: 29 },
    { label: '256×64 · 64×1', batch: [], m: 256, k: 64, n: 1 },
    { label: '64×256 · 256×1', batch: [], m: 64, k: 256, n: 1 },
    { label: 'batch 3 of 7×5 · 5×4', batch: [3], m: 7, k: 5, n: 4 },
  ];
  for (const { label, batch, m, k, n } of cases) {
    it(`matMul ${label}, all four transpose combinations, agrees with the CPU backend`, async () => {
      for (const [transposeA, transposeB] of flagCombinations) {
        const shapes = operandShapes(batch, m, k, n, transposeA, transposeB);
        const a = uniform(1, size(shapes.a));
        const b = uniform(2, size(shapes.b));
        await expectAgreement(
          () => tf.matMul(tf.tensor(a, shapes.a), tf.tensor(b, shapes.b), transposeA, transposeB),
          `${label} transposeA=${transposeA} transposeB=${transposeB}`,
        );
      }
    });
  }

  it('fused matMul with bias and ReLU, all four transpose combinations, agrees with the CPU backend', async () => {
    const [m, k, n] = [256, 64, 48];
    const bias = uniform(3, n);
    for (const [transposeA, transposeB] of flagCombinations) {
      const shapes = operandShapes([], m, k, n, transposeA, transposeB);
      const a = uniform(4, size(shapes.a));
      const b = uniform(5, size(shapes.b));
      await expectAgreement(
        () =>
          tf.fused.matMul({
            a: tf.tensor2d(a, shapes.a as [number, number]),
            b: tf.tensor2d(b, shapes.b as [number, number]),
            transposeA,
            transposeB,
            bias: tf.tensor1d(bias),
            activation: 'relu',
          }),
        `fused transposeA=${transposeA} transposeB=${transposeB}`,
      );
    }
  });

  it("a small network's gradients (2→64→64→1, ReLU, fused layers) agree with the CPU backend", async () => {
    const shapes: number[][] = [[256, 2], [2, 64], [64], [64, 64], [64], [64, 1], [1]];
    const values = shapes.map((shape, i) => uniform(10 + i, size(shape)));
    await expectAgreement(() => {
      const [x, w1, b1, w2, b2, w3, b3] = shapes.map((shape, i) => tf.tensor(values[i], shape));
      const loss = (x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, w3: Tensor, b3: Tensor) => {
        const layer = (input: Tensor, w: Tensor, b: Tensor, activation: 'relu' | 'linear') =>
          tf.fused.matMul({ a: input as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation });
        const logits = layer(layer(layer(x, w1, b1, 'relu'), w2, b2, 'relu'), w3, b3, 'linear');
        return tf.mean(tf.softplus(tf.neg(logits)));
      };
      const gradients = tf.grads((...args: Tensor[]) => loss(...(args as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor])));
      return [loss(x, w1, b1, w2, b2, w3, b3), ...gradients([x, w1, b1, w2, b2, w3, b3])];
    }, 'network');
  });

  it('frees the transposed copies', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor2d(uniform(20, 64 * 256), [64, 256]);
    const b = tf.tensor2d(uniform(21, 32 * 64), [32, 64]);
    const dataIdsBefore = tf.backend().numDataIds();
    const tensorsBefore = tf.memory().numTensors;
    tf.matMul(a, b, true, true).dispose();
    tf.fused.matMul({ a, b, transposeA: true, transposeB: true }).dispose();
    expect(tf.backend().numDataIds()).toBe(dataIdsBefore);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    tf.dispose([a, b]);
  });
});
