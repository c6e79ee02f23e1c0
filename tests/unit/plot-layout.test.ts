import { describe, expect, it } from 'vitest';
import { designWidth, narrowBelow, narrowestLayout, narrowWidthFor, ticksFor } from '../../src/components/plots/layout';

describe('plots on narrow screens (plots/layout.ts)', () => {
  it('keeps the design width in a wide or unmeasured container, and takes a phone’s own width', () => {
    expect(designWidth).toBe(640);
    // The static renders' DOM has no layout (width 0): they draw at the design width.
    expect(narrowWidthFor(0)).toBeUndefined();
    expect(narrowWidthFor(Number.NaN)).toBeUndefined();
    expect(narrowWidthFor(720)).toBeUndefined();
    expect(narrowWidthFor(narrowBelow)).toBeUndefined();
    // A 375-px phone: Starlight's column and the figure's padding leave about 320 px.
    expect(narrowWidthFor(320.6)).toBe(320);
    expect(narrowWidthFor(narrowBelow - 1)).toBe(narrowBelow - 1);
    // Never narrower than the narrowest layout: below it the drawing scales down instead.
    expect(narrowWidthFor(200)).toBe(narrowestLayout);
  });

  it('draws about one tick per 56 px on a narrow axis, at least two, never more than asked', () => {
    expect(ticksFor(524, 6)).toBe(6);
    expect(ticksFor(204, 6)).toBe(3);
    expect(ticksFor(60, 6)).toBe(2);
    expect(ticksFor(300, 4)).toBe(4);
    expect(ticksFor(104, 5, 34)).toBe(3);
  });
});
