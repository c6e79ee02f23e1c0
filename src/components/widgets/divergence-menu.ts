/**
 * The divergence choices that the Chapter 2–4 figures offer, straight from the engine's registry
 * (so a new registry entry appears in every menu), plus the α family (with its own α input) and,
 * where it makes sense, W₁. Also: how a divergence's value is written, including +∞.
 */
import { z } from '../../engine/zod';
import { divergenceList, getDivergence } from '../../engine/divergences/registry';
import { formatNumber } from '../plots';
import { numberControl, type ControlHandle } from './explorer-controls';

/** What a menu stores: a fixed registry id, 'alpha' (with a separate α) or 'w1'. */
export type DivergenceChoice = string;

/** The α of the α family must avoid 0 and 1 (the KL limits) and stay where the formulas are tame. */
export const alphaSchema = z
  .number({ error: 'must be a number' })
  .min(-5, { error: 'must be between −5 and 5' })
  .max(5, { error: 'must be between −5 and 5' })
  .refine((alpha) => alpha !== 0 && alpha !== 1, { error: 'must not be 0 or 1 (those are the KL limits)' });

/** The α input beside a menu: it passes on only an α that alphaSchema accepts (0 and 1 are not). */
export function alphaControl(value: number, onChange: (alpha: number) => void): ControlHandle<number> {
  return numberControl({
    label: 'α (for the α-divergence)',
    name: 'alpha',
    min: -5,
    max: 5,
    step: 0.1,
    value,
    hint: 'Any number but 0 and 1.',
    onChange: (alpha) => {
      if (alpha !== 0 && alpha !== 1) onChange(alpha);
    },
  });
}

export function menuOptions(options: { w1: boolean }): Array<{ value: string; label: string }> {
  const entries = divergenceList.map((divergence) => ({ value: divergence.id, label: divergence.name }));
  entries.push({ value: 'alpha', label: 'α-divergence (set α)' });
  if (options.w1) entries.push({ value: 'w1', label: 'Wasserstein-1 W₁ (not an f-divergence)' });
  return entries;
}

/** A zod schema for a menu choice. */
export function choiceSchema(options: { w1: boolean }) {
  const values = menuOptions(options).map((entry) => entry.value) as [string, ...string[]];
  return z.enum(values, { error: `must be one of: ${values.join(', ')}` });
}

/** The engine id for a choice: 'alpha' becomes `alpha:<α>`. */
export function resolveChoice(choice: DivergenceChoice, alpha: number): string {
  return choice === 'alpha' ? `alpha:${alpha}` : choice;
}

/** A short name for a resolved id: the registry's name, "W₁" for w1. */
export function divergenceName(id: string): string {
  if (id === 'w1') return 'Wasserstein-1 W₁';
  return getDivergence(id).name;
}

/** A compact symbol for readouts and labels: "KL(P‖Q)", "JS", "W₁", "D_α (α = 0.5)". */
export function divergenceSymbol(id: string): string {
  const symbols: Record<string, string> = {
    kl: 'KL(P‖Q)',
    'reverse-kl': 'KL(Q‖P)',
    pearson: 'Pearson χ²',
    neyman: 'Neyman χ²',
    hellinger: 'H²',
    js: 'JS',
    gan: 'D_GAN',
    tv: 'TV',
    jeffrey: 'Jeffrey',
    w1: 'W₁',
  };
  if (symbols[id]) return symbols[id];
  const alpha = /^alpha:(.+)$/.exec(id);
  return alpha ? `D_α (α = ${alpha[1]})` : id;
}

export interface FormattedValue {
  /** What is shown: a number, or ∞. */
  text: string;
  /** What a screen reader says. */
  label: string;
}

/** A divergence value for display: 5 significant digits, "∞" for +∞ (read as "infinite"), never NaN. */
export function formatValue(value: number, digits = 5): FormattedValue {
  if (value === Infinity) return { text: '∞', label: 'infinite' };
  if (value === -Infinity) return { text: '−∞', label: 'minus infinity' };
  if (!Number.isFinite(value)) return { text: '—', label: 'not available' };
  const text = formatNumber(value, digits).replace('-', '−');
  return { text, label: text.replace('−', 'minus ') };
}

/** Plain text of a value for readouts ("infinite" for +∞). */
export function valueWords(value: number, digits = 4): string {
  if (value === Infinity) return 'infinite';
  return formatValue(value, digits).text;
}
