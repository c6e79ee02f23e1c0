/**
 * The playground's two remedies for rare modes (Chapter 9): PacGAN's packed discriminator
 * (experiment.discriminator.packing) and an encoder with a reconstruction term
 * (experiment.reconstruction). Whether they bring a dropped mode back is a chapter claim, checked on
 * seeded runs in claims-ch9.test.ts; here: what the schema refuses, that the sections change
 * nothing when off, that the encoder learns to reconstruct, and that nothing leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { experimentOrThrow, parseExperiment, type Experiment } from '../../src/engine/experiments/schema';
import { Trainer } from '../../src/engine/kinds/gan/trainer';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

const small = (changes: Record<string, unknown> = {}): Experiment =>
  experimentOrThrow({
    data: { kind: 'ring', modes: 4, radius: 2, std: 0.05 },
    generator: { hidden: [16] },
    discriminator: { hidden: [16] },
    training: { batchSize: 32 },
    seed: 3,
    ...changes,
  });

function losses(experiment: Experiment, steps: number): number[][] {
  const trainer = Trainer.create(experiment);
  const rows = trainer.train(steps).map((row) => Object.entries(row).filter(([name]) => name !== 'step').map(([, value]) => value as number));
  trainer.dispose();
  return rows;
}

function refusal(input: Record<string, unknown>): string {
  const result = parseExperiment({ kind: 'gan', ...input });
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.errors.join(' ');
}

describe('the schema', () => {
  it('refuses packing where a pack has no meaning, each with a sentence', () => {
    expect(refusal({ discriminator: { packing: 2 }, objective: { kind: 'non-saturating', r1Weight: 1 } })).toMatch(/cannot be combined with a gradient penalty or R1/);
    expect(refusal({ discriminator: { packing: 2 }, objective: { kind: 'wasserstein' } })).toMatch(/cannot be combined with a gradient penalty/);
    expect(refusal({ discriminator: { kind: 'autoencoder', packing: 2 }, objective: { kind: 'energy' } })).toMatch(/only for the 'mlp' discriminator/);
    expect(refusal({ discriminator: { packing: 9 } })).toMatch(/packing/);
    expect(parseExperiment({ kind: 'gan', discriminator: { packing: 2 }, objective: { kind: 'wasserstein', constraint: { kind: 'clip' } } }).ok).toBe(true);
  });

  it('refuses the reconstruction term without a trainable mlp generator or together with MINE', () => {
    expect(refusal({ generator: { kind: 'affine' }, reconstruction: {} })).toMatch(/needs the 'mlp' generator/);
    expect(refusal({ mine: {}, reconstruction: {} })).toMatch(/cannot be combined with the MINE section/);
    expect(refusal({ reconstruction: {}, training: { generatorSteps: 0 } })).toMatch(/needs a generator that trains/);
  });
});

describe('packing', () => {
  it('with m = 1 written out trains exactly as without the field, and with m = 2 differently', () => {
    const plain = losses(small(), 5);
    expect(losses(small({ discriminator: { hidden: [16], packing: 1 } }), 5)).toEqual(plain);
    const packed = losses(small({ discriminator: { hidden: [16], packing: 2 } }), 5);
    expect(packed).not.toEqual(plain);
    expect(packed.flat().every(Number.isFinite)).toBe(true);
    expect(losses(small({ discriminator: { hidden: [16], packing: 2 } }), 5)).toEqual(packed);
  });

  it('gives a packed discriminator a heat map: D(x, …, x), a probability at every grid point', () => {
    const trainer = Trainer.create(small({ discriminator: { hidden: [16], packing: 3 } }));
    trainer.train(3);
    const grid = trainer.snapshot({ discriminatorGrid: { x: [-2, 2, 5], y: [-2, 2, 5] } }).discriminatorGrid!;
    expect(grid.values.length).toBe(25);
    for (const value of grid.values) expect(value > 0 && value < 1).toBe(true);
    trainer.dispose();
  });
});

describe('the reconstruction term', () => {
  it('leaves the existing streams alone: the first discriminator step is the same with and without it', () => {
    const [plain] = losses(small(), 1);
    const [withEncoder] = losses(small({ reconstruction: {} }), 1);
    expect(withEncoder[0]).toBe(plain[0]); // discriminatorLoss: same networks, same batches
  });

  it('teaches G∘E to reproduce the data: the recorded error ‖x − G(E(x))‖² falls at least fivefold in 300 steps', () => {
    const trainer = Trainer.create(small({ reconstruction: {} }));
    const rows = trainer.train(300);
    trainer.dispose();
    const mean = (from: number, to: number) => rows.slice(from, to).reduce((sum, row) => sum + (row.reconstructionError as number), 0) / (to - from);
    // At the start G(E(x)) is near 0 and x is on a ring of radius 2: the error is about r² = 4.
    expect(mean(0, 5)).toBeGreaterThan(2);
    expect(mean(280, 300)).toBeLessThan(mean(0, 5) / 5);
  });

  it('keeps the tensor count flat over training and snapshots, and frees everything on dispose (both sections on)', () => {
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(small({ discriminator: { hidden: [16], packing: 2 }, reconstruction: {} }));
    const request = { generatorSamples: 50, discriminatorGrid: { x: [-2, 2, 4] as [number, number, number], y: [-2, 2, 4] as [number, number, number] }, modeCoverage: 100 };
    trainer.train(1);
    trainer.snapshot(request);
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      trainer.train(3);
      trainer.snapshot(request);
    }
    expect(tf.memory().numTensors).toBe(baseline);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
