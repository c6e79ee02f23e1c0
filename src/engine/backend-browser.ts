/**
 * Browser-only backend start-up, loaded by backend.ts through a dynamic import so that Node never
 * sees the `?url` imports (the bundler turns them into the URLs of the emitted `.wasm` files).
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
// tfjs-core ships its gradient functions separately; the bundler resolves these ESM files.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { tf } from './tf';
import type { BackendName } from './types';
import { webGpuAdapterKind } from './webgpu-adapter';

/** Start one backend in a page or worker. Returns null on success, else a phrase saying why not. */
export async function startBrowserBackend(name: BackendName, options: { requireHardwareAdapter: boolean }): Promise<string | null> {
  const problem = await start(name, options);
  return problem ?? selfTest();
}

/**
 * The trainer reads its numbers back synchronously. WebGPU does that through a canvas, which
 * returns zeros in some set-ups (headless Chromium with SwiftShader); a GPU may also lack float32
 * precision. A 2 × 2 product computed on the backend and read back catches both.
 */
function selfTest(): string | null {
  const product = tf.tidy(() => Array.from(tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1, -1], [2, 0.5]])).dataSync()));
  const expected = [5, 0, 11, -1];
  const correct = product.every((value, i) => Math.abs(value - expected[i]) < 1e-4);
  return correct ? null : `started but failed a self-test (a 2 × 2 product read back as [${product.join(', ')}])`;
}

async function start(name: BackendName, { requireHardwareAdapter }: { requireHardwareAdapter: boolean }): Promise<string | null> {
  switch (name) {
    case 'webgpu': {
      const kind = await webGpuAdapterKind();
      if (kind === 'unsupported') return 'skipped: this browser does not offer WebGPU';
      if (kind === 'none') return 'skipped: no WebGPU adapter';
      if (kind === 'fallback' && requireHardwareAdapter) return 'skipped: the WebGPU adapter is a software fallback (slower than WASM)';
      await import('@tensorflow/tfjs-backend-webgpu');
      return (await tf.setBackend('webgpu')) ? null : 'failed to start';
    }
    case 'wasm': {
      // Disabled by policy or a flag (for example --js-flags=--noexpose_wasm): say so, load nothing.
      if (typeof WebAssembly !== 'object') return 'skipped: WebAssembly is disabled in this browser';
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // The threaded build crashes after minification (a tf.js issue) and gains nothing on few cores.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlainUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
      });
      return (await tf.setBackend('wasm')) ? null : 'failed to start';
    }
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return (await tf.setBackend('webgl')) ? null : 'failed to start (no WebGL context)';
    case 'cpu':
      return (await tf.setBackend('cpu')) ? null : 'failed to start';
    case 'wasm-fused':
      // Not a TensorFlow.js backend: initBackend starts WASM for it.
      return 'is not a TensorFlow.js backend';
  }
}
