/**
 * `import bytes from './kernels.wat?wasm-bytes'`: a WebAssembly module written as text, compiled to
 * its binary at build time with wabt (a devDependency: readers download only the binary, inlined in
 * the importing chunk as base64, a few kilobytes). Used by the engine's fast path (src/engine/fast);
 * registered for pages and for workers in astro.config.mjs.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import wabtInit from 'wabt';
import { compileWatWith } from '../engine/fast/compile-wat';

const QUERY = '?wasm-bytes';

/** The JavaScript module that exports the binary as a Uint8Array. */
export function bytesModule(binary: Uint8Array): string {
  const base64 = Buffer.from(binary).toString('base64');
  return [
    `const text = atob(${JSON.stringify(base64)});`,
    'const bytes = new Uint8Array(text.length);',
    'for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);',
    'export default bytes;',
  ].join('\n');
}

export default function wasmBytes(): Plugin {
  return {
    name: 'saddle-point:wasm-bytes',
    enforce: 'pre',
    async load(id) {
      if (!id.endsWith(QUERY)) return null;
      const file = id.slice(0, -QUERY.length);
      this.addWatchFile(file);
      return bytesModule(compileWatWith(await wabtInit(), await readFile(file, 'utf8'), file));
    },
  };
}
