/** The MINE session: being written (see kinds/mine/schema.ts for what it trains). */
import type { MineExperiment } from './schema';
import type { Session } from '../session';

export function createMineSession(_experiment: MineExperiment): Session {
  throw new Error('The mine kind is not implemented yet.');
}
