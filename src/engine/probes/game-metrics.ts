/**
 * Summaries of a game run's per-step metrics (kinds/game): how soon a noisy run reaches the
 * equilibrium and how close it stays. Used by Chapter 9's TTUR figure and the tests of its claims.
 * A noisy trajectory crosses any threshold by chance, so both look at averages, not single steps.
 */

/** The first step at which the mean distance from (0, 0) over the previous `window` steps is below `threshold`; null if none. */
export function arrivalStep(radii: ArrayLike<number>, threshold = 0.1, window = 100): number | null {
  let sum = 0;
  for (let i = 0; i < radii.length; i++) {
    sum += radii[i];
    if (i >= window) sum -= radii[i - window];
    if (i >= window - 1 && sum / window < threshold) return i + 1;
  }
  return null;
}

/** The mean distance from (0, 0) over the last `window` steps (all of them when fewer). */
export function recentDistance(radii: ArrayLike<number>, window = 500): number {
  const from = Math.max(0, radii.length - window);
  let sum = 0;
  for (let i = from; i < radii.length; i++) sum += radii[i];
  return radii.length > from ? sum / (radii.length - from) : Number.NaN;
}
