/** `import bytes from './x.wat?wasm-bytes'`: the module's binary, compiled at build time (src/plugins/vite-wasm-bytes.ts). */
declare module '*.wat?wasm-bytes' {
  const bytes: Uint8Array;
  export default bytes;
}
