/**
 * The page's localStorage, or null where merely touching it throws (disabled storage, some private
 * modes, sandboxed frames). Everything else in progress/ takes the storage as an argument.
 */
import type { KeyValueStorage } from './store';

export function browserStorage(): KeyValueStorage | null {
  try {
    return window.localStorage ?? null;
  } catch {
    return null;
  }
}
