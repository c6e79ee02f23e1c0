/**
 * A student's submission: the assignment's id, the name they typed, and their answers; for figure
 * tasks the claim (settings and seed, the step, the backend, the numbers they saw). Encoded as one
 * compact, copyable code `SP1.<payload>.<checksum>` (payload: URL-safe base64 of JSON), which pastes
 * into a form, an email or a CSV cell unchanged, and can be found in any surrounding text.
 *
 * Pure: no DOM. The checksum catches a code cut short or mangled; a student can still edit a code
 * and recompute it, which is why the checker recomputes every answer and re-runs every claim.
 */
import { encodeLinkJson, readLinkJson } from '../engine/experiments/url';
import { checksum, isPlainObject } from './codes';

export interface FigureClaim {
  figure: string;
  /** The experiment as a difference from the figure's registry experiment (url.ts), seed included. */
  settings: string;
  /** The step the numbers were read at. */
  step: number;
  /** The backend the numbers came from ('cpu', 'wasm', …). */
  backend: string;
  /** The numbers the student saw (the measures the requirement names). */
  measures: Record<string, number>;
}

export interface SubmissionAnswer {
  /** 0-based index of the task in the assignment. */
  task: number;
  /** An exercise's answer as typed (or the chosen option's text). */
  answer?: string;
  /** A figure task's claim. */
  claim?: FigureClaim;
}

export interface Submission {
  assignment: string;
  name: string;
  /** When it was made, ISO 8601. */
  at: string;
  answers: SubmissionAnswer[];
}

export const submissionLimits = { name: 100, answer: 2000, answers: 40, settings: 4000, measures: 16 } as const;
const prefix = 'SP1';
/** A submission code anywhere in a text (pasted codes, an email, a CSV export of a form). */
const codePattern = /SP1\.[A-Za-z0-9_-]+\.[0-9a-z]{11}/g;

export function encodeSubmission(submission: Submission): string {
  const payload = encodeLinkJson({
    a: submission.assignment,
    n: submission.name,
    t: submission.at,
    r: submission.answers.map((answer) => ({
      i: answer.task,
      ...(answer.answer !== undefined ? { v: answer.answer } : {}),
      ...(answer.claim ? { c: answer.claim } : {}),
    })),
  });
  return `${prefix}.${payload}.${checksum(payload)}`;
}

/** Every submission code in a text, in order, each once. */
export function findSubmissionCodes(text: string): string[] {
  return [...new Set(text.match(codePattern) ?? [])];
}

export type DecodedSubmission = { ok: true; submission: Submission } | { ok: false; message: string };

function bad(reason: string): { ok: false; message: string } {
  return { ok: false, message: `This submission code cannot be read: ${reason}.` };
}

function checkClaim(value: unknown): FigureClaim | null {
  if (!isPlainObject(value)) return null;
  const { figure, settings, step, backend, measures } = value;
  if (typeof figure !== 'string' || figure.length > 100) return null;
  if (typeof settings !== 'string' || settings.length > submissionLimits.settings) return null;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return null;
  if (typeof backend !== 'string' || backend.length > 20) return null;
  if (!isPlainObject(measures) || Object.keys(measures).length > submissionLimits.measures) return null;
  if (!Object.values(measures).every((number) => typeof number === 'number' && Number.isFinite(number))) return null;
  return { figure, settings, step, backend, measures: measures as Record<string, number> };
}

export function decodeSubmission(code: string): DecodedSubmission {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || parts[0] !== prefix) return bad('it does not start with “SP1.” and have two dots (was it cut short?)');
  const [, payload, sum] = parts;
  if (checksum(payload) !== sum) return bad('it was changed or cut short after it was made (its checksum does not match)');
  const read = readLinkJson(payload);
  if (!read.ok || !isPlainObject(read.value)) return bad('its contents are not a submission');
  const { a, n, t, r } = read.value;
  if (typeof a !== 'string' || !/^[0-9a-z]{1,20}$/.test(a)) return bad('it names no assignment');
  if (typeof n !== 'string' || n.trim() === '' || n.length > submissionLimits.name) return bad('it has no name, or the name is too long');
  if (typeof t !== 'string' || Number.isNaN(Date.parse(t))) return bad('it has no valid time');
  if (!Array.isArray(r) || r.length > submissionLimits.answers) return bad('its answers are not a list');
  const answers: SubmissionAnswer[] = [];
  for (const item of r) {
    if (!isPlainObject(item) || typeof item.i !== 'number' || !Number.isInteger(item.i) || item.i < 0) return bad('an answer names no task');
    const answer: SubmissionAnswer = { task: item.i };
    if (item.v !== undefined) {
      if (typeof item.v !== 'string' || item.v.length > submissionLimits.answer) return bad(`the answer to task ${item.i + 1} is not text`);
      answer.answer = item.v;
    }
    if (item.c !== undefined) {
      const claim = checkClaim(item.c);
      if (!claim) return bad(`the figure claim of task ${item.i + 1} is malformed`);
      answer.claim = claim;
    }
    answers.push(answer);
  }
  return { ok: true, submission: { assignment: a, name: n.trim(), at: t, answers } };
}
