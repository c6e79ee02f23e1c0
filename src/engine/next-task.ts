/**
 * Resolves in a later task. A module that builds a lot when it is evaluated awaits it at its top
 * level, so that a page can paint and answer input between that work and what came before it: a
 * module graph evaluates as one task otherwise (the experiment schemas made it 28–55 ms on every
 * chapter's load, unthrottled). Outside a page (a worker, Node) it resolves at once, in the same
 * task: a worker must register its message handler before the first message is dispatched.
 */
export function nextTask(): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Resolves in a task after the page's next paint: what the page has just put on screen is shown
 * before the work that follows holds the main thread. Outside a page it resolves at once.
 */
export function afterNextPaint(): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
