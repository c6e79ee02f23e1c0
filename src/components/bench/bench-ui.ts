/**
 * The bench page's controls: choose backends and contexts, run, and show the rows as a table.
 * All measuring is in bench.ts, loaded when a run starts (it brings TensorFlow.js and the engine,
 * which the page does not need to show its form); this file only reads the form and writes the DOM.
 */
import type { BenchRow } from '../../../bench/measure';
import type { BackendName } from '../../engine/worker/protocol';
import { availableBackends } from './backends';
import type { BenchOptions, PageContext } from './bench';

const loadBench = () => import('./bench');

/** What `npm run bench` calls through Playwright; progress goes to the console. */
window.saddleBench = {
  run: async (options?: BenchOptions) => (await loadBench()).runBench(options, (text) => console.info(`[bench] ${text}`)),
  availableBackends,
};

const root = document.querySelector<HTMLElement>('[data-bench]');
if (root) void setUp(root);

async function setUp(root: HTMLElement): Promise<void> {
  const form = root.querySelector<HTMLFormElement>('form')!;
  const button = root.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const status = root.querySelector<HTMLElement>('[data-bench-status]')!;
  const results = root.querySelector<HTMLElement>('[data-bench-results]')!;

  // Mark what this browser cannot run before the reader chooses.
  for (const info of await availableBackends()) {
    const box = form.querySelector<HTMLInputElement>(`input[name="backend"][value="${info.backend}"]`);
    const note = form.querySelector<HTMLElement>(`[data-backend-note="${info.backend}"]`);
    if (!box || !note) continue;
    if (!info.available) {
      box.checked = false;
      box.disabled = true;
    }
    // WebGPU starts unticked: on a software adapter it is the slowest backend. Tick it for a real GPU.
    if (info.backend === 'webgpu' && info.available && !info.note) box.checked = true;
    note.textContent = info.note ? `: ${info.note}` : '';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const checked = (name: string) =>
      [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((box) => box.value);
    const backends = checked('backend') as BackendName[];
    const contexts = checked('context') as PageContext[];
    const quick = form.querySelector<HTMLInputElement>('input[name="quick"]')!.checked;
    if (backends.length === 0 || contexts.length === 0) {
      status.textContent = 'Choose at least one backend and one place to train.';
      return;
    }
    button.disabled = true;
    results.replaceChildren();
    try {
      const { runBench } = await loadBench();
      const { rows, skipped } = await runBench({ backends, contexts, quick }, (text) => (status.textContent = `Measuring ${text}`));
      results.replaceChildren(renderTable(rows));
      const skippedText = skipped.map((s) => `${s.backend} (${s.context}): ${s.reason}`).join('; ');
      status.textContent = `Done: ${rows.length} measurements.${skippedText ? ` Skipped ${skippedText}.` : ''}`;
    } catch (error) {
      status.textContent = `The benchmark stopped: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
    }
  });
}

const contextLabels: Record<BenchRow['context'], string> = { worker: 'worker', main: 'main thread', node: 'Node' };

function renderTable(rows: BenchRow[]): HTMLTableElement {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const title of ['Workload', 'Backend', 'Runs in', 'Iterations/s', 'GFLOP/s', 'Peak GFLOP/s', 'Share of peak', 'Kernels per iteration', 'Longest task']) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = title;
    head.append(cell);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const line = body.insertRow();
    const cells = [
      row.workload,
      row.note ? `${row.backend} (software)` : row.backend,
      contextLabels[row.context],
      row.stepsPerSecond.toFixed(1),
      row.gflops.toFixed(3),
      row.peakGflops.toFixed(2),
      `${((100 * row.gflops) / row.peakGflops).toFixed(1)} %`,
      Number.isFinite(row.kernelsPerIteration) ? String(Math.round(row.kernelsPerIteration * 10) / 10) : 'n/a',
      row.longestTaskMs === null ? 'n/a' : row.longestTaskMs === 0 ? 'under 50 ms' : `${Math.round(row.longestTaskMs)} ms`,
    ];
    for (const text of cells) line.insertCell().textContent = text;
  }
  return table;
}
