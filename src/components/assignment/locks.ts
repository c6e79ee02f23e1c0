/**
 * Locked and hidden controls of an assigned figure, as TensorFlow Playground's hide flags: a list of
 * control paths (the shell's `data-path` values, e.g. "seed" or "optimizers.generator.learningRate").
 * A locked control is shown, disabled, with a note; a hidden one is not shown. The figure's guard
 * refuses any proposed experiment that changes a fixed path (a control whose setter writes several
 * paths, "Lower the learning rates", …), so locks hold whatever the route.
 */
import { getAt } from '../widgets/controls';
import type { AnyExperiment } from '../../engine/experiments/schema';
import type { FigureSetup } from '../figure/figure-setup';

/** Whether a control (its data-path, paths separated by spaces) is named by an entry of the list. */
export function controlMatches(controlPaths: string, list: readonly string[]): boolean {
  const paths = controlPaths.split(' ');
  return list.some((entry) => entry === controlPaths || entry.split(' ').some((path) => paths.includes(path)));
}

export function applyLocks(shell: HTMLElement, lock: readonly string[], hide: readonly string[]): void {
  // A share link would replace the assignment in the address bar (and carry the settings without
  // the locks): an assigned figure is shared through the assignment's own link.
  const share = shell.querySelector<HTMLElement>('[data-testid="share"]');
  if (share) share.hidden = true;
  for (const control of shell.querySelectorAll<HTMLElement>('[data-path]')) {
    const paths = control.dataset.path ?? '';
    const hidden = controlMatches(paths, hide);
    const locked = !hidden && controlMatches(paths, lock);
    control.hidden = hidden;
    control.dataset.assignment = hidden ? 'hidden' : locked ? 'locked' : 'free';
    for (const input of control.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      input.disabled = hidden || locked;
    }
    let note = control.querySelector<HTMLElement>('.sp-lock-note');
    if (locked && !note) {
      note = document.createElement('p');
      note.className = 'sp-lock-note sp-control-hint';
      note.textContent = 'Set by your teacher.';
      control.append(note);
    } else if (!locked) note?.remove();
  }
}

/** The figure set-up of an assigned figure: its experiment, locks and the guard that keeps them. */
export function lockedSetup(experiment: AnyExperiment, lock: readonly string[], hide: readonly string[], backend?: 'cpu'): FigureSetup {
  const fixed = [...new Set([...lock, ...hide].flatMap((entry) => entry.split(' ')))];
  return {
    experiment,
    ...(backend ? { backend } : {}),
    guard: (next) => {
      const changed = fixed.filter((path) => JSON.stringify(getAt(next, path)) !== JSON.stringify(getAt(experiment, path)));
      return changed.length ? `${changed[0]} is set by your teacher in this assignment and cannot be changed` : null;
    },
    controlsRendered: (shell) => applyLocks(shell, lock, hide),
  };
}
