/**
 * The command line's `--backend` option and its start-up: training runs on WASM by default (several
 * times faster than the CPU backend in Node), and falls back to the CPU backend with a one-line note
 * on stderr when WASM cannot start. `npm run experiment` also takes `wasm-fused`, the fast path the
 * book's figures train on in a reader's browser (same experiment, same numbers); the grids and
 * sweeps train through TensorFlow.js only.
 *
 * TensorFlow.js is loaded only when a backend is started, so --help, --list and bad input answer
 * without it.
 */
import type { BackendReport } from '../engine/types';

export const cliBackends = ['wasm', 'cpu'] as const;
/** What `npm run experiment --figure …` takes. */
export const experimentBackends = ['wasm', 'wasm-fused', 'cpu'] as const;
export type CliBackend = (typeof experimentBackends)[number];
export const defaultCliBackend: CliBackend = 'wasm';

/** Usage lines for the option (the command's help text includes them). */
export const backendUsage = `--backend cpu|wasm                 train on WASM (the default) or the CPU backend; if WASM cannot
                                     start, training falls back to CPU with a note on stderr`;
export const experimentBackendUsage = `--backend cpu|wasm|wasm-fused      train on WASM (the default), the CPU backend, or the fused fast
                                     path the figures take in a browser with WASM (GANs it accepts;
                                     others train on WASM, with a note on stderr saying why); if WASM
                                     cannot start, training falls back to CPU with a note on stderr`;

/** The value of --backend, or `fail` (which throws the caller's usage error) for anything not `allowed`. */
export function parseBackendOption(value: string, fail: (message: string) => never, allowed: readonly CliBackend[] = cliBackends): CliBackend {
  const name = allowed.find((backend) => backend === value);
  return name ?? fail(`--backend must be one of: ${allowed.join(', ')}; got "${value}"`);
}

export interface StartOptions {
  /** The engine's initBackend (tests pass a stand-in). */
  init?: (preferred: CliBackend) => Promise<BackendReport>;
  /** Where the fallback note goes (default: stderr). */
  note?: (line: string) => void;
}

/** Start the chosen backend; if another one started instead, say so in one line. */
export async function startCliBackend(choice: CliBackend, options: StartOptions = {}): Promise<BackendReport> {
  const init = options.init ?? (async (preferred: CliBackend) => (await import('../engine/backend')).initBackend(preferred));
  const note = options.note ?? ((line: string) => process.stderr.write(`${line}\n`));
  const report = await init(choice);
  // The fast path runs on the WASM backend: its own start is the session's (see fusedNote).
  if (report.name !== (choice === 'wasm-fused' ? 'wasm' : choice)) {
    const reason = report.reason.replace(/\s+/g, ' ').trim();
    note(`experiment: note: ${choice === 'cpu' ? choice : 'WASM'} could not start, training on ${report.name === 'cpu' ? 'the CPU backend' : report.name} instead (${reason})`);
  }
  return report;
}

/**
 * The note for a `wasm-fused` run that trains elsewhere (the fast path does not take the experiment,
 * or WASM did not start), from what createSessionOn returned; null when there is nothing to say.
 */
export function fusedNote({ backend, declined }: { backend: BackendReport; declined?: string }): string | null {
  if (declined === undefined) return null;
  return `experiment: note: not on the fused fast path (${declined}); training on ${backend.name === 'cpu' ? 'the CPU backend' : backend.name}`;
}
