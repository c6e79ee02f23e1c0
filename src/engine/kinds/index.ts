/**
 * The registry of experiment kinds. The command line, the worker host and the tests create every
 * session here; a new kind is a folder under kinds/ (schema, session, tests) and one line below.
 */
import type { AnyExperiment, ExperimentKind } from '../experiments/schema';
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
