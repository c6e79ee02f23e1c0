/**
 * The registry of experiment kinds. The command line, the worker host and the tests create every
 * session here; a new kind is a folder under kinds/ (schema, session, tests) and one line below.
 */
import type { AnyExperiment, ExperimentKind } from '../experiments/schema';
import { fastPathAccepts } from '../fast/driver';
import type { BackendName, BackendReport } from '../types';
import { createGameSession } from './game/session';
import { Trainer } from './gan/trainer';
import { createImagesSession } from './images/session';
import { createMineSession } from './mine/session';
import type { Session } from './session';

export { TrainingDivergedError, type Session } from './session';

type SessionFactory<K extends ExperimentKind> = (experiment: Extract<AnyExperiment, { kind: K }>) => Session;

const kinds: { [K in ExperimentKind]: SessionFactory<K> } = {
  gan: (experiment) => Trainer.create(experiment),
  mine: createMineSession,
  game: createGameSession,
  images: createImagesSession,
};

/** A session for a validated experiment of any kind. Call after initBackend(). */
export function createSession(experiment: AnyExperiment): Session {
  return (kinds[experiment.kind] as SessionFactory<typeof experiment.kind>)(experiment as never);
}

/**
 * A session on the backend that TensorFlow.js started (`report`), for a run that asked for
 * `requested` (undefined: the default choice). On WASM, a GAN the fast path accepts trains on it
 * ('wasm-fused', the fused WebAssembly SIMD kernels of src/engine/fast) unless the run asked for
 * plain WASM; every other run, and a fast path that cannot start (no SIMD), trains as before, and
 * the report says why. Returns the session, the backend it really trains on and, when the fast path
 * was asked for or failed to start, why it does not train there (`declined`, one clause).
 */
export async function createSessionOn(
  experiment: AnyExperiment,
  report: BackendReport,
  requested?: BackendName,
): Promise<{ session: Session; backend: BackendReport; declined?: string }> {
  const considered = report.name === 'wasm' && (requested === undefined || requested === 'wasm-fused');
  const accepted = fastPathAccepts(experiment);
  if (considered && accepted === true && experiment.kind === 'gan') {
    try {
      const session = await Trainer.createFused(experiment);
      const why = 'Using the fused WASM SIMD fast path: this GAN’s small dense networks train in hand-written WebAssembly kernels, and TensorFlow.js on WASM computes what the figure draws.';
      return { session, backend: { name: 'wasm-fused', reason: `${why} ${report.reason}` } };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        session: createSession(experiment),
        backend: { ...report, reason: `${report.reason} The fused fast path could not start (${why}).` },
        declined: `it could not start: ${why}`,
      };
    }
  }
  if (requested !== 'wasm-fused') return { session: createSession(experiment), backend: report };
  const declined = report.name !== 'wasm' ? 'it needs WASM' : String(accepted);
  return { session: createSession(experiment), backend: { ...report, reason: `${report.reason} Not the fused fast path: ${declined}.` }, declined };
}
