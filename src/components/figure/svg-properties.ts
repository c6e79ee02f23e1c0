/**
 * The presentation properties a standalone SVG carries inline (enough for lines, areas, symbols,
 * text and images): the page's export copies them from computed styles, the static renders from
 * the stylesheet's rules.
 */
export const inlinedSvgProperties = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
  'image-rendering',
] as const;
