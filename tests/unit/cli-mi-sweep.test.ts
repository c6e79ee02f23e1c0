/** `--mi-sweep`: Chapter 8's sweeps from the command line (src/cli/mi-sweep.ts), on a tiny run. */
import { describe, expect, it, vi } from 'vitest';
import { runMiSweepCommand } from '../../src/cli/mi-sweep';
import { main } from '../../src/cli/experiment';

describe('--mi-sweep', () => {
  it('prints one line per run at each requested point, then a summary', async () => {
    const lines: string[] = [];
    const code = await runMiSweepCommand(['--mi-sweep', 'mi-gaussians', '--points', '0.5', '--steps', '20', '--backend', 'cpu'], (line) => lines.push(line));
    expect(code).toBe(0);
    const rows = lines.map((line) => JSON.parse(line));
    expect(rows.slice(0, 2).map((row) => row.run)).toEqual(['dv', 'f']);
    for (const row of rows.slice(0, 2)) {
      expect(row.value).toBe(0.5);
      expect(row.truth).toBeCloseTo(0.143841, 5);
      expect(Number.isFinite(row.estimate)).toBe(true);
      // At the same T the DV bound is never below the f-bound.
      expect(row.donskerVaradhan).toBeGreaterThanOrEqual(row.fDivergence);
    }
    expect(rows[2].summary).toMatchObject({ figure: 'mi-gaussians', steps: 20, seed: 1 });
  }, 60_000);

  it('rejects an unknown sweep with exit code 2, also through the main dispatch', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runMiSweepCommand(['--mi-sweep', 'ring-gan'])).toBe(2);
      expect(await main(['--mi-sweep', 'no-such'])).toBe(2);
      expect(String(stderr.mock.calls[0][0])).toContain('unknown sweep "ring-gan"');
    } finally {
      stderr.mockRestore();
    }
  });
});
