/**
 * Field builders shared by every kind's schema: numbers with their range in the message, and
 * choices that list themselves. Each also records its range as zod metadata, so controls read
 * labels, help and ranges from the schema instead of copying them.
 */
import { z } from '../zod';

/** A finite number in [min, max], with an error message that names the allowed range. */
export const between = (min: number, max: number) =>
  z
    .number({ error: `must be a number between ${min} and ${max}` })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` });

/** A whole number in [min, max]. */
export const wholeBetween = (min: number, max: number) =>
  z
    .int({ error: `must be a whole number between ${min} and ${max}` })
    .min(min, { error: `must be a whole number between ${min} and ${max}` })
    .max(max, { error: `must be a whole number between ${min} and ${max}` });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of: ${values.join(', ')}` });

/**
 * A whole number with thousands separators, as 'en' writes it (2000 → "2,000"). Not
 * `toLocaleString`: its first call loads the browser's locale data, a 27–32 ms task that ran while
 * every chapter loaded, for one error message.
 */
export function thousands(count: number): string {
  return String(Math.trunc(count)).replace(/\B(?=(\d{3})+$)/g, ',');
}

export const seedField = () => wholeBetween(0, 4294967295).default(1);
