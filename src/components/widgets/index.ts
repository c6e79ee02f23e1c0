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
import { createSingularValueSpectra } from './singular-value-spectra';
import { createSnganRing } from './sngan-ring';
import { createSnganRobustness } from './sngan-robustness';
import { createVariationalBound } from './variational-bound';
import { createEnergyLandscape } from './energy-landscape';
import { createOptimalEnergy1d } from './optimal-energy-1d';
import { createPullAway } from './pull-away';
import { createEbganGridSearch } from './ebgan-grid-search';
import { createDiracGan } from './dirac-gan';
import { createTturSaddle } from './ttur-saddle';
import { createPlayground } from './playground';
import { createMiGaussians } from './mi-gaussians';
import { createMineBoundClimb } from './mine-bound-climb';
import { createMiNonlinear } from './mi-nonlinear';
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
  'singular-value-spectra': createSingularValueSpectra,
  'sngan-ring': createSnganRing,
  'sngan-robustness': createSnganRobustness,
  'energy-landscape': createEnergyLandscape,
  'optimal-energy-1d': createOptimalEnergy1d,
  'pull-away': createPullAway,
  'ebgan-grid-search': createEbganGridSearch,
  'dirac-gan': createDiracGan,
  'ttur-saddle': createTturSaddle,
  playground: createPlayground,
  'mi-gaussians': createMiGaussians,
  'mine-bound-climb': createMineBoundClimb,
  'mi-nonlinear': createMiNonlinear,
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
  'singular-value-spectra': 'singular-value-spectra',
  'sngan-ring': 'sngan-ring',
  'sngan-robustness': 'sngan-robustness',
  'energy-landscape': 'energy-landscape',
  'optimal-energy-1d': 'optimal-energy-1d',
  'pull-away': 'pull-away',
  'ebgan-grid-search': 'ebgan-grid-search',
  'dirac-gan': 'dirac-gan',
  'ttur-saddle': 'ttur-saddle',
  playground: 'playground',
  'mi-gaussians': 'mi-gaussians',
  'mine-bound-climb': 'mine-bound-climb',
  'mi-nonlinear': 'mi-nonlinear',
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
