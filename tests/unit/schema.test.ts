import { describe, expect, it } from 'vitest';
import { experimentOrThrow, parseExperiment } from '../../src/engine/experiments/schema';

/** The errors of an input that must be rejected. */
function errorsOf(input: unknown): string[] {
  const result = parseExperiment(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('experiment schema', () => {
  it('fills every default into an empty experiment', () => {
    const result = parseExperiment({});
    expect(result.ok).toBe(true);
    if (!result.ok || result.experiment.kind !== 'gan') throw new Error('an empty experiment must be a GAN');
    const e = result.experiment;
    // The documented defaults, written out here rather than read back from the schema.
    expect(e.data).toEqual({ kind: 'ring', modes: 8, radius: 2, std: 0.02 });
    expect(e.generator).toEqual({
      kind: 'mlp', noiseDim: 2, noise: 'normal', hidden: [64, 64], activation: 'relu', output: 'linear',
    });
    expect(e.discriminator).toEqual({ kind: 'mlp', hidden: [64, 64], activation: 'relu', embeddingDim: 2 });
    expect(e.objective).toEqual({ kind: 'non-saturating', r1Weight: 0 });
    expect(e.optimizers.generator).toEqual({ kind: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.999, momentum: 0 });
    expect(e.optimizers.discriminator).toEqual(e.optimizers.generator);
    expect(e.training).toEqual({
      steps: 2000, batchSize: 256, discriminatorSteps: 1, generatorSteps: 1, realLabel: 1, reportEvery: 100,
    });
    expect(e.seed).toBe(1);
  });

  it('fills defaults inside a partly written section and keeps what was written', () => {
    const e = experimentOrThrow({ data: { kind: 'grid' }, training: { batchSize: 64 } });
    expect(e.data).toEqual({ kind: 'grid', size: 5, spacing: 2, std: 0.05 });
    expect(e.training.batchSize).toBe(64);
    expect(e.training.steps).toBe(2000);
  });

  it('fills a mixture component weight of 1 when left out', () => {
    const e = experimentOrThrow({ data: { kind: 'mixture-1d', components: [{ mean: 0, std: 1 }] } });
    expect(e.data).toEqual({ kind: 'mixture-1d', components: [{ mean: 0, std: 1, weight: 1 }] });
  });

  it('survives a JSON round trip unchanged', () => {
    const e = experimentOrThrow({ data: { kind: 'two-moons', noise: 0.1 }, seed: 42 });
    const again = parseExperiment(JSON.parse(JSON.stringify(e)));
    expect(again).toEqual({ ok: true, experiment: e });
  });

  it('rejects a batch size out of range, naming the field and the range', () => {
    const errors = errorsOf({ training: { batchSize: 5000 } });
    expect(errors).toEqual(['training.batchSize must be a whole number between 1 and 4096']);
  });

  it('rejects a fractional step count', () => {
    expect(errorsOf({ training: { steps: 10.5 } })[0]).toMatch(/^training\.steps .*whole number between 1 and 1000000/);
  });

  it('rejects an unknown data kind and lists the kinds', () => {
    const [message] = errorsOf({ data: { kind: 'spiral-of-doom' } });
    expect(message).toMatch(/^data/);
    for (const kind of ['mixture-1d', 'ring', 'grid', 'swiss-roll', 'two-moons']) expect(message).toContain(kind);
  });

  it('rejects a negative standard deviation with its range', () => {
    expect(errorsOf({ data: { kind: 'ring', std: -0.1 } })).toEqual(['data.std must be between 0.001 and 2']);
    const [message] = errorsOf({ data: { kind: 'mixture-1d', components: [{ mean: 0, std: -1 }] } });
    expect(message).toBe('data.components.0.std must be between 0.001 and 10');
  });

  it('rejects an unknown field and names it', () => {
    expect(errorsOf({ training: { batchsize: 64 } })).toEqual(['training: unknown field "batchsize"']);
    expect(errorsOf({ colour: 'red' })).toEqual(['experiment: unknown field "colour"']);
  });

  it('rejects a value of the wrong type', () => {
    expect(errorsOf({ optimizers: { generator: { learningRate: 'fast' } } })).toEqual([
      'optimizers.generator.learningRate must be a number between 0.000001 and 10',
    ]);
    const objectiveErrors = errorsOf({ objective: { kind: 'wgan' } });
    expect(objectiveErrors).toHaveLength(1);
    expect(objectiveErrors[0]).toMatch(/^objective\.kind must be one of: minimax, non-saturating\b/);
  });

  it('rejects input that is not an object', () => {
    for (const input of [null, 42, 'ring', [1, 2]]) {
      expect(errorsOf(input)).toEqual(['experiment must be an object']);
    }
    expect(errorsOf({ training: 7 })).toEqual(['training must be an object']);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ training: { batchSize: 0, discriminatorSteps: 500 }, seed: -1 });
    expect(errors).toHaveLength(3);
    expect(errors.some((m) => m.startsWith('training.batchSize'))).toBe(true);
    expect(errors.some((m) => m.startsWith('training.discriminatorSteps') && m.includes('between 1 and 100'))).toBe(true);
    expect(errors.some((m) => m.startsWith('seed') && m.includes('between 0 and 4294967295'))).toBe(true);
  });

  it('experimentOrThrow throws with every message', () => {
    expect(() => experimentOrThrow({ training: { batchSize: 5000 } })).toThrow(
      'Invalid experiment: training.batchSize must be a whole number between 1 and 4096',
    );
  });
});
