/**
 * The contract between the Figure shell and an explorer: a figure that trains nothing. Its whole
 * state is a small JSON object validated by the explorer's own zod schema; share links carry that
 * state (instead of an experiment), and the shell offers the same caption, controls, readout,
 * share link, export, error panel and defaults button as for a training figure, without the
 * run / pause / step / seed / backend parts.
 */
import type { z } from 'zod';

export interface ExplorerContext {
  figureId: string;
  title: string;
  /** Where the explorer draws its plot (and any table that belongs with it). */
  plot: HTMLElement;
  /** Where its controls go (always visible, below the plot). */
  controls: HTMLElement;
  /** The reader asked for reduced motion: no animation, only direct manipulation. */
  reducedMotion: boolean;
  /** On a narrow screen, the width (CSS px) to lay the plot out to; undefined: the design width (WidgetContext.width). */
  width?: number;
  /** Tell the shell the state changed (it refreshes the readout; `settled` when a drag ended). */
  changed(settled?: boolean): void;
}

export interface Explorer<State> {
  /** Validates a state read from a share link. */
  stateSchema: z.ZodType<State>;
  /** What "Restore defaults" returns to. */
  defaultState(): State;
  getState(): State;
  /** Show a (validated) state: redraw the plot and the controls. */
  setState(state: State): void;
  /** The plotted data as CSV with a header row. */
  csv(): string;
  /** The plot's root svg (exported as SVG and PNG). */
  svg(): SVGSVGElement;
  /** The key numbers in one or two plain sentences, for the live readout. */
  readout(): string;
  /** On screen and the tab visible (an animation pauses otherwise). */
  setVisible?(visible: boolean): void;
  /** The light/dark theme changed (for colours painted outside CSS). */
  themeChanged?(): void;
  dispose?(): void;
}

export type ExplorerFactory<State = unknown> = (context: ExplorerContext) => Explorer<State>;
