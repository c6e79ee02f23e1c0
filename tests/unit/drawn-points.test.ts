/**
 * The reader's drawn distribution (data kind 'points', Chapter 9's playground): the schema's limits
 * and messages, the sampler against the mixture it documents, the deterministic grouping into modes
 * (checked against hand-worked cases), and a share link of the largest drawing under the 32 KB cap.
 */
import { describe, expect, it } from 'vitest';
import { createSampler, drawnModes, DRAWN_MODE_LINK } from '../../src/engine/data';
import { parseExperiment } from '../../src/engine/experiments/schema';
import { decodeLinkText, encodeLinkText, linkDifference, experimentFromLinkValue, maxLinkChars } from '../../src/engine/experiments/url';
import { getFigure } from '../../src/engine/experiments/figures';
import { MAX_DRAWN_POINTS } from '../../src/engine/kinds/gan/schema';
import { modeCoverage } from '../../src/engine/metrics';
import { createRng } from '../../src/engine/rng';

const withPoints = (points: unknown, spread?: number) => parseExperiment({ data: { kind: 'points', points, ...(spread === undefined ? {} : { spread }) } });

describe('the points data kind', () => {
  it('accepts a drawing, defaults the spread to 0.05, and refuses bad input with a sentence', () => {
    const ok = withPoints([[0, 0], [1, -1]]);
    expect(ok.ok && ok.experiment.kind === 'gan' && ok.experiment.data).toEqual({ kind: 'points', points: [[0, 0], [1, -1]], spread: 0.05 });
    const empty = withPoints([]);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors.join(' ')).toMatch(/at least 1 point/);
    const tooMany = withPoints(Array.from({ length: MAX_DRAWN_POINTS + 1 }, () => [0, 0]));
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.errors.join(' ')).toMatch(/at most 2,000 points/);
    expect(withPoints(Array.from({ length: MAX_DRAWN_POINTS }, () => [0, 0])).ok).toBe(true);
    for (const bad of [[[0, Number.NaN]], [[Infinity, 0]], [[0, 11]], [[0]], [[0, 0, 0]], [['1', 0]]]) {
      const result = withPoints(bad);
      expect(result.ok, JSON.stringify(bad)).toBe(false);
    }
    const outside = withPoints([[0, 11]]);
    if (!outside.ok) expect(outside.errors.join(' ')).toMatch(/between -10 and 10/);
    expect(withPoints([[0, 0]], 0).ok).toBe(false);
  });

  it('samples the mixture (1/N) Σ N(p_i, spread²·I): weights by repetition, jitter by spread', () => {
    const data = withPoints([[1, 0], [1, 0], [1, 0], [-1, 2]], 0.1);
    if (!data.ok || data.experiment.kind !== 'gan') throw new Error('invalid');
    const sampler = createSampler(data.experiment.data);
    const n = 40_000;
    const samples = sampler.sample(createRng(7), n);
    let right = 0;
    let sumX = 0;
    let squaresX = 0;
    for (let i = 0; i < n; i++) {
      if (samples[2 * i] > 0) {
        right++;
        sumX += samples[2 * i] - 1;
        squaresX += (samples[2 * i] - 1) ** 2;
      }
    }
    // The point repeated three times has weight ¾; about it, the x jitter has mean 0 and std 0.1.
    expect(right / n).toBeCloseTo(0.75, 2);
    expect(sumX / right).toBeCloseTo(0, 2);
    expect(Math.sqrt(squaresX / right)).toBeCloseTo(0.1, 2);
    // Same seed, same draws.
    expect(sampler.sample(createRng(7), 10)).toEqual(samples.slice(0, 20));
  });

  it('groups points into modes by single linkage at 0.5, numbered by first point', () => {
    expect(DRAWN_MODE_LINK).toBe(0.5);
    // A chain 0 → 0.4 → 0.8 is one group (each step < 0.5) though its ends are 0.8 apart; 3 is alone.
    const modes = drawnModes([[3, 0], [0, 0], [0.4, 0], [0.8, 0]], 0.1);
    expect(modes.means.length).toBe(2);
    expect(modes.means[0]).toEqual([3, 0]);
    expect(modes.stds[0]).toBeCloseTo(0.1, 12);
    expect(modes.means[1][0]).toBeCloseTo(0.4, 12);
    expect(modes.means[1][1]).toBeCloseTo(0, 12);
    // s² = (0.16 + 0 + 0.16) / (2·3); std = √(0.01 + s²)
    expect(modes.stds[1]).toBeCloseTo(Math.sqrt(0.01 + 0.32 / 6), 12);
    // Exactly 0.5 apart is not linked.
    expect(drawnModes([[0, 0], [0.5, 0]], 0.05).means.length).toBe(2);
    // A point repeated is the Gaussian N(p, spread²) exactly: std = spread.
    expect(drawnModes([[1, 1], [1, 1], [1, 1]], 0.2).stds).toEqual([0.2]);
  });

  it("a perfect sampler of a drawing of separate points scores VEEGAN's 98.9 % and captures every mode", () => {
    const data = withPoints([[-1.5, -0.5], [0, -0.5], [1.5, -0.5], [0, 1.8]], 0.15);
    if (!data.ok || data.experiment.kind !== 'gan') throw new Error('invalid');
    const sampler = createSampler(data.experiment.data);
    const coverage = modeCoverage(sampler.sample(createRng(3), 20_000), 2, sampler.modes!);
    expect(coverage.modesCaptured).toBe(4);
    expect(coverage.highQualityFraction).toBeCloseTo(1 - Math.exp(-4.5), 2);
  });

  it('a share link of 2,000 drawn points (two decimals, as the playground stores them) fits the 32 KB cap and round-trips', async () => {
    const base = getFigure('playground')!.experiment;
    const rng = createRng(11);
    const points = Array.from({ length: MAX_DRAWN_POINTS }, () => [Math.round((rng.uniform() * 6 - 3) * 100) / 100, Math.round((rng.uniform() * 6 - 3) * 100) / 100]);
    const parsed = parseExperiment({ ...base, data: { kind: 'points', points, spread: 0.05 } });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const text = await encodeLinkText(linkDifference(parsed.experiment, base));
    expect(text.startsWith('z.')).toBe(true);
    expect(text.length).toBeLessThan(maxLinkChars);
    const read = await decodeLinkText(text);
    if (!read.ok) throw new Error(read.message);
    const back = experimentFromLinkValue(read.value, base);
    expect(back.ok && back.experiment).toEqual(parsed.experiment);
  });
});

describe("the playground's drawing tool (pure parts)", () => {
  it('starts from three separate blobs of six points, and the plane keeps ±3 unless a drawing reaches further', async () => {
    const { starterDrawing, roundCoordinate } = await import('../../src/components/widgets/point-drawing');
    const { planeExtent } = await import('../../src/components/widgets/playground');
    const starter = starterDrawing();
    expect(starter.length).toBe(18);
    expect(drawnModes(starter, 0.05).means.length).toBe(3);
    expect(roundCoordinate(1.23456)).toBe(1.23);
    expect(roundCoordinate(-0.005)).toBe(-0);
    const parse = (points: number[][]) => {
      const result = parseExperiment({ data: { kind: 'points', points, spread: 0.1 } });
      if (!result.ok || result.experiment.kind !== 'gan') throw new Error('invalid');
      return result.experiment;
    };
    expect(planeExtent(parse([[0, 0], [2.5, -2.5]]))).toBe(3);
    // |x| = 7 plus 3 spreads plus a margin: ceil(7 + 0.3 + 0.5) = 8.
    expect(planeExtent(parse([[0, 0], [-7, 1]]))).toBe(8);
  });
});
