/**
 * Run `callback` when the main thread is idle (at the latest after `timeout` ms, if given); where
 * requestIdleCallback is missing (Safari), on a short timer, without a deadline.
 */
export function whenIdle(callback: (deadline?: IdleDeadline) => void, timeout?: number): void {
  if ('requestIdleCallback' in window) requestIdleCallback(callback, timeout === undefined ? undefined : { timeout });
  else setTimeout(callback, 1);
}
