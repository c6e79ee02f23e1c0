/**
 * Picks the TensorFlow.js backend and says why, in one sentence the page can show.
 *
 * Browser order: a `preferred` backend first (bench, tests, a reader's choice such as `?backend=webgpu`),
 * then WASM (SIMD, single thread), then WebGPU only if the adapter is real hardware (a software
 * fallback adapter such as SwiftShader is the slowest of all), WebGL, and CPU. WASM comes before
 * WebGPU because the book's networks are small: a training iteration is a few hundred tiny kernels,
 * and on WebGPU each costs a dispatch. Measured on an H200 (npm run bench, WebGPU through Dawn in
 * Node, docs/performance-log.md, "WebGPU"), the widget workload trained at 54 iterations/s on WebGPU
 * against 161 on WASM and 608 on WASM's fused fast path on the same machine; WebGPU only drew level
 * with the fast path at about 0.45 GFLOP per iteration (128-wide layers, batch 1024), beyond every
 * figure's defaults. Every backend that was skipped or failed is named with its reason.
 *
 * In Node: CPU, or WASM when asked for, or WebGPU when asked for and the host has put a WebGPU
 * implementation on `navigator.gpu` (the bench does, with Dawn's bindings).
 *
 * Whenever WASM starts (Node, worker or page), its transposed matrix products are rerouted through
 * its fast untransposed kernel (see wasm-matmul.ts): training on WASM is about twice as fast.
 *
 * The browser-only code (WebGPU probing, `.wasm` URLs resolved by the bundler) lives in
 * `backend-browser.ts` behind a dynamic import, so Node never loads it.
 */
import { registerComparisonGradients, tf } from './tf';
import { routeTransposedProductsOnWasm } from './wasm-matmul';
import type { BackendName, BackendReport } from './types';

/** How each backend is named in the reason sentence (WASM's says whether SIMD is on). */
const LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  wasm: 'WASM (SIMD, single thread)',
  'wasm-fused': 'the fused WASM SIMD fast path',
  webgl: 'WebGL',
  cpu: 'the CPU backend',
};

const BROWSER_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];

/** True under Node (vitest, the command line, the bench's Node rows); false in a page or worker. */
export function isNode(): boolean {
  const runtime = globalThis as { process?: { versions?: { node?: string } } };
  return typeof runtime.process?.versions?.node === 'string';
}

/**
 * Set up a backend. Resolves with the backend that runs and the reason; never rejects. 'wasm-fused'
 * is not a TensorFlow.js backend: asking for it starts WASM, and the training host then trains each
 * experiment the fast path accepts on it (kinds/index.ts, createSessionOn).
 */
export async function initBackend(requested?: BackendName): Promise<BackendReport> {
  const preferred = requested === 'wasm-fused' ? 'wasm' : requested;
  if (isNode()) {
    const { registerGradientsInNode } = await import('./backend-node');
    await registerGradientsInNode();
  }
  registerComparisonGradients();
  const failures: string[] = [];
  const order = isNode() ? nodeOrder(preferred) : [...new Set([...(preferred ? [preferred] : []), ...BROWSER_ORDER])];
  if (isNode()) {
    // Silences tf.js's console advice to install tfjs-node (it cannot be installed here).
    tf.env().set('PROD', true);
    if (preferred && !order.includes(preferred)) failures.push(`${LABELS[preferred]} is not available in Node`);
  }
  for (const name of order) {
    const problem = await tryBackend(name, { strict: name !== preferred });
    if (problem === null) {
      // WASM's own transposed products are slow (a scalar loop): route them through its fast path.
      if (name === 'wasm') routeTransposedProductsOnWasm();
      const simd = name !== 'wasm' || Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const label = simd ? LABELS[name] : 'WASM (without SIMD, single thread)';
      return { name, reason: describe(label, name === preferred, failures) };
    }
    failures.push(`${LABELS[name]} ${problem}`);
  }
  // CPU is registered by ./tf and cannot fail to start; this is a guard, not an expected path.
  await tf.setBackend('cpu');
  return { name: 'cpu', reason: describe(LABELS.cpu, false, failures) };
}

function nodeOrder(preferred?: BackendName): BackendName[] {
  return preferred === 'wasm' || preferred === 'webgpu' ? [preferred, 'cpu'] : ['cpu'];
}

/**
 * Try to start one backend. Returns null on success, else why not (a phrase such as
 * "skipped: the adapter is a software fallback"). `strict`: only accept a real WebGPU adapter.
 */
async function tryBackend(name: BackendName, { strict }: { strict: boolean }): Promise<string | null> {
  try {
    if (!isNode()) {
      // Importing backend-browser also registers the gradient functions (whichever backend runs).
      const browser = await import('./backend-browser');
      return await browser.startBrowserBackend(name, { requireHardwareAdapter: strict });
    }
    if (name === 'cpu') return (await tf.setBackend('cpu')) ? null : 'failed to start';
    if (name === 'webgpu') {
      if (!(globalThis.navigator as { gpu?: unknown } | undefined)?.gpu) return 'needs a WebGPU implementation on navigator.gpu in Node';
      await import('@tensorflow/tfjs-backend-webgpu');
      return (await tf.setBackend('webgpu')) ? null : 'failed to start';
    }
    if (name !== 'wasm') return 'is not available in Node';
    await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return (await tf.setBackend('wasm')) ? null : 'failed to start';
  } catch (error) {
    return `failed (${error instanceof Error ? error.message : String(error)})`;
  }
}

function describe(label: string, requested: boolean, failures: string[]): string {
  const why = requested ? ', as requested' : isNode() && failures.length === 0 ? ' (Node)' : '';
  return `Using ${label}${why}${failures.length ? `; ${failures.join('; ')}` : ''}.`;
}
