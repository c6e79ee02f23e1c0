/**
 * The command line's `--backend cpu|wasm` option and its start-up: training runs on WASM by default
 * (several times faster than the CPU backend in Node), and falls back to the CPU backend with a
 * one-line note on stderr when WASM cannot start.
 *
 * TensorFlow.js is loaded only when a backend is started, so --help, --list and bad input answer
 * without it.
 */
import type { BackendReport } from '../engine/types';

export const cliBackends = ['wasm', 'cpu'] as const;
export type CliBackend = (typeof cliBackends)[number];
export const defaultCliBackend: CliBackend = 'wasm';

/** Usage lines for the option (the command's help text includes them). */
export const backendUsage = `--backend cpu|wasm                 train on WASM (the default) or the CPU backend; if WASM cannot
                                     start, training falls back to CPU with a note on stderr`;

/** The value of --backend, or `fail` (which throws the caller's usage error) for anything else. */
export function parseBackendOption(value: string, fail: (message: string) => never): CliBackend {
  const name = cliBackends.find((backend) => backend === value);
  return name ?? fail(`--backend must be one of: ${cliBackends.join(', ')}; got "${value}"`);
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
  if (report.name !== choice) {
    const reason = report.reason.replace(/\s+/g, ' ').trim();
    note(`experiment: note: ${choice === 'wasm' ? 'WASM' : choice} could not start, training on ${report.name === 'cpu' ? 'the CPU backend' : report.name} instead (${reason})`);
  }
  return report;
}
