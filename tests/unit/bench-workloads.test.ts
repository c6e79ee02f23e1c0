/**
 * The benchmark's workloads are the experiments the brief describes; its analytic FLOP count
 * matches a count done by hand, layer by layer, and the matrix products the engine actually runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { tf } from '../../src/engine/tf';
import { Trainer } from '../../src/engine/kinds/gan/trainer';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import { countKernelsPerIteration, kernelCountIterations } from '../../bench/measure';
import {
  discriminatorWidths,
  generatorWidths,
  iterationWork,
  squareMatmulFlops,
  workloads,
} from '../../bench/workloads';

describe('bench workloads', () => {
  it('GAN Lab default is G 2→8→8→2 (tanh), D 2→8→8→1, batch 150, 2 D + 1 G, SGD 0.1 / 0.03', () => {
    const e = workloads['ganlab-default'].experiment;
    expect(generatorWidths(e)).toEqual([2, 8, 8, 2]);
    expect(discriminatorWidths(e)).toEqual([2, 8, 8, 1]);
    expect(e.generator.activation).toBe('relu');
    expect(e.generator.output).toBe('tanh');
    expect(e.discriminator.activation).toBe('relu');
    expect(e.training.batchSize).toBe(150);
    expect(e.training.discriminatorSteps).toBe(2);
    expect(e.training.generatorSteps).toBe(1);
    expect(e.optimizers.discriminator).toMatchObject({ kind: 'sgd', learningRate: 0.1, momentum: 0 });
    expect(e.optimizers.generator).toMatchObject({ kind: 'sgd', learningRate: 0.03, momentum: 0 });
    expect(e.objective.kind).toBe('non-saturating');
  });

  it('widget is G, D 2→64→64→out, batch 256, 1 D + 1 G, Adam', () => {
    const e = workloads.widget.experiment;
    expect(generatorWidths(e)).toEqual([2, 64, 64, 2]);
    expect(discriminatorWidths(e)).toEqual([2, 64, 64, 1]);
    expect(e.training.batchSize).toBe(256);
    expect(e.training.discriminatorSteps).toBe(1);
    expect(e.training.generatorSteps).toBe(1);
    expect(e.optimizers.discriminator.kind).toBe('adam');
    expect(e.optimizers.generator.kind).toBe('adam');
  });

  it('never stops inside a benchmark window', () => {
    for (const workload of Object.values(workloads)) expect(workload.experiment.training.steps).toBe(1_000_000);
  });
});

describe('analytic FLOPs per iteration', () => {
  it('GAN Lab default: 489 600 FLOPs, counted by hand', () => {
    // G per example: 2·8 + 8·8 + 8·2 = 16 + 64 + 16 = 96 multiply-adds, first layer 16.
    // D per example: 2·8 + 8·8 + 8·1 = 16 + 64 +  8 = 88 multiply-adds, first layer 16.
    // D update (B = 150): G forward 150·96 = 14 400; D forward on 300 points 300·88 = 26 400;
    //   D weight gradients 26 400; D input gradients above layer 1: 300·72 = 21 600 → 88 800.
    // G update: G and D forward 150·184 = 27 600; D input gradients 150·88 = 13 200;
    //   G weight gradients 150·96 = 14 400; G input gradients above layer 1: 150·80 = 12 000 → 67 200.
    // Iteration: 2·88 800 + 67 200 = 244 800 multiply-adds = 489 600 FLOPs.
    const work = iterationWork(workloads['ganlab-default'].experiment);
    expect(work.discriminatorUpdate).toBe(88_800);
    expect(work.generatorUpdate).toBe(67_200);
    expect(work.multiplyAdds).toBe(244_800);
    expect(work.flops).toBe(489_600);
  });

  it('widget: 26 279 936 FLOPs, counted by hand', () => {
    // G per example: 2·64 + 64·64 + 64·2 = 128 + 4096 + 128 = 4352, first layer 128.
    // D per example: 2·64 + 64·64 + 64·1 = 128 + 4096 +  64 = 4288, first layer 128.
    // D update (B = 256): 256·4352 = 1 114 112; 512·4288 = 2 195 456 (forward) and again
    //   (weight gradients); 512·(4288 − 128) = 2 129 920 → 7 634 944.
    // G update: 256·(4352 + 4288) = 2 211 840; 256·4288 = 1 097 728; 256·4352 = 1 114 112;
    //   256·(4352 − 128) = 1 081 344 → 5 505 024.
    // Iteration: 7 634 944 + 5 505 024 = 13 139 968 multiply-adds = 26 279 936 FLOPs.
    const work = iterationWork(workloads.widget.experiment);
    expect(work.discriminatorUpdate).toBe(7_634_944);
    expect(work.generatorUpdate).toBe(5_505_024);
    expect(work.multiplyAdds).toBe(13_139_968);
    expect(work.flops).toBe(26_279_936);
  });

  it('a 1-D affine generator against a one-hidden-layer D, frozen G', () => {
    // G: z ↦ a z + b, 1·1 = 1 multiply-add per example. D 1→4→1: 4 + 4 = 8, first layer 4.
    // D update (B = 10): 10·1 + 20·8 + 20·8 + 20·(8 − 4) = 10 + 160 + 160 + 80 = 410.
    // 3 D updates, no G update: 1230 multiply-adds.
    const e = experimentOrThrow({
      data: { kind: 'mixture-1d' },
      generator: { kind: 'affine', noiseDim: 1 },
      discriminator: { hidden: [4] },
      training: { batchSize: 10, discriminatorSteps: 3, generatorSteps: 0 },
    });
    const work = iterationWork(e);
    expect(work.discriminatorUpdate).toBe(410);
    expect(work.multiplyAdds).toBe(1230);
    expect(work.flops).toBe(2460);
  });

  it('a 512×512 matrix product is 2·512³ = 268 435 456 FLOPs', () => {
    expect(squareMatmulFlops(512)).toBe(268_435_456);
  });
});

describe('the analytic count against what the engine runs', () => {
  /**
   * Multiply-adds of every matrix-product kernel that one training iteration launches, from the
   * kernels' shapes as tf.profile records them: output size × inner dimension, where the inner
   * dimension is size(a) / (batch · rows of the output), whichever operand is transposed.
   */
  async function executedMultiplyAdds(id: keyof typeof workloads): Promise<number> {
    const trainer = Trainer.create(workloads[id].experiment);
    try {
      trainer.train(1); // the optimisers create their slots on the first step
      // One iteration's work: a call of two iterations minus a call of one (each train() call also
      // runs a fixed check of the generator's samples, which is not per-iteration work).
      return (await multiplyAddsOf(() => trainer.train(2))) - (await multiplyAddsOf(() => trainer.train(1)));
    } finally {
      trainer.dispose();
    }
  }

  async function multiplyAddsOf(run: () => unknown): Promise<number> {
    {
      const profile = await tf.profile(() => void run());
      let total = 0;
      for (const kernel of profile.kernels) {
        if (kernel.name !== 'BatchMatMul' && kernel.name !== '_FusedMatMul') continue;
        const a = kernel.inputShapes[0] as number[];
        const out = kernel.outputShapes[0] as number[];
        const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
        const batch = out.length === 3 ? out[0] : 1;
        const rows = out[out.length - 2];
        total += size(out) * (size(a) / (batch * rows));
      }
      return total;
    }
  }

  beforeAll(async () => {
    await initBackend('cpu');
  });

  for (const id of ['ganlab-default', 'widget'] as const) {
    it(`${id}: the kernels run at least the analytic work, and under 1 % more`, async () => {
      const analytic = iterationWork(workloads[id].experiment).multiplyAdds;
      const executed = await executedMultiplyAdds(id);
      expect(executed).toBeGreaterThanOrEqual(analytic);
      expect(executed).toBeLessThan(1.01 * analytic);
    });
  }

  it('wgan-gp: the analytic count is a lower bound (the penalty\'s second backward pass is not counted)', async () => {
    const analytic = iterationWork(workloads['wgan-gp'].experiment).multiplyAdds;
    const widget = iterationWork(workloads.widget.experiment).multiplyAdds;
    const executed = await executedMultiplyAdds('wgan-gp');
    expect(analytic).toBeGreaterThan(widget);
    expect(executed).toBeGreaterThan(analytic);
  });

  it('kernels per iteration: a whole number, what each further iteration of a training call adds', async () => {
    for (const id of ['ganlab-default', 'widget'] as const) {
      const trainer = Trainer.create(workloads[id].experiment);
      try {
        trainer.train(1);
        const kernels = async (count: number) => (await tf.profile(() => void trainer.train(count))).kernels.length;
        const [one, two, three] = [await kernels(1), await kernels(2), await kernels(3)];
        const stepBefore = trainer.step;
        const perIteration = await countKernelsPerIteration((count) => trainer.train(count));
        expect(trainer.step - stepBefore).toBe(2 + kernelCountIterations);
        expect(Number.isInteger(perIteration), `${id}: ${perIteration}`).toBe(true);
        expect(perIteration, id).toBeGreaterThan(0);
        expect(two - one, id).toBe(perIteration);
        expect(three - two, id).toBe(perIteration);
      } finally {
        trainer.dispose();
      }
    }
  });
});
