import { path as d3Path } from 'd3';
import { describe, expect, it } from 'vitest';
import { symbolPath, traceSymbol, type SymbolShape } from '../../src/components/plots/symbols';

/** The points an svg path visits (each command's end point, absolute), enough to compare two spellings of one shape. */
function visitedPoints(d: string): Array<[number, number]> {
  const tokens = d.match(/[MLHVAZmlhvaz]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  const points: Array<[number, number]> = [];
  let [x, y] = [0, 0];
  let command = '';
  for (let i = 0; i < tokens.length; ) {
    if (/[A-Za-z]/.test(tokens[i])) command = tokens[i++];
    const next = () => Number(tokens[i++]);
    if (command === 'Z' || command === 'z') continue;
    if (command === 'M' || command === 'L') [x, y] = [next(), next()];
    else if (command === 'h') x += next();
    else if (command === 'v') y += next();
    else if (command === 'A') {
      for (let skip = 0; skip < 5; skip++) next();
      [x, y] = [next(), next()];
    } else throw new Error(`unexpected command ${command} in ${d}`);
    points.push([x, y]);
  }
  return points;
}

describe('symbols', () => {
  // The live canvas traces each symbol; exports and static renders write symbolPath: the two must draw the same shape.
  it.each<SymbolShape>(['circle', 'cross', 'triangle', 'square', 'diamond'])('a %s traced on a canvas visits the points of its svg path', (shape) => {
    const traced = d3Path();
    traceSymbol(shape, 12.5, -40, 3, traced);
    const canvas = visitedPoints(traced.toString());
    const svg = visitedPoints(symbolPath(shape, 12.5, -40, 3));
    expect(canvas.length).toBe(svg.length);
    canvas.forEach(([cx, cy], i) => {
      expect(cx).toBeCloseTo(svg[i][0], 6);
      expect(cy).toBeCloseTo(svg[i][1], 6);
    });
  });
});
