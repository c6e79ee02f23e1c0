/**
 * Reproducers (issue 13): `--out` files, bit-for-bit reruns, the gallery's entries and the static
 * renders in public/renders/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figures } from '../../src/engine/experiments/figures';
import { explorers } from '../../src/components/widgets/catalogue';
import { readChapters } from '../../src/teaching/catalogue';
import { galleryEntries } from '../../src/render/gallery';
import { fingerprint, readManifest, rendersDirectory } from '../../src/render/renders';
import { encodePng } from '../../src/render/dom-shim';
import { pngWithComment } from '../../src/components/figure/export';
import { provenance, provenanceLine } from '../../src/engine/provenance';
import { chapterSources } from './chapter-sources';

const root = join(import.meta.dirname, '..', '..');

function reproduce(out: string, ...extra: string[]) {
  const result = spawnSync('npx', ['tsx', 'src/cli/experiment.ts', '--figure', 'saturation', '--steps', '20', '--backend', 'cpu', '--out', out, ...extra], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result;
}

describe('npm run experiment -- --out', () => {
  it('writes the CSV of every trace, the experiment with its provenance, and the SVG; a rerun gives byte-identical CSV and SVG', () => {
    const first = mkdtempSync(join(tmpdir(), 'saddle-out-'));
    const second = mkdtempSync(join(tmpdir(), 'saddle-out-'));
    const printed = reproduce(first).stdout.trim().split('\n');
    reproduce(second);
    const names = ['saturation.csv', 'saturation.json', 'saturation.svg'];
    expect(printed).toEqual(names.map((name) => join(first, name)));

    const csv = readFileSync(join(first, 'saturation.csv'), 'utf8');
    expect(readFileSync(join(second, 'saturation.csv'), 'utf8')).toBe(csv);
    expect(readFileSync(join(second, 'saturation.svg'), 'utf8')).toBe(readFileSync(join(first, 'saturation.svg'), 'utf8'));

    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(`# ${provenanceLine(provenance({ backend: 'cpu', figure: 'saturation', seed: 1, step: 20 }))}`);
    const header = lines[1].split(',');
    expect(header.slice(0, 4)).toEqual(['run', 'step', 'discriminatorLoss', 'generatorLoss']);
    // The saturation figure trains two runs (minimax and non-saturating): 20 steps each.
    const rows = lines.slice(2).map((line) => line.split(','));
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set(['minimax', 'non-saturating']));
    expect(rows.filter((row) => row[0] === 'minimax').map((row) => Number(row[1]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Reports (every 10 steps here) fill the mode-coverage columns on their steps only.
    const captured = header.indexOf('modeCoverage.modesCaptured');
    expect(captured).toBeGreaterThan(0);
    expect(rows.filter((row) => row[captured] !== '').map((row) => row[1])).toEqual(['10', '20', '10', '20']);

    const json = JSON.parse(readFileSync(join(first, 'saturation.json'), 'utf8'));
    expect(json).toMatchObject({ kind: 'gan', seed: 1, training: { steps: 20 } });
    expect(json.provenance).toMatchObject({ book: expect.any(String), engine: expect.any(String), tfjs: '4.22.0', backend: 'cpu', figure: 'saturation', seed: 1, step: 20 });
    expect(Number.isNaN(Date.parse(json.provenance.date))).toBe(false);

    const svg = readFileSync(join(first, 'saturation.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*\?>\n<!-- Saddle Point .*backend cpu, figure saturation, seed 1, step 20 -->\n<svg /);
    expect(svg).toContain('class="sp-line sp-generated"');
  }, 300_000);

  it('with --backend wasm-fused both runs train on the fast path the figure takes in a browser, and the files say so', () => {
    const out = mkdtempSync(join(tmpdir(), 'saddle-out-'));
    const result = reproduce(out, '--backend', 'wasm-fused');
    expect(result.stderr).not.toMatch(/experiment:/);
    const json = JSON.parse(readFileSync(join(out, 'saturation.json'), 'utf8'));
    expect(json.provenance).toMatchObject({ backend: 'wasm-fused', figure: 'saturation', step: 20 });
    expect(readFileSync(join(out, 'saturation.csv'), 'utf8').split('\n')[0]).toBe(`# ${provenanceLine(provenance({ backend: 'wasm-fused', figure: 'saturation', seed: 1, step: 20 }))}`);
  });

  it('reads its own JSON back with --config (the provenance field is ignored)', () => {
    const out = mkdtempSync(join(tmpdir(), 'saddle-out-'));
    reproduce(out);
    const result = spawnSync('npx', ['tsx', 'src/cli/experiment.ts', '--config', join(out, 'saturation.json'), '--steps', '2', '--backend', 'cpu'], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!).summary).toMatchObject({ steps: 2, seed: 1, backend: 'cpu' });
  }, 120_000);
});

describe('the Reproductions gallery', () => {
  const chapters = readChapters(chapterSources());
  const manifest = readManifest();
  const entries = galleryEntries(chapters, manifest);

  it('lists every paper figure placed in a chapter, with every field filled and its reference render on disk', () => {
    const placed = new Set(chapters.flatMap((chapter) => chapter.figures.map((figure) => figure.id)));
    const expected = Object.values(figures).filter((spec) => spec.paper && placed.has(spec.id)).map((spec) => spec.id);
    expect(entries.map((entry) => entry.id).sort()).toEqual(expected.sort());
    expect(entries.map((entry) => entry.id)).toEqual(expect.arrayContaining(['gan-1d', 'fgan-gaussian-fit']));
    for (const entry of entries) {
      for (const text of [entry.title, entry.paper.authors, entry.paper.title, entry.paper.figure, entry.paper.shows, entry.paperSettings, entry.ourSettings, entry.command]) {
        expect(text.trim().length, `${entry.id}: an empty field`).toBeGreaterThan(0);
      }
      expect(entry.paper.year).toBeGreaterThan(1900);
      expect(entry.paper.url, `${entry.id}: the paper has no link`).toMatch(/^https:\/\//);
      expect(entry.differences.length, `${entry.id}: no differences listed`).toBeGreaterThan(0);
      expect(entry.figureNumber).toMatch(/^\d+\.\d+$/);
      expect(entry.liveHref).toBe(`${entry.chapter.path}#fig-${entry.id}`);
      expect(entry.command).toBe(`npm run experiment -- --figure ${entry.id} --out reproductions`);
      expect(entry.render, `${entry.id} has no reference render: run npm run render -- --stale`).toBeDefined();
      for (const file of [entry.render!.svg, entry.render!.png, entry.render!.csv]) {
        expect(existsSync(join(root, 'public', file)), `${file} is missing`).toBe(true);
      }
    }
    const goodfellow = entries.find((entry) => entry.id === 'gan-1d')!;
    expect(goodfellow).toMatchObject({ figureNumber: '1.1', paper: { arxiv: '1406.2661', year: 2014, figure: 'Figure 1' } });
    expect(entries.find((entry) => entry.id === 'fgan-gaussian-fit')).toMatchObject({ figureNumber: '4.1', paper: { arxiv: '1606.00709' } });
  });
});

describe('static renders (public/renders/)', () => {
  const manifest = readManifest();

  it('exist for every figure and explorer and match the current experiments (else: npm run render -- --stale)', () => {
    const stale: string[] = [];
    for (const id of [...Object.keys(figures), ...Object.keys(explorers)]) {
      const entry = manifest[id];
      const files = ['svg', 'png', 'csv'].map((extension) => join(rendersDirectory, `${id}.${extension}`));
      if (!entry || files.some((file) => !existsSync(file))) stale.push(`${id} (missing)`);
      else if (figures[id] && entry.fingerprint !== fingerprint(figures[id])) stale.push(`${id} (experiment or snapshot changed)`);
    }
    expect(stale, `stale renders: ${stale.join(', ')}; run npm run render -- --stale`).toEqual([]);
  });

  it('re-rendering a training figure and two explorers gives the committed files byte for byte', async () => {
    const { renderFigure } = await import('../../src/render/render-figure');
    for (const id of ['saturation', 'power-iteration', 'divergence-explorer']) {
      const render = await renderFigure(id, { backend: 'cpu' });
      expect(render.svg, `${id}.svg differs from a fresh render: run npm run render -- ${id}`).toBe(readFileSync(join(rendersDirectory, `${id}.svg`), 'utf8'));
      expect(render.plotCsv).toBe(readFileSync(join(rendersDirectory, `${id}.csv`), 'utf8'));
    }
  }, 300_000);
});

describe('provenance in exported PNGs', () => {
  it('adds a tEXt chunk with a valid CRC right after the header', async () => {
    const png = encodePng(2, 1, new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]));
    const text = 'Saddle Point 0.1.0, backend wasm';
    const bytes = new Uint8Array(await (await pngWithComment(new Blob([png]), text)).arrayBuffer());
    expect(bytes.length).toBe(png.length + 12 + 'Comment'.length + 1 + text.length);
    const view = new DataView(bytes.buffer);
    const chunks: string[] = [];
    for (let offset = 8; offset < bytes.length; ) {
      const length = view.getUint32(offset);
      const type = new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8));
      chunks.push(type);
      if (type === 'tEXt') expect(new TextDecoder().decode(bytes.subarray(offset + 8, offset + 8 + length))).toBe(`Comment\0${text}`);
      const { crc32 } = await import('../../src/teaching/zip');
      expect(view.getUint32(offset + 8 + length)).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
      offset += 12 + length;
    }
    expect(chunks).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
  });
});
