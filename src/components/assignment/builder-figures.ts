/**
 * What the builder needs once the teacher acts: the figure element (engine client, schemas,
 * widgets' registry), the figures' specs and the assignment encoder (builder-page.ts loads this).
 */
import '../figure/figure-element';

export { getFigure } from '../../engine/experiments/figures';
export { encodeAssignment } from '../../teaching/assignment';
