/**
 * The command line's --backend option: parsing, and the one-line note when WASM cannot start.
 * (tests/unit/cli.test.ts runs the command itself on both backends.)
 */
import { describe, expect, it } from 'vitest';
import { defaultCliBackend, parseBackendOption, startCliBackend } from '../../src/cli/backend-option';

const fail = (message: string): never => {
  throw new Error(message);
};

describe('--backend', () => {
  it('takes wasm or cpu; WASM is the default', () => {
    expect(defaultCliBackend).toBe('wasm');
    expect(parseBackendOption('wasm', fail)).toBe('wasm');
    expect(parseBackendOption('cpu', fail)).toBe('cpu');
    expect(() => parseBackendOption('webgpu', fail)).toThrow('--backend must be one of: wasm, cpu; got "webgpu"');
  });

  it('says nothing when the chosen backend starts', async () => {
    const notes: string[] = [];
    const report = await startCliBackend('wasm', {
      init: async () => ({ name: 'wasm', reason: 'Using WASM (SIMD, single thread), as requested.' }),
      note: (line) => notes.push(line),
    });
    expect(report.name).toBe('wasm');
    expect(notes).toEqual([]);
  });

  it('falls back to the CPU backend with a one-line note when WASM cannot start', async () => {
    const notes: string[] = [];
    const report = await startCliBackend('wasm', {
      init: async () => ({ name: 'cpu', reason: 'Using the CPU backend; WASM (SIMD, single thread) failed (no\nWebAssembly).' }),
      note: (line) => notes.push(line),
    });
    expect(report.name).toBe('cpu');
    expect(notes).toHaveLength(1);
    expect(notes[0]).not.toContain('\n');
    expect(notes[0]).toMatch(/^experiment: note: WASM could not start, training on the CPU backend instead \(.*failed \(no WebAssembly\)/);
  });
});
