/**
 * Controls read each field's range, wholeness, label and help from the schema. Checked by behaviour:
 * the schema itself must accept the range's ends and reject what lies just outside it.
 */
import { describe, expect, it } from 'vitest';
import { setAt } from '../../src/components/widgets/controls';
import { fieldInfo } from '../../src/engine/experiments/field-info';
import { anyExperimentOrThrow, parseExperiment, type AnyExperiment } from '../../src/engine/experiments/schema';

const gan = anyExperimentOrThrow({ objective: { kind: 'wasserstein' }, data: { kind: 'ring' } });
const game = anyExperimentOrThrow({ kind: 'game' });

function accepts(experiment: AnyExperiment, path: string, value: number): boolean {
  const draft = structuredClone(experiment);
  setAt(draft, path, value);
  return parseExperiment(draft).ok;
}

describe('field info from the schema', () => {
  it.each([
    [gan, 'optimizers.generator.learningRate'],
    [gan, 'training.batchSize'],
    [gan, 'training.discriminatorSteps'],
    [gan, 'objective.constraint.weight'],
    [gan, 'data.radius'],
    [gan, 'generator.hidden.0'],
    [game, 'learningRates.generator'],
    [game, 'start.1'],
  ] as const)('%#: the schema accepts the ends of the range it reports and rejects beyond them (%s)', (experiment, path) => {
    const info = fieldInfo(experiment, path)!;
    expect(info.min).toBeDefined();
    expect(info.max).toBeDefined();
    expect(accepts(experiment, path, info.min!)).toBe(true);
    expect(accepts(experiment, path, info.max!)).toBe(true);
    const outside = Math.max(1e-9, Math.abs(info.min!) * 1e-3, 1e-3);
    expect(accepts(experiment, path, info.min! - outside)).toBe(false);
    expect(accepts(experiment, path, info.max! + Math.max(1, Math.abs(info.max!) * 1e-3))).toBe(false);
    if (info.integer) expect(accepts(experiment, path, info.min! + 0.5)).toBe(false);
  });

  it('follows the experiment through its unions: a penalty weight exists for the penalty, not for clipping', () => {
    const clipped = anyExperimentOrThrow({ objective: { kind: 'wasserstein', constraint: { kind: 'clip' } } });
    expect(fieldInfo(gan, 'objective.constraint.weight')).toBeDefined();
    expect(fieldInfo(clipped, 'objective.constraint.weight')).toBeUndefined();
    expect(fieldInfo(clipped, 'objective.constraint.c')?.label).toMatch(/c/);
  });

  it('gives labels and help where the schema has them, and nothing for unknown paths', () => {
    expect(fieldInfo(gan, 'training.discriminatorSteps')).toMatchObject({ label: expect.stringContaining('k'), integer: true });
    expect(fieldInfo(gan, 'training.realLabel')?.help).toMatch(/smoothing/);
    expect(fieldInfo(gan, 'no.such.field')).toBeUndefined();
  });
});
