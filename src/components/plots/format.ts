/** Number formatting for tick labels, readouts and CSV. */

/** A short human-readable number: 3 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  // Plain decimals read best (also aloud); e-notation only for the very large or very small.
  if (magnitude >= 1e6 || magnitude < 1e-6) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

/** A percentage with whole-number precision (e.g. 0.734 → "73%"). */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${Math.round(fraction * 100)}%`;
}

/** Powers of ten as 10⁻³, 10⁰, 10²: tick labels for log axes. */
export function formatPowerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(Math.log10(value) - exponent) > 1e-9) return '';
  const superscripts: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  return `10${String(exponent).replace(/./g, (character) => superscripts[character] ?? character)}`;
}

/** One CSV field: numbers at full float32 precision, text quoted when needed. */
export function csvField(value: number | string): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV document from a header and rows. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<number | string>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** Step counts on a chart's axis: 1500 → "1.5k". */
export function compactStep(value: number): string {
  return value >= 1000 ? `${Number((value / 1000).toFixed(1))}k` : String(value);
}
