/**
 * The benchmark's workloads are the experiments the brief describes, and its analytic FLOP count
 * matches a count done by hand, layer by layer.
 */
import { describe, expect, it } from 'vitest';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
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
  it('GAN Lab default: 540 000 FLOPs, counted by hand', () => {
    // G per example: 2·8 + 8·8 + 8·2 = 16 + 64 + 16 = 96 multiply-adds.
    // D per example: 2·8 + 8·8 + 8·1 = 16 + 64 +  8 = 88 multiply-adds.
    // D update: G forward 150·96 = 14 400; D forward + backward on 300 points 3·300·88 = 79 200
    //           → 93 600.
    // G update: 3·150·(96 + 88) = 450·184 = 82 800.
    // Iteration: 2·93 600 + 82 800 = 270 000 multiply-adds = 540 000 FLOPs.
    const work = iterationWork(workloads['ganlab-default'].experiment);
    expect(work.discriminatorUpdate).toBe(93_600);
    expect(work.generatorUpdate).toBe(82_800);
    expect(work.multiplyAdds).toBe(270_000);
    expect(work.flops).toBe(540_000);
  });

  it('widget: 28 672 000 FLOPs, counted by hand', () => {
    // G per example: 2·64 + 64·64 + 64·2 = 128 + 4096 + 128 = 4352.
    // D per example: 2·64 + 64·64 + 64·1 = 128 + 4096 +  64 = 4288.
    // D update: 256·4352 = 1 114 112; 3·512·4288 = 6 586 368 → 7 700 480.
    // G update: 3·256·(4352 + 4288) = 768·8640 = 6 635 520.
    // Iteration: 7 700 480 + 6 635 520 = 14 336 000 multiply-adds = 28 672 000 FLOPs.
    const work = iterationWork(workloads.widget.experiment);
    expect(work.discriminatorUpdate).toBe(7_700_480);
    expect(work.generatorUpdate).toBe(6_635_520);
    expect(work.multiplyAdds).toBe(14_336_000);
    expect(work.flops).toBe(28_672_000);
  });

  it('a 1-D affine generator against a one-hidden-layer D, frozen G', () => {
    // G: z ↦ a z + b, 1·1 = 1 multiply-add per example. D: 1·4 + 4·1 = 8.
    // Batch 10, 3 D updates, 0 G updates: 3·(10·1 + 3·20·8) = 3·490 = 1470 multiply-adds.
    const e = experimentOrThrow({
      data: { kind: 'mixture-1d' },
      generator: { kind: 'affine', noiseDim: 1 },
      discriminator: { hidden: [4] },
      training: { batchSize: 10, discriminatorSteps: 3, generatorSteps: 0 },
    });
    const work = iterationWork(e);
    expect(work.discriminatorUpdate).toBe(490);
    expect(work.multiplyAdds).toBe(1470);
    expect(work.flops).toBe(2940);
  });

  it('a 512×512 matrix product is 2·512³ = 268 435 456 FLOPs', () => {
    expect(squareMatmulFlops(512)).toBe(268_435_456);
  });
});
