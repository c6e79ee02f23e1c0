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

describe('a critic plane redrawn', () => {
  it("redraws its heat map and contours for a new grid, and an unchanged redraw writes nothing", async () => {
    const { createSvg } = await import('../../src/components/plots');
    const { createCriticPlane } = await import('../../src/components/widgets/critic-plane');
    const host = document.createElement('div');
    document.body.append(host);
    const svg = createSvg(host, { width: 300, height: 300, title: 'critic' });
    const plane = createCriticPlane(svg, { left: 30, top: 10, size: 240 }, 'plane', [-2, 2], host);
    const grid = (shift: number) => {
      const x = Float32Array.from({ length: 9 }, (_, i) => -2 + i / 2);
      return { x, y: x, values: Float32Array.from({ length: 81 }, (_, k) => Math.sin(k / 9 + shift) + (k % 9) / 9) };
    };
    const writes = async (draw: () => void) => {
      const { MutationObserver } = globalThis.window as unknown as { MutationObserver: typeof globalThis.MutationObserver };
      let count = 0;
      const observer = new MutationObserver((records) => (count += records.length));
      observer.observe(host, { attributes: true, childList: true, characterData: true, subtree: true });
      draw();
      await new Promise((resolve) => setTimeout(resolve, 0));
      count += observer.takeRecords().length;
      observer.disconnect();
      return count;
    };
    const first = grid(0);
    expect(await writes(() => plane.draw(first))).toBeGreaterThan(0);
    const contour = host.querySelector('.sp-contour')?.getAttribute('d');
    expect(contour).toBeTruthy();
    expect(await writes(() => plane.draw(first))).toBe(0);
    expect(await writes(() => plane.draw(grid(1)))).toBeGreaterThan(0);
    expect(host.querySelector('.sp-contour')?.getAttribute('d')).not.toBe(contour);
  });
});
