/**
 * What the assignment page needs once it has read a link's outside (assignment-page.ts loads this):
 * the check of its tasks (every figure's spec and schema), the figure, figure-check and exercise elements, which
 * must be defined before the page sets a figure's locked set-up, and the submission encoder.
 */
import '../figure/figure-element';
import '../figure-check';
import '../exercise';

export { claimOfAttempt } from '../figure-check';
export { decodeAssignmentTasks } from '../../teaching/assignment';
export { encodeSubmission } from '../../teaching/submission';
export { applyLocks, lockedSetup } from './locks';
