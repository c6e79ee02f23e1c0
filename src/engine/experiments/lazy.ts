/**
 * Registry entries whose experiment is validated when first read. Validating one (zod, every default
 * filled in) is cheap, but the registry holds about forty and every page with a figure imports it, so
 * parsing them all at import ran in the figures' first task on every chapter: under Lighthouse's 4×
 * slowdown, the schema code's share of Chapter 2's load fell from 670–740 ms to 390–470 ms once a page
 * parsed only what it reads. An invalid entry still throws, on its first read (the unit tests read
 * every entry).
 */
import type { SnapshotRequest } from '../types';
import type { FigureSpec, PaperFigure } from './figures';
import { anyExperimentOrThrow, experimentOrThrow, type Experiment, type ExperimentInput } from './schema';

/** A function that computes `make()` once, on its first call. */
export function once<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}

/** `fields` with an `experiment` property computed by `make` on first read (enumerable, like a plain field). */
export function withLazyExperiment<T extends { experiment: unknown }>(fields: Omit<T, 'experiment'>, make: () => T['experiment']): T {
  return Object.defineProperty(fields, 'experiment', { enumerable: true, get: once(make) }) as T;
}

/** A GAN figure (most of the book's figures); `accepts` as in FigureSpec. */
export function ganFigure(id: string, title: string, input: ExperimentInput, snapshot: SnapshotRequest, paper?: PaperFigure, accepts?: FigureSpec['accepts']): FigureSpec<Experiment> {
  return withLazyExperiment<FigureSpec<Experiment>>({ id, title, snapshot, ...(paper ? { paper } : {}), ...(accepts ? { accepts } : {}) }, () => experimentOrThrow(input));
}

/** A figure of any experiment kind (MINE estimators, games, images): the input names its `kind`. */
export function anyFigure(id: string, title: string, input: unknown, snapshot: SnapshotRequest, paper?: PaperFigure): FigureSpec {
  return withLazyExperiment<FigureSpec>({ id, title, snapshot, ...(paper ? { paper } : {}) }, () => anyExperimentOrThrow(input));
}
