import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explorers } from '../../src/components/widgets/catalogue';
import { figures, getFigure, getGanFigure } from '../../src/engine/experiments/figures';
import { playgroundPresets } from '../../src/engine/experiments/figures-ch9';
import { parseExperiment } from '../../src/engine/experiments/schema';

const chapterDirectory = new URL('../../src/content/docs/chapters/', import.meta.url);
/** Every `<Figure id="…">` in the chapters, in reading order. */
const figureIdsInChapters = readdirSync(chapterDirectory)
  .filter((name) => name.endsWith('.mdx'))
  .flatMap((name) => [...readFileSync(new URL(name, chapterDirectory), 'utf8').matchAll(/<Figure\s[^>]*\bid="([^"]+)"/g)].map((match) => match[1]));

describe('figure registry', () => {
  it('registers every figure the chapters show, and every registered figure is shown once', () => {
    const registered = [...Object.keys(figures), ...Object.keys(explorers)];
    expect(new Set(figureIdsInChapters).size).toBe(figureIdsInChapters.length);
    expect([...figureIdsInChapters].sort()).toEqual([...registered].sort());
  });

  it('every entry passes the schema unchanged, and its id matches its key', () => {
    for (const [key, spec] of Object.entries(figures)) {
      expect(spec.id).toBe(key);
      expect(spec.title.length).toBeGreaterThan(0);
      expect(parseExperiment(JSON.parse(JSON.stringify(spec.experiment)))).toEqual({ ok: true, experiment: spec.experiment });
    }
  });

  it('every playground preset passes the schema unchanged, and reading an entry twice gives the same experiment', () => {
    // Entries are validated when first read (lazy.ts): this is where a broken one would throw.
    for (const preset of playgroundPresets) {
      expect(parseExperiment(JSON.parse(JSON.stringify(preset.experiment))), preset.id).toEqual({ ok: true, experiment: preset.experiment });
      expect(preset.experiment, preset.id).toBe(preset.experiment);
    }
    expect(figures['ring-gan'].experiment).toBe(figures['ring-gan'].experiment);
  });

  it('asks 1-D figures for 1-D views and the ring figure for 2-D ones', () => {
    for (const id of ['gan-1d', 'optimal-discriminator', 'saturation']) {
      const spec = getGanFigure(id)!;
      expect(spec.experiment.data.kind).toBe('mixture-1d');
      expect(spec.snapshot.discriminatorGrid?.y).toBeUndefined();
    }
    const ring = getGanFigure('ring-gan')!;
    expect(ring.experiment.data).toEqual({ kind: 'ring', modes: 8, radius: 2, std: 0.02 });
    expect(ring.snapshot.discriminatorGrid?.y).toBeDefined();
    expect(ring.snapshot.modeCoverage).toBe(2500);
  });

  it('matches the settings the chapter describes', () => {
    expect(getGanFigure('gan-1d')!.experiment.generator).toMatchObject({ noiseDim: 1, noise: 'uniform' });
    expect(getGanFigure('optimal-discriminator')!.experiment.training.generatorSteps).toBe(0);
    expect(getGanFigure('optimal-discriminator')!.experiment.generator.kind).toBe('affine');
    expect(getGanFigure('saturation')!.experiment.objective.kind).toBe('minimax');
    expect(getGanFigure('ring-gan')!.experiment.training.batchSize).toBe(256);
    expect(getGanFigure('ring-gan')!.experiment.generator.hidden).toEqual([64, 64]);
    expect(getGanFigure('ring-gan')!.experiment.discriminator.hidden).toEqual([64, 64]);
  });

  it('getFigure finds entries and nothing else', () => {
    expect(getFigure('ring-gan')).toBe(figures['ring-gan']);
    expect(getFigure('nope')).toBeUndefined();
    expect(getFigure('toString')).toBeUndefined();
  });
});
