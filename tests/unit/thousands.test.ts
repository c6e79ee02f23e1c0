import { describe, expect, it } from 'vitest';
import { thousands } from '../../src/engine/experiments/fields';

describe('thousands', () => {
  it("writes whole numbers as Intl's 'en' locale does", () => {
    for (const n of [0, 7, 42, 999, 1000, 2000, 12345, 999999, 1000000, 4294967295, -1500, -999]) {
      expect(thousands(n)).toBe(n.toLocaleString('en'));
    }
  });
});
