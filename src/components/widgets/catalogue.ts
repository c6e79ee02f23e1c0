/**
 * The explorers: figures that train nothing and therefore have no entry in the engine's figure
 * registry. Figure.astro reads this list at build time (it must not load the widgets' DOM code),
 * so it only holds what the page's markup needs: the title and the keyboard help.
 * The widgets themselves are registered in index.ts.
 */

export interface ExplorerInfo {
  id: string;
  title: string;
  /** One or two sentences for screen readers: how to operate the figure from the keyboard. */
  keyboard: string;
}

const handles =
  'Keyboard: Tab moves between the handles and controls; on a handle the arrow keys move it (with Shift, in larger steps), Home and End jump to its ends.';

export const explorers: Record<string, ExplorerInfo> = {
  'divergence-explorer': {
    id: 'divergence-explorer',
    title: 'Divergence explorer: two distributions and every divergence between them',
    keyboard: handles,
  },
  'sliding-apart': {
    id: 'sliding-apart',
    title: 'Two distributions sliding apart: JS, TV, KL and W₁ against the shift',
    keyboard: `${handles} Play animates the shift.`,
  },
  'conjugate-explorer': {
    id: 'conjugate-explorer',
    title: 'Convex conjugate explorer: supporting lines of f and the conjugate f*',
    keyboard: handles,
  },
  'transport-explorer': {
    id: 'transport-explorer',
    title: 'Transport explorer: the monotone map between two 1-D distributions, their CDFs and W₁',
    keyboard: handles,
  },
  'power-iteration': {
    id: 'power-iteration',
    title: 'Power iteration explorer: a 2 × 2 matrix, its ellipse, and the estimate of its largest singular value',
    keyboard:
      'Keyboard: Tab moves between the two column handles and the controls; on a handle, Left and Right change the first entry of that column, Up and Down the second (with Shift, in larger steps).',
  },
};

/** The explorer with this id, or undefined. */
export function getExplorerInfo(id: string): ExplorerInfo | undefined {
  return Object.hasOwn(explorers, id) ? explorers[id] : undefined;
}
