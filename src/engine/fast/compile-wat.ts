/**
 * WebAssembly text → binary with wabt, a devDependency that never reaches readers: the site's build
 * calls this from a Vite plugin (src/plugins/vite-wasm-bytes.ts, `import bytes from './x.wat?wasm-bytes'`),
 * and the command line, the bench and the unit tests (Node) call it when the fast path first starts.
 * wabt is imported by a name in a variable so that no bundler follows it into the site.
 */
interface WabtModule {
  validate(): void;
  toBinary(options: object): { buffer: Uint8Array };
  destroy(): void;
}
/** What wabt's default export resolves to (only what is used here). */
export interface Wabt {
  parseWat(filename: string, text: string, features: Record<string, boolean>): WabtModule;
}

let wabt: Promise<Wabt> | null = null;

/** The binary of a module written in WebAssembly text (with SIMD). Throws with wabt's message on a syntax or type error. */
export async function compileWat(text: string, filename: string): Promise<Uint8Array> {
  wabt ??= (async () => {
    const name = 'wabt';
    const loaded = (await import(/* @vite-ignore */ name)) as { default: () => Promise<Wabt> };
    return loaded.default();
  })();
  return compileWatWith(await wabt, text, filename);
}

/** The same with a wabt the caller loaded (the Vite plugin imports it statically: it runs in Node only). */
export function compileWatWith(wabt: Wabt, text: string, filename: string): Uint8Array {
  const module = wabt.parseWat(filename, text, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
