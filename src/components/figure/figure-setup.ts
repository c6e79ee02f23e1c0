/**
 * The small API the Figure shell offers to pages that embed a figure for a purpose (assignments,
 * exercises checked on a figure's state). Kept apart from figure-element.ts so that the shell needs
 * only a few lines for it:
 *
 * - `FigureSetup`: given to a shell BEFORE it is connected (`element.setup = …`): the experiment to
 *   open with (it is also what "Restore defaults" returns to), the backend to train on, whether it
 *   waits for the reader to start it, a guard that may refuse a proposed experiment (locked
 *   settings), and a callback after the controls are drawn (to lock or hide some of them).
 * - `FigureState` (`element.figureState()`), and the `sp-figure-state` event the shell dispatches
 *   (bubbling) whenever its readout changes: the current experiment, step, backend and latest
 *   snapshot and step metrics.
 * - `element.loadExperiment(experiment)`: show these settings (e.g. a saved answer), reset to step 0.
 */
import type { AnyExperiment } from '../../engine/experiments/schema';
import type { BackendName, Snapshot, StepMetrics } from '../../engine/worker/protocol';

export interface FigureSetup {
  experiment: AnyExperiment;
  backend?: BackendName;
  /**
   * Train only when the reader presses Run or Step, not as soon as the figure is on screen: a
   * student reads the task (and may change the settings) before the first run.
   */
  waitForReader?: boolean;
  /** A sentence refusing the proposed experiment, or null to accept it. */
  guard?(next: AnyExperiment): string | null;
  /** Called after the shell (re)draws its settings controls. */
  controlsRendered?(shell: HTMLElement): void;
}

export interface FigureState {
  figureId: string;
  experiment: AnyExperiment;
  /** The step of `snapshot` (0 before training). */
  step: number;
  running: boolean;
  finished: boolean;
  backend: BackendName | null;
  snapshot: Snapshot | null;
  lastMetrics: StepMetrics | null;
}

export const figureStateEvent = 'sp-figure-state';

/** What a figure shell element offers (figure-element.ts implements it). */
export interface FigureShell extends HTMLElement {
  setup?: FigureSetup;
  figureState(): FigureState | null;
  loadExperiment(experiment: AnyExperiment): void;
}
