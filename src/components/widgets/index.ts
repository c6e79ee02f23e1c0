/**
 * Which widget draws which figure, loaded lazily: a page downloads the code of its own figures only
 * (each `import()` is its own chunk). A new figure adds one line here, pointing at its module.
 * Explorers (figures that train nothing, listed in catalogue.ts) have their own table below.
 */
import { nextTask } from '../../engine/next-task';
import type { AnyExperiment } from '../../engine/experiments/schema';
import type { Explorer, ExplorerContext, ExplorerFactory } from './explorer-types';
import type { Widget, WidgetContext, WidgetFactory } from './types';

// Each widget draws its own figures' kind; the table pairs them, so the loose factory type is safe.
type AnyWidgetFactory = WidgetFactory<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Figure id → a loader of the factory of its widget. */
export const widgetLoaders: Record<string, () => Promise<AnyWidgetFactory>> = {
  'gan-1d': () => import('./gan-1d').then((module) => module.createGan1d),
  'optimal-discriminator': () => import('./optimal-discriminator').then((module) => module.createOptimalDiscriminator),
  'ring-gan': () => import('./ring-gan').then((module) => module.createRingGan),
  saturation: () => import('./saturation').then((module) => module.createSaturation),
  'variational-bound': () => import('./variational-bound').then((module) => module.createVariationalBound),
  'fgan-gaussian-fit': () => import('./fgan-gaussian-fit').then((module) => module.createFganGaussianFit),
  'fgan-mixture-2d': () => import('./fgan-mixture-2d').then((module) => module.createFganMixture2d),
  'singular-value-spectra': () => import('./singular-value-spectra').then((module) => module.createSingularValueSpectra),
  'sngan-ring': () => import('./sngan-ring').then((module) => module.createSnganRing),
  'sngan-robustness': () => import('./sngan-robustness').then((module) => module.createSnganRobustness),
  'energy-landscape': () => import('./energy-landscape').then((module) => module.createEnergyLandscape),
  'optimal-energy-1d': () => import('./optimal-energy-1d').then((module) => module.createOptimalEnergy1d),
  'pull-away': () => import('./pull-away').then((module) => module.createPullAway),
  'ebgan-grid-search': () => import('./ebgan-grid-search').then((module) => module.createEbganGridSearch),
  'dirac-gan': () => import('./dirac-gan').then((module) => module.createDiracGan),
  'ttur-saddle': () => import('./ttur-saddle').then((module) => module.createTturSaddle),
  playground: () => import('./playground').then((module) => module.createPlayground),
  'msg-toy': () => import('./msg-toy').then((module) => module.createMsgToy),
  'parallel-lines': () => import('./parallel-lines').then((module) => module.createParallelLines),
  'saturated-vs-critic': () => import('./saturated-vs-critic').then((module) => module.createSaturatedVsCritic),
  'value-surfaces': () => import('./value-surfaces').then((module) => module.createValueSurfaces),
  'gradients-through-depth': () => import('./gradients-through-depth').then((module) => module.createGradientsThroughDepth),
  'wgan-gp-ring': () => import('./wgan-gp-ring').then((module) => module.createWganGpRing),
  'mine-bound-climb': () => import('./mine-bound-climb').then((module) => module.createMineBoundClimb),
  'mi-gaussians': () => import('./mi-gaussians').then((module) => module.createMiGaussians),
  'mi-nonlinear': () => import('./mi-nonlinear').then((module) => module.createMiNonlinear),
  'mine-gan': () => import('./mine-gan').then((module) => module.createMineGan),
};

/** The widget for a figure (its module loaded on demand), or undefined if none is registered. */
export async function loadWidget(figureId: string, context: WidgetContext): Promise<Widget<AnyExperiment> | undefined> {
  const load = Object.hasOwn(widgetLoaders, figureId) ? widgetLoaders[figureId] : undefined;
  if (!load) return undefined;
  const create = await load();
  // Built in a task after the one that evaluated its module: together they were one task of 21–45 ms
  // of CPU on a phone (unthrottled), the longest of an assignment page's load.
  await nextTask();
  return create(context) as unknown as Widget<AnyExperiment>;
}

/**
 * Explorer id → a loader of its widget (ids and titles: catalogue.ts). Stored as Explorer<unknown>:
 * the shell only ever hands an explorer a state that the explorer's own schema accepted.
 */
export const explorerLoaders: Record<string, () => Promise<ExplorerFactory<unknown>>> = {
  'divergence-explorer': () => import('./divergence-explorer').then((module) => module.createDivergenceExplorer),
  'sliding-apart': () => import('./sliding-apart').then((module) => module.createSlidingApart),
  'conjugate-explorer': () => import('./conjugate-explorer').then((module) => module.createConjugateExplorer),
  'transport-explorer': () => import('./transport-explorer').then((module) => module.createTransportExplorer),
  'power-iteration': () => import('./power-iteration').then((module) => module.createPowerIteration),
};

/** The explorer for a figure (its module loaded on demand), or undefined if none is registered. */
export async function loadExplorer(figureId: string, context: ExplorerContext): Promise<Explorer<unknown> | undefined> {
  const load = Object.hasOwn(explorerLoaders, figureId) ? explorerLoaders[figureId] : undefined;
  return load ? (await load())(context) : undefined;
}

export type { Widget, WidgetContext, WidgetFactory } from './types';
export type { Explorer, ExplorerContext, ExplorerFactory } from './explorer-types';
