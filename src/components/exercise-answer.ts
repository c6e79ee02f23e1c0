/**
 * Pure answer checking for exercises (no DOM), shared by the page script and the unit tests.
 *
 * Numbers are read simply: digits with an optional sign ("-" or the typographic "−"), decimal point,
 * exponent ("1e-3") or a fraction of two such numbers ("3/4"). A comma is never a decimal point: the
 * reader is told so instead of having "0,5" silently misread.
 */

export type ParsedNumber =
  | { ok: true; value: number }
  | { ok: false; reason: 'empty' | 'comma' | 'invalid' };

const plainNumber = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function readPlain(text: string): number | undefined {
  return plainNumber.test(text) ? Number(text) : undefined;
}

export function parseNumber(raw: string): ParsedNumber {
  // Unicode minus and dashes typed or pasted from the text count as a minus sign; spaces after a
  // sign ("- 2") are dropped.
  const text = raw
    .trim()
    .replace(/^[\u2212\u2012\u2013\u2014]/, '-')
    .replace(/^([+-])\s+/, '$1');
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.includes(',')) return { ok: false, reason: 'comma' };

  const plain = readPlain(text);
  if (plain !== undefined) return { ok: true, value: plain };

  const fraction = /^(.+?)\s*\/\s*(.+)$/.exec(text);
  if (fraction) {
    const numerator = readPlain(fraction[1]);
    const denominator = readPlain(fraction[2]);
    if (numerator !== undefined && denominator !== undefined && denominator !== 0) {
      return { ok: true, value: numerator / denominator };
    }
  }
  return { ok: false, reason: 'invalid' };
}

export interface NumericTolerance {
  /** Absolute tolerance: |x − answer| ≤ tolerance. */
  tolerance: number;
  /** Optional relative tolerance: |x − answer| ≤ relativeTolerance · |answer|. Either test passing is enough. */
  relativeTolerance?: number;
}

export const defaultTolerance = 1e-3;

/** The largest accepted distance from the answer. */
export function allowedError(answer: number, { tolerance, relativeTolerance }: NumericTolerance): number {
  return Math.max(tolerance, (relativeTolerance ?? 0) * Math.abs(answer));
}

export function isWithinTolerance(value: number, answer: number, tolerance: NumericTolerance): boolean {
  // A small allowance for the floating-point error of the subtraction itself (0.3 vs 0.1 + 0.2).
  const slack = 1e-12 * Math.max(1, Math.abs(answer));
  return Math.abs(value - answer) <= allowedError(answer, tolerance) + slack;
}

/** Text answers (no choices, not a number): compare ignoring case, surrounding and repeated spaces. */
export function normaliseText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** "Exercise 1.2" from "ex-1-2", "ex1.2" or "exercise-3-10"; "n" from a single trailing number. */
export function exerciseNumberFromId(id: string): string | undefined {
  const pair = /(\d+)[-_.](\d+)$/.exec(id);
  if (pair) return `${Number(pair[1])}.${Number(pair[2])}`;
  const single = /(\d+)$/.exec(id);
  return single ? String(Number(single[1])) : undefined;
}
