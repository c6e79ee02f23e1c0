/**
 * The static renders in public/renders/: one SVG, PNG and CSV per figure (training figures after
 * all their steps with their seed on the CPU backend; explorers at their default state), and
 * manifest.json, which records for each training figure the fingerprint of what was rendered.
 *
 * They are committed, not built: rendering every figure takes minutes on the CPU backend, too long
 * for every `npm run build`. A unit test (tests/unit/renders.test.ts) keeps them current: it fails,
 * naming `npm run render -- --stale`, when a figure has no render or its experiment or snapshot
 * request changed since it was rendered, and it re-renders a cheap figure and two explorers and
 * compares them byte for byte with the committed files (so a change of the plot code shows up too).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FigureSpec } from '../engine/experiments/figures';
import { engineVersion } from '../engine/provenance';

/** Relative to the project root, where npm scripts, Astro and the tests run (a bundled copy has no stable own path). */
export const rendersDirectory = join(process.cwd(), 'public', 'renders');
export const manifestPath = join(rendersDirectory, 'manifest.json');

export interface ManifestEntry {
  id: string;
  kind: 'training' | 'explorer';
  /** For training figures: hash of the experiment, the snapshot request and the engine version. */
  fingerprint?: string;
  seed?: number;
  steps?: number;
  backend: string;
  width: number;
  height: number;
}

export type Manifest = Record<string, ManifestEntry>;

/** What a training figure's render depends on, besides the plot code. */
export function fingerprint(spec: FigureSpec): string {
  const text = JSON.stringify({ experiment: spec.experiment, snapshot: spec.snapshot, engine: engineVersion });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function readManifest(): Manifest {
  return existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : {};
}

let cached: Manifest | undefined;

/** The manifest, read once per process (the site's build asks for it once per figure). */
export function cachedManifest(): Manifest {
  cached ??= readManifest();
  return cached;
}

/** The files of one figure's render, relative to the site root. */
export function renderFiles(id: string): { svg: string; png: string; csv: string } {
  return { svg: `/renders/${id}.svg`, png: `/renders/${id}.png`, csv: `/renders/${id}.csv` };
}
