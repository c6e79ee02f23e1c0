/**
 * Which widget draws which figure. A new figure of an existing kind (say, a 2-D GAN on the grid of
 * 25 Gaussians) adds one line here; a new kind adds a module next to this one.
 */
import { createGan1d } from './gan-1d';
import { createOptimalDiscriminator } from './optimal-discriminator';
import { createRingGan } from './ring-gan';
import { createSaturation } from './saturation';
import type { Widget, WidgetContext, WidgetFactory } from './types';

/** Widget kinds, by the figure id that introduced them. */
export const widgetKinds = {
  'gan-1d': createGan1d,
  'optimal-discriminator': createOptimalDiscriminator,
  'ring-gan': createRingGan,
  saturation: createSaturation,
} satisfies Record<string, WidgetFactory>;

/** Figure id → the kind that draws it. */
export const figureWidgets: Record<string, keyof typeof widgetKinds> = {
  'gan-1d': 'gan-1d',
  'optimal-discriminator': 'optimal-discriminator',
  'ring-gan': 'ring-gan',
  saturation: 'saturation',
};

/** The widget for a figure, or undefined if none is registered. */
export function createWidget(figureId: string, context: WidgetContext): Widget | undefined {
  const kind = Object.hasOwn(figureWidgets, figureId) ? figureWidgets[figureId] : undefined;
  return kind ? widgetKinds[kind](context) : undefined;
}

export type { Widget, WidgetContext, WidgetFactory } from './types';
