/**
 * The fast path's WebAssembly module (mlp.wat), compiled once per thread. In the site the binary was
 * made at build time (the `?wasm-bytes` import, see src/plugins/vite-wasm-bytes.ts); in Node (tests,
 * bench, command line) the text is compiled with wabt when first needed.
 */
import { isNode } from '../backend';

let compiled: Promise<WebAssembly.Module> | null = null;

export function fastModule(): Promise<WebAssembly.Module> {
  compiled ??= (isNode() ? binaryInNode() : import('./mlp.wat?wasm-bytes').then((module) => module.default)).then((bytes) =>
    WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>),
  );
  return compiled;
}

interface NodeProcess {
  getBuiltinModule(name: string): unknown;
}

async function binaryInNode(): Promise<Uint8Array> {
  const nodeProcess = (globalThis as unknown as { process: NodeProcess }).process;
  const fs = nodeProcess.getBuiltinModule('node:fs') as { readFileSync(path: URL, encoding: 'utf8'): string };
  const { compileWat } = await import('./compile-wat');
  // A name in a variable: the site's bundler would otherwise copy the text into the build as an asset.
  const file = 'mlp.wat';
  return compileWat(fs.readFileSync(new URL(file, import.meta.url), 'utf8'), file);
}
