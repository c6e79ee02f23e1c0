/**
 * What the checker needs to grade, loaded when the teacher first uses the form rather than with
 * the page: decoding links and codes pulls in every figure's spec and schema, and grading the
 * training engine's client (checker-page.ts).
 */
export { decodeAssignment } from '../../teaching/assignment';
export { gradeSubmission, gradesCsv } from '../../teaching/grade';
export { decodeSubmission, findSubmissionCodes } from '../../teaching/submission';
export { exerciseSpec } from '../exercise-spec';
export { workerRerunPool } from './rerun-worker';
