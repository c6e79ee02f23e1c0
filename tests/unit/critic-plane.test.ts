import { describe, expect, it } from 'vitest';
import { installDom } from '../../src/render/dom-shim';

installDom();
const { scoreScale } = await import('../../src/components/widgets/critic-plane');

describe("a critic's colour scale", () => {
  it('is centred on the median of the finite values and spreads over the 95th percentile of the distance from it', () => {
    // 0, 1, …, 100 shuffled, with non-finite values that must be ignored: median 50; distances
    // |v − 50| sorted are 0, 1, 1, 2, 2, …, 50, 50 (101 of them); the 95th percentile, index 95, is 48.
    const values = Array.from({ length: 101 }, (_, i) => (i * 37) % 101);
    const scale = scoreScale([Number.NaN, ...values, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(scale).toEqual({ centre: 50, spread: 48 });
  });

  it('sorts numbers as numbers (not as text) and falls back without finite values', () => {
    expect(scoreScale([10, 9, 100, -5, 2]).centre).toBe(9);
    expect(scoreScale([Number.NaN])).toEqual({ centre: 0, spread: 1 });
    expect(scoreScale([3, 3, 3]).spread).toBe(1e-6);
  });
});
