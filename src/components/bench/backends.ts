/**
 * Which backends this browser can run, probed without starting TensorFlow.js: the bench page marks
 * them before the reader chooses, without loading the measuring code (bench.ts).
 */
import { webGpuAdapterKind } from '../../engine/webgpu-adapter';
import type { BackendName } from '../../engine/worker/protocol';

export interface BackendAvailability {
  backend: BackendName;
  available: boolean;
  /** Why not, or a caveat (WebGPU on a software adapter). */
  note?: string;
}

const fallbackNote = 'software fallback adapter (e.g. SwiftShader), not a GPU';

export async function availableBackends(): Promise<BackendAvailability[]> {
  const result: BackendAvailability[] = [];
  const gpu = await webGpuAdapterKind().catch(() => 'none' as const);
  if (gpu === 'unsupported' || gpu === 'none') result.push({ backend: 'webgpu', available: false, note: gpu === 'none' ? 'no WebGPU adapter' : 'no WebGPU in this browser' });
  else result.push({ backend: 'webgpu', available: true, ...(gpu === 'fallback' ? { note: fallbackNote } : {}) });
  result.push({ backend: 'wasm', available: typeof WebAssembly === 'object', ...(typeof WebAssembly === 'object' ? {} : { note: 'no WebAssembly' }) });
  const webgl = await webGlInWorker().catch(() => webGlHere());
  result.push({ backend: 'webgl', available: webgl, ...(webgl ? {} : { note: 'no WebGL context' }) });
  result.push({ backend: 'cpu', available: true });
  return result;
}

function webGlInWorker(): Promise<boolean> {
  if (typeof OffscreenCanvas === 'undefined') return Promise.reject(new Error('no OffscreenCanvas'));
  const worker = new Worker(new URL('./webgl-probe.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<boolean>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<boolean>) => resolve(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error('the WebGL probe failed'));
    };
  }).finally(() => worker.terminate());
}

function webGlHere(): boolean {
  const canvas = document.createElement('canvas');
  return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
}

