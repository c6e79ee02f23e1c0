/**
 * Which widget draws which figure. A new figure of an existing kind (say, a 2-D GAN on the grid of
 * 25 Gaussians) adds one line here; a new kind adds a module next to this one.
 * Explorers (figures that train nothing, listed in catalogue.ts) have their own table below.
 */
import { createFganGaussianFit } from './fgan-gaussian-fit';
import { createFganMixture2d } from './fgan-mixture-2d';
import { createGan1d } from './gan-1d';
import { createOptimalDiscriminator } from './optimal-discriminator';
import { createRingGan } from './ring-gan';
import { createSaturation } from './saturation';
import { createVariationalBound } from './variational-bound';
import { createParallelLines } from './parallel-lines';
import { createSaturatedVsCritic } from './saturated-vs-critic';
import { createValueSurfaces } from './value-surfaces';
import { createGradientsThroughDepth } from './gradients-through-depth';
import { createWganGpRing } from './wgan-gp-ring';
import type { Widget, WidgetContext, WidgetFactory } from './types';
import type { AnyExperiment } from '../../engine/experiments/schema';
import { createConjugateExplorer } from './conjugate-explorer';
import { createDivergenceExplorer } from './divergence-explorer';
import { createSlidingApart } from './sliding-apart';
import { createTransportExplorer } from './transport-explorer';
import { createPowerIteration } from './power-iteration';
import type { Explorer, ExplorerContext, ExplorerFactory } from './explorer-types';

/** Widget kinds, by the figure id that introduced them. */
export const widgetKinds = {
  'gan-1d': createGan1d,
  'optimal-discriminator': createOptimalDiscriminator,
  'ring-gan': createRingGan,
  saturation: createSaturation,
  'variational-bound': createVariationalBound,
  'fgan-gaussian-fit': createFganGaussianFit,
  'fgan-mixture-2d': createFganMixture2d,
  'parallel-lines': createParallelLines,
  'saturated-vs-critic': createSaturatedVsCritic,
  'value-surfaces': createValueSurfaces,
  'gradients-through-depth': createGradientsThroughDepth,
  'wgan-gp-ring': createWganGpRing,
} satisfies Record<string, WidgetFactory<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each widget names its own kind

/** Figure id → the kind that draws it. */
export const figureWidgets: Record<string, keyof typeof widgetKinds> = {
  'gan-1d': 'gan-1d',
  'optimal-discriminator': 'optimal-discriminator',
  'ring-gan': 'ring-gan',
  saturation: 'saturation',
  'variational-bound': 'variational-bound',
  'fgan-gaussian-fit': 'fgan-gaussian-fit',
  'fgan-mixture-2d': 'fgan-mixture-2d',
  'parallel-lines': 'parallel-lines',
  'saturated-vs-critic': 'saturated-vs-critic',
  'value-surfaces': 'value-surfaces',
  'gradients-through-depth': 'gradients-through-depth',
  'wgan-gp-ring': 'wgan-gp-ring',
};

/** The widget for a figure, or undefined if none is registered. */
export function createWidget(figureId: string, context: WidgetContext): Widget<AnyExperiment> | undefined {
  const kind = Object.hasOwn(figureWidgets, figureId) ? figureWidgets[figureId] : undefined;
  // Each widget draws its own figures' kind; the registry pairs them, so the cast is safe.
  return kind ? (widgetKinds[kind](context) as unknown as Widget<AnyExperiment>) : undefined;
}

/**
 * Explorer id → its widget (ids and titles: catalogue.ts). Stored as Explorer<unknown>: the shell
 * only ever hands an explorer a state that the explorer's own schema accepted.
 */
export const explorerWidgets: Record<string, ExplorerFactory<unknown>> = {
  'divergence-explorer': createDivergenceExplorer,
  'sliding-apart': createSlidingApart,
  'conjugate-explorer': createConjugateExplorer,
  'transport-explorer': createTransportExplorer,
  'power-iteration': createPowerIteration,
};

/** The explorer for a figure, or undefined if none is registered. */
export function createExplorer(figureId: string, context: ExplorerContext): Explorer<unknown> | undefined {
  const factory = Object.hasOwn(explorerWidgets, figureId) ? explorerWidgets[figureId] : undefined;
  return factory?.(context);
}

export type { Widget, WidgetContext, WidgetFactory } from './types';
export type { Explorer, ExplorerContext, ExplorerFactory } from './explorer-types';
