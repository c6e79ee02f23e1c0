/**
 * The contract between the Figure shell and a widget. The shell owns training (one TrainingClient
 * per run), the buttons, share links, export and accessibility; a widget owns its plot, its
 * settings controls and the words of its readout.
 */
import type { FigureSpec } from '../../engine/experiments/figures';
import type { AnyExperiment, Experiment } from '../../engine/experiments/schema';
import type { Snapshot, SnapshotRequest, StepMetrics } from '../../engine/worker/protocol';

/** One training run the figure needs (most figures need one; a comparison needs two). */
export interface RunSpec<E extends AnyExperiment = Experiment> {
  key: string;
  /** Shown to readers, e.g. "minimax". */
  label: string;
  experiment: E;
}

/** What the shell hands a widget to draw, per run. */
export interface RunView<E extends AnyExperiment = Experiment> {
  key: string;
  label: string;
  experiment: E;
  /** Null until the worker's first 'ready'. */
  snapshot: Snapshot | null;
  /** Every iteration's metrics since the last (re)start, in order. */
  metrics: readonly StepMetrics[];
  step: number;
}

export interface WidgetContext {
  figureId: string;
  spec: FigureSpec;
  /** The element the widget draws into (the shell's plot area). */
  plot: HTMLElement;
  /** What to say in the plot before the first snapshot (depends on reduced motion). */
  idleNote: string;
  /**
   * On a narrow screen, the width (CSS px) to lay the plot out to, so that its text keeps its size
   * (plots/layout.ts); undefined: the design width, 640 (wide screens, renders, export).
   */
  width?: number;
}

/** Given to `controls`: where to put them and how to propose a new experiment. */
export interface ControlsHost<E extends AnyExperiment = Experiment> {
  panel: HTMLElement;
  /** The experiment currently shown. */
  experiment: E;
  /**
   * Propose a changed experiment (any shape: the shell validates it with parseExperiment). If it is
   * invalid, the shell shows each message next to the control whose `data-path` prefixes the field.
   */
  change(next: unknown): void;
}

/** A widget draws figures of one experiment kind: E (a GAN unless it says otherwise). */
export interface Widget<E extends AnyExperiment = Experiment> {
  /**
   * Milliseconds between redraws while running (the worker computes a snapshot for each). Heavier
   * snapshots want a longer frame so that training, not drawing, gets most of the time. Default 50.
   */
  frameMs?: number;
  /** The runs to train for this experiment. Default: one run of the experiment itself. */
  runs?(experiment: E): RunSpec<E>[];
  /** What to ask the worker to compute for drawing. Default: the figure registry's request. */
  snapshotRequest?(experiment: E): SnapshotRequest;
  /** Build the settings controls (called again, on an emptied panel, whenever the experiment changes). */
  controls?(host: ControlsHost<E>): void;
  /**
   * The one or two controls the figure is about (e.g. which divergence), shown in view above the
   * plot rather than under "Settings". Rebuilt like `controls`.
   */
  quickControls?(host: ControlsHost<E>): void;
  /** Draw the current state. Called at most once per animation frame. Must skip non-finite values. */
  draw(runs: readonly RunView<E>[]): void;
  /** The plotted data as CSV with a header row. */
  csv(): string;
  /** The plot's root svg (exported as SVG and PNG). */
  svg(): SVGSVGElement;
  /** The key numbers in one or two plain sentences, for the live readout. */
  readout(): string;
  dispose?(): void;
}

export type WidgetFactory<E extends AnyExperiment = Experiment> = (context: WidgetContext) => Widget<E>;
