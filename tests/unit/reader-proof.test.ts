/**
 * Issue 16's guards in the engine: runaway samples end training with a sentence, α is bounded so
 * that the bound stays finite, and a slow setting is announced from its arithmetic before it runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { estimatedStepSeconds, slowSettingNote, stepFlops } from '../../src/engine/experiments/cost';
import { figures, getGanFigure } from '../../src/engine/experiments/figures';
import { experimentOrThrow, parseExperiment } from '../../src/engine/experiments/schema';
import { Trainer, TrainingDivergedError } from '../../src/engine/kinds/gan/trainer';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Train in chunks of `chunk` until a divergence or `steps`; returns the error, if any. */
function trainUntilDiverged(trainer: Trainer, steps: number, chunk = 10): TrainingDivergedError | null {
  try {
    while (trainer.step < steps) trainer.train(chunk);
    return null;
  } catch (error) {
    if (error instanceof TrainingDivergedError) return error;
    throw error;
  }
}

describe('runaway samples', () => {
  it('Figure 1.1 with Adam at learning rate 10 stops with a sentence naming the step and the learning rate', () => {
    const spec = getGanFigure('gan-1d')!;
    const experiment = experimentOrThrow({
      ...spec.experiment,
      optimizers: {
        discriminator: { ...spec.experiment.optimizers.discriminator, learningRate: 10 },
        generator: { ...spec.experiment.optimizers.generator, learningRate: 10 },
      },
    });
    const trainer = Trainer.create(experiment);
    const error = trainUntilDiverged(trainer, 300);
    trainer.dispose();
    expect(error).not.toBeNull();
    expect(error!.message).toMatch(/^Training diverged at step \d+: /);
    expect(error!.message).toMatch(/learning rate/);
  });

  it('samples beyond ten times the data\'s extent stop training with a sentence even when every loss is finite; within it they do not', () => {
    // Data N(0, 0.1²): extent 1 (the floor). An affine generator N(shift, 0.5²) that trains with a
    // negligible step (a frozen one is never checked: a fixed Q may sit anywhere, as in Figure 3.2),
    // the critic's losses stay small, and only the samples' reach decides.
    const at = (shift: number) =>
      Trainer.create(
        experimentOrThrow({
          data: { kind: 'mixture-1d', components: [{ mean: 0, std: 0.1, weight: 1 }] },
          generator: { kind: 'affine', noiseDim: 1, noise: 'normal', init: { shift: [shift], scale: [0.5] } },
          discriminator: { hidden: [8] },
          objective: { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } },
          optimizers: { generator: { kind: 'sgd', learningRate: 1e-6 } },
          training: { batchSize: 64, generatorSteps: 1, steps: 100 },
        }),
      );
    const far = at(15);
    const error = trainUntilDiverged(far, 20, 5);
    far.dispose();
    expect(error?.step).toBe(5);
    expect(error?.message).toMatch(/^Training diverged at step 5: the generator's samples ran away to \|x\| ≈ 15\.\d, more than 10 times the data's extent \(1\.00\), although no loss became NaN\. .*lower learning rate/);
    const near = at(8);
    expect(trainUntilDiverged(near, 20, 5)).toBeNull();
    near.dispose();
  });

  it('RMSProp at learning rate 10 on Figure 1.1 is stopped too', () => {
    const spec = getGanFigure('gan-1d')!;
    const rms = { kind: 'rmsprop' as const, learningRate: 10 };
    const trainer = Trainer.create(experimentOrThrow({ ...spec.experiment, optimizers: { discriminator: rms, generator: rms } }));
    const error = trainUntilDiverged(trainer, 300);
    trainer.dispose();
    expect(error?.message).toMatch(/diverged at step \d+/);
  });

  it('the figures at their own settings never trip the check (Figure 1.1 for 300 steps, Figure 1.3 for 10)', () => {
    for (const [id, steps] of [['gan-1d', 300], ['ring-gan', 10]] as const) {
      const trainer = Trainer.create(getGanFigure(id)!.experiment);
      expect(trainUntilDiverged(trainer, steps, 10), id).toBeNull();
      trainer.dispose();
    }
  });
});

describe('α of the α-divergence', () => {
  it('is refused beyond the range the engine can train in 32-bit floats, with a sentence', () => {
    const base = getGanFigure('variational-bound')!.experiment;
    for (const alpha of ['1e308', '-1e308', '1e-300', '1.001', '11']) {
      const parsed = parseExperiment({ ...base, objective: { kind: 'f-gan', divergence: `alpha:${alpha}` } });
      expect(parsed.ok, alpha).toBe(false);
      if (!parsed.ok) expect(parsed.errors.join(' ')).toMatch(/objective\.divergence must have an α between −10 and 10/);
    }
    for (const alpha of ['0.5', '2', '-1', '10']) {
      expect(parseExperiment({ ...base, objective: { kind: 'f-gan', divergence: `alpha:${alpha}` } }).ok, alpha).toBe(true);
    }
  });
});

describe('step cost', () => {
  it('counts the dense layers: a 1-D GAN with one hidden layer of 4, by hand', () => {
    const experiment = experimentOrThrow({
      data: { kind: 'mixture-1d' },
      generator: { noiseDim: 1, hidden: [4] },
      discriminator: { hidden: [4] },
      training: { batchSize: 10, discriminatorSteps: 2, generatorSteps: 1 },
    });
    // G: 1→4→1 = 2·(4 + 4) = 16 flops forward; D likewise 16.
    // D update: batch·(G + 3·2·D) = 10·(16 + 96) = 1120; G update: batch·3·(G + D) = 10·96 = 960.
    expect(stepFlops(experiment)).toBe(2 * 1120 + 960);
  });

  it('announces the wedge setting of issue 16 (512×8, k 100, batch 4096) as minutes per step, and no figure of the book as slow', () => {
    const ring = getGanFigure('ring-gan')!.experiment;
    const wedge = experimentOrThrow({
      ...ring,
      generator: { ...ring.generator, hidden: Array(8).fill(512) },
      discriminator: { ...ring.discriminator, hidden: Array(8).fill(512) },
      training: { ...ring.training, batchSize: 4096, discriminatorSteps: 100 },
    });
    expect(estimatedStepSeconds(wedge)).toBeGreaterThan(60);
    expect(slowSettingNote(wedge)).toMatch(/^This setting takes about \d+ min per step .*; expect the figure to be slow\./);
    for (const [id, spec] of Object.entries(figures)) expect(slowSettingNote(spec.experiment), id).toBeNull();
    // A measured speed replaces the estimate.
    expect(slowSettingNote(ring, 3)).toMatch(/^This setting takes about 3 s per step here/);
    expect(slowSettingNote(ring, 1)).toBeNull(); // a loaded machine's slower figure is not announced
  });
});
