/**
 * Prints a figure's plotted data (its "Export CSV", provenance line included) as the command line
 * trains and draws it in Node, for the browser test that compares a reader's run with it:
 *   npx tsx tests/browser/support/plot-csv-in-node.ts <figure id> <steps> <cpu|wasm|wasm-fused>
 */
import { initBackend } from '../../../src/engine/backend';
import { getFigure } from '../../../src/engine/experiments/figures';
import { renderFigure } from '../../../src/render/render-figure';

const [id, stepsText, backend] = process.argv.slice(2);
const spec = getFigure(id);
if (!spec || spec.experiment.kind !== 'gan') throw new Error(`not a GAN figure: ${id}`);
await initBackend(backend === 'wasm-fused' ? 'wasm' : (backend as 'cpu' | 'wasm'));
const experiment = { ...spec.experiment, training: { ...spec.experiment.training, steps: Number(stepsText) } };
const render = await renderFigure(id, { experiment, backendStarted: true, fused: backend === 'wasm-fused' });
process.stdout.write(render.plotCsv);
