/**
 * Figure 6.1's numbers (src/components/widgets/power-iteration.ts computes them with the engine):
 * its presets reproduce gan-math §11.4, and its start at 45° is exactly ones/‖ones‖.
 */
import { describe, expect, it } from 'vitest';
import { computePowerIteration, presets, startVector } from '../../src/components/widgets/power-iteration';

const state = (id: string, startAngle = 45) => {
  const { matrix } = presets.find((preset) => preset.id === id)!;
  return { w11: matrix[0][0], w12: matrix[0][1], w21: matrix[1][0], w22: matrix[1][1], startAngle, iterations: 20 };
};

describe('power-iteration explorer: presets', () => {
  it('reproduces the σ̂ of gan-math §11.4 after 1, 2, 3 iterations', () => {
    const expected: Record<string, number[]> = {
      rotation: [2, 2, 2],
      slow: [0.956542, 0.966471, 0.97513],
      near: [1.0550675, 1.05913791, 1.0607606],
    };
    for (const [id, values] of Object.entries(expected)) {
      const result = computePowerIteration(state(id));
      values.forEach((value, i) => expect(Math.abs(result.iterates[i].sigma - value), `${id} ${i}`).toBeLessThan(1e-6));
    }
    expect(computePowerIteration(state('rotation')).equal).toBe(true);
    expect(computePowerIteration(state('slow')).rate).toBeCloseTo(0.6561, 12);
  });

  it('the trapped start stays at σ₂ = 1 for all 20 iterations; 46° escapes to σ₁ = 3', () => {
    const trapped = computePowerIteration(state('trapped'));
    expect(trapped.trapped).toBe(true);
    for (const { sigma } of trapped.iterates) expect(sigma).toBeCloseTo(1, 12);
    const tilted = computePowerIteration(state('trapped', 46));
    expect(tilted.trapped).toBe(false);
    expect(tilted.iterates[19].sigma).toBeCloseTo(3, 8);
  });

  it('45° is exactly (1, 1)/√2', () => {
    const [a, b] = startVector(45);
    expect(a).toBe(b);
    expect(a * a + b * b).toBeCloseTo(1, 15);
  });
});
