/**
 * The outside of an assignment link (`A1.<payload>.<checksum>`, see assignment.ts): its form, its
 * checksum, its JSON, the title, the instructions and a list of tasks, read without the book's
 * figures. The assignment page reads it first, so the student sees the title and instructions while
 * the code that checks and runs the tasks (every figure's spec and schema) arrives; assignment.ts
 * reads the tasks.
 */
import { parseBase64UrlJson } from '../engine/experiments/base64url';
import { checksum, isPlainObject } from './codes';

export const assignmentLimits = { title: 200, instructions: 4000, tasks: 40, note: 1000, paths: 40 } as const;
export const assignmentCodePrefix = 'A1';

export interface AssignmentEnvelope {
  title: string;
  instructions: string;
  /** The tasks as the link has them, not yet checked. */
  tasks: unknown[];
  /** The checksum, which is the assignment's id. */
  id: string;
}

export function assignmentFailure(reason: string): { ok: false; message: string } {
  return {
    ok: false,
    message: `This assignment link cannot be used: ${reason}. Ask your teacher for the link again (copy it whole). Nothing you saved has been changed.`,
  };
}

/** Reads a link's code (with or without the leading '#') up to its list of tasks. */
export function readAssignmentEnvelope(code: string): { ok: true; envelope: AssignmentEnvelope } | { ok: false; message: string } {
  let text = code.trim().replace(/^#/, '');
  try {
    text = decodeURIComponent(text);
  } catch {
    return assignmentFailure('it contains characters that a link made here never has');
  }
  if (text === '') return assignmentFailure('the link has no assignment in it (nothing after “#”)');
  const parts = text.split('.');
  if (parts.length !== 3 || parts[0] !== assignmentCodePrefix) return assignmentFailure('it is not an assignment link of this book (was it cut short?)');
  const [, payload, sum] = parts;
  if (checksum(payload) !== sum) return assignmentFailure('it was changed or cut short after it was made (its checksum does not match)');
  const read = parseBase64UrlJson(payload);
  if (!read.ok) return assignmentFailure('its contents cannot be read');
  const value = read.value;
  if (!isPlainObject(value)) return assignmentFailure('its contents are not an assignment');
  const { title, instructions, tasks } = value;
  if (typeof title !== 'string' || title.length > assignmentLimits.title) return assignmentFailure('its title is missing or too long');
  if (typeof instructions !== 'string' || instructions.length > assignmentLimits.instructions) return assignmentFailure('its instructions are not text or too long');
  if (!Array.isArray(tasks) || tasks.length === 0) return assignmentFailure('it has no tasks');
  if (tasks.length > assignmentLimits.tasks) return assignmentFailure(`it has more than ${assignmentLimits.tasks} tasks`);
  return { ok: true, envelope: { title, instructions, tasks, id: sum } };
}
