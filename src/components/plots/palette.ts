/**
 * The figures' colours: the Okabe–Ito palette (distinguishable with the common colour-vision
 * deficiencies), defined once as CSS custom properties in figure.css with light and dark variants.
 * Marks take a class name; canvas painting (heat maps) reads the same properties at draw time.
 * Every series also differs by shape or dash, so colour is never the only cue.
 */

/** Class names for the series roles; figure.css gives each its colour, dash and symbol style. */
export const series = {
  /** Real data: p_data, real samples (filled circles). */
  real: 'sp-real',
  /** The generator: p_g, generated samples (crosses), its moves (arrows). */
  generated: 'sp-generated',
  /** The discriminator D(x). */
  discriminator: 'sp-discriminator',
  /** A reference curve such as the optimal discriminator D*. */
  reference: 'sp-reference',
  /** The z → G(z) mapping lines. */
  mapping: 'sp-mapping',
  /** A second quantity on the same chart (e.g. the generator loss). */
  secondary: 'sp-secondary',
} as const;

/** CSS custom property names, for code that paints pixels itself. */
export const colorProperty = {
  real: '--sp-color-real',
  generated: '--sp-color-generated',
  discriminator: '--sp-color-discriminator',
  reference: '--sp-color-reference',
  secondary: '--sp-color-secondary',
  /** A colourless tint (heat maps' "low" side). */
  neutral: '--sp-color-neutral',
} as const;

/** Fallbacks (light theme) when a property cannot be read, e.g. before the stylesheet loads. */
const fallback: Record<keyof typeof colorProperty, string> = {
  real: '#009e73',
  generated: '#d55e00',
  discriminator: '#0072b2',
  reference: '#444444',
  secondary: '#cc79a7',
  neutral: '#777777',
};

/** The current value of a palette colour as seen from `element` (follows the light/dark theme). */
export function paletteColor(element: Element, role: keyof typeof colorProperty): string {
  const value = getComputedStyle(element).getPropertyValue(colorProperty[role]).trim();
  return value || fallback[role];
}
