/**
 * What WebGPU this page or worker offers, probed without starting TensorFlow.js: the backend's
 * start-up, the bench page and a figure's offer to train on the GPU all ask the same question.
 */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean };
}
interface NavigatorWithGpu {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

/** 'unsupported': no navigator.gpu; 'none': no adapter; 'fallback': a software adapter such as SwiftShader. */
export type WebGpuAdapterKind = 'unsupported' | 'none' | 'fallback' | 'hardware';

/** Rejects if the browser's requestAdapter does. */
export async function webGpuAdapterKind(): Promise<WebGpuAdapterKind> {
  const gpu = (globalThis.navigator as NavigatorWithGpu | undefined)?.gpu;
  if (!gpu) return 'unsupported';
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'none';
  // Chrome ≥ 121 reports it in adapter.info; older versions on the adapter itself.
  return (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false) ? 'fallback' : 'hardware';
}
