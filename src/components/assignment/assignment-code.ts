/**
 * What the assignment page needs once it has a link (assignment-page.ts loads this): the link's
 * decoder (every figure's spec and schema), the figure, figure-check and exercise elements, which
 * must be defined before the page sets a figure's locked set-up, and the submission encoder.
 */
import '../figure/figure-element';
import '../figure-check';
import '../exercise';

export { claimOfAttempt } from '../figure-check';
export { decodeAssignment } from '../../teaching/assignment';
export { encodeSubmission } from '../../teaching/submission';
export { applyLocks, lockedSetup } from './locks';
