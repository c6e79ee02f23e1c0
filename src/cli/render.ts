/**
 * `npm run render [-- <id>…] [--stale]`: static renders of the figures into public/renders/ (see
 * src/render/renders.ts). Without ids, every figure and explorer; with --stale, only those whose
 * render is missing or out of date. Each training figure runs its experiment with its seed on the
 * CPU backend in Node and is drawn by its own widget code; prints one line per figure with the time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { figures } from '../engine/experiments/figures';
import { explorers } from '../components/widgets/catalogue';
import { renderFigure } from '../render/render-figure';
import { fingerprint, manifestPath, readManifest, rendersDirectory, type Manifest } from '../render/renders';
import { existsSync } from 'node:fs';

/** PNG renders are twice the svg's size, like the page's PNG export. */
const pngScale = 2;

export async function main(args: string[]): Promise<number> {
  const stale = args.includes('--stale');
  const named = args.filter((arg) => !arg.startsWith('--'));
  const unknown = named.filter((id) => !Object.hasOwn(figures, id) && !Object.hasOwn(explorers, id));
  if (unknown.length) {
    console.error(`render: unknown figure ${unknown.join(', ')}`);
    return 2;
  }
  const manifest: Manifest = readManifest();
  const all = [...Object.keys(figures), ...Object.keys(explorers)];
  const ids = (named.length ? named : all).filter((id) => !stale || isStale(id, manifest));
  mkdirSync(rendersDirectory, { recursive: true });
  const started = performance.now();
  const done = new Set<string>();
  for (const id of ids) {
    const t0 = performance.now();
    const render = await renderFigure(id, { backend: 'cpu' });
    const base = join(rendersDirectory, id);
    writeFileSync(`${base}.svg`, render.svg);
    writeFileSync(`${base}.csv`, render.plotCsv);
    await sharp(Buffer.from(render.svg), { density: 72 * pngScale }).png({ compressionLevel: 9 }).toFile(`${base}.png`);
    const spec = figures[id];
    manifest[id] = spec
      ? {
          id,
          kind: 'training',
          fingerprint: fingerprint(spec),
          seed: spec.experiment.seed,
          steps: spec.experiment.training.steps,
          backend: render.provenance.backend,
          width: render.width,
          height: render.height,
        }
      : { id, kind: 'explorer', backend: 'none', width: render.width, height: render.height };
    done.add(id);
    // Written after each figure, so an interrupted run keeps what it finished.
    writeManifest(manifest, done);
    console.log(`${id}\t${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Figures that left the registry lose their entry (their files stay until removed by hand).
  writeManifest(manifest, done, all);
  console.log(`rendered ${ids.length} figure(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

function isStale(id: string, manifest: Manifest): boolean {
  const entry = manifest[id];
  if (!entry || !existsSync(join(rendersDirectory, `${id}.svg`))) return true;
  const spec = figures[id];
  return spec ? entry.fingerprint !== fingerprint(spec) : false;
}

/**
 * Write the entries this run rendered into the manifest on disk, keeping the others: several
 * `npm run render -- <id>` may run side by side (one per core), each adding its own figures.
 */
function writeManifest(manifest: Manifest, rendered: ReadonlySet<string>, keepOnly?: readonly string[]): void {
  manifest = { ...readManifest(), ...Object.fromEntries([...rendered].map((id) => [id, manifest[id]])) };
  if (keepOnly) for (const id of Object.keys(manifest)) if (!keepOnly.includes(id)) delete manifest[id];
  const sorted = Object.fromEntries(Object.keys(manifest).sort().map((id) => [id, manifest[id]]));
  writeFileSync(manifestPath, `${JSON.stringify(sorted, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`render: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    },
  );
}
