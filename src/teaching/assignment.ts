/**
 * Assignment links: a title, instructions and an ordered list of tasks — exercises of any chapter
 * (by their progress key) and figure set-ups (a figure opened with given settings and seed, some
 * controls locked or hidden, optionally with a requirement on its state to reach) — in ONE link,
 * `/assignment/#<code>`, that works on the static site without a server.
 *
 * The code is `A1.<payload>.<checksum>`: the payload is URL-safe base64 of compact JSON, the checksum
 * (codes.ts) catches a link cut short or edited by hand (read by assignment-envelope.ts, up to the
 * list of tasks). Decoding validates everything (exercise keys
 * against the book's catalogue, figure ids against the registry, settings with the experiment schema,
 * requirements with figure-checks.ts), so a tampered link is refused with one sentence and nothing
 * else happens. The assignment's id is the checksum: any change to the link gives another id, which
 * the teacher's checker notices in every submission made from it.
 *
 * Pure: no DOM. Figure settings are stored as a difference from the figure's registry experiment
 * (url.ts's encodeExperiment), so a link that changes one learning rate stays short.
 */
import { getFigure, type FigureSpec } from '../engine/experiments/figures';
import type { AnyExperiment } from '../engine/experiments/schema';
import { decodeExperiment, encodeExperiment, encodeLinkJson } from '../engine/experiments/url';
import { assignmentCodePrefix, assignmentFailure as failure, assignmentLimits, readAssignmentEnvelope, type AssignmentEnvelope } from './assignment-envelope';
import { checksum, isPlainObject } from './codes';
import { parseRequirements } from './figure-checks';

export interface ExerciseTask {
  type: 'exercise';
  /** The exercise's progress key, "chapters/adversarial-game#ex-1-2". */
  key: string;
}

export interface FigureTask {
  type: 'figure';
  figure: string;
  experiment: AnyExperiment;
  /** Control paths (data-path values) shown but not editable. */
  lock: string[];
  /** Control paths not shown at all (and not editable). */
  hide: string[];
  /** What to do with the figure, in the teacher's words. */
  note: string;
  /** A requirement on the figure's state to reach ("modesCaptured >= 8, step <= 2000"), or ''. */
  require: string;
}

export type Task = ExerciseTask | FigureTask;

export interface Assignment {
  title: string;
  instructions: string;
  tasks: Task[];
}

const pathPattern = /^[A-Za-z][\w.]*(?: [A-Za-z][\w.]*)*$/;

/** The link's code (what follows `#`). */
export function encodeAssignment(assignment: Assignment): string {
  const payload = encodeLinkJson({
    title: assignment.title,
    instructions: assignment.instructions,
    tasks: assignment.tasks.map((task) =>
      task.type === 'exercise'
        ? { exercise: task.key }
        : {
            figure: task.figure,
            settings: encodeExperiment(task.experiment, getFigure(task.figure)?.experiment),
            ...(task.lock.length ? { lock: task.lock } : {}),
            ...(task.hide.length ? { hide: task.hide } : {}),
            ...(task.note ? { note: task.note } : {}),
            ...(task.require ? { require: task.require } : {}),
          },
    ),
  });
  return `${assignmentCodePrefix}.${payload}.${checksum(payload)}`;
}

export type DecodedAssignment = { ok: true; assignment: Assignment; id: string } | { ok: false; message: string };

export interface AssignmentContext {
  /** Whether an exercise with this progress key is in the book. */
  hasExercise(key: string): boolean;
  /** The training figure with this id (default: the registry). */
  figure?(id: string): FigureSpec | undefined;
}

/** Reads a link's code (with or without the leading '#'); every field is checked. */
export function decodeAssignment(code: string, context: AssignmentContext): DecodedAssignment {
  const read = readAssignmentEnvelope(code);
  return read.ok ? decodeAssignmentTasks(read.envelope, context) : read;
}

/** Checks the tasks of a link whose outside has been read (assignment-envelope.ts). */
export function decodeAssignmentTasks({ title, instructions, tasks, id }: AssignmentEnvelope, context: AssignmentContext): DecodedAssignment {
  const figureOf = context.figure ?? getFigure;
  const decoded: Task[] = [];
  for (const [index, raw] of tasks.entries()) {
    const where = `task ${index + 1}`;
    if (!isPlainObject(raw)) return failure(`${where} is not a task`);
    if (typeof raw.exercise === 'string') {
      if (!context.hasExercise(raw.exercise)) return failure(`${where} names an exercise that is not in the book (“${raw.exercise.slice(0, 60)}”)`);
      decoded.push({ type: 'exercise', key: raw.exercise });
      continue;
    }
    if (typeof raw.figure !== 'string') return failure(`${where} is neither an exercise nor a figure`);
    const spec = figureOf(raw.figure);
    if (!spec) return failure(`${where} names a figure that is not in the book (“${raw.figure.slice(0, 60)}”)`);
    if (typeof raw.settings !== 'string') return failure(`${where} has no figure settings`);
    const settings = decodeExperiment(raw.settings, spec.experiment);
    if (!settings.ok) return failure(`${where}'s figure settings are invalid (${settings.message.replace(/^This link's settings could not be read: |; showing the defaults instead\.$/g, '')})`);
    const lock = raw.lock ?? [];
    const hide = raw.hide ?? [];
    for (const list of [lock, hide]) {
      if (!Array.isArray(list) || list.length > assignmentLimits.paths || !list.every((path) => typeof path === 'string' && pathPattern.test(path))) {
        return failure(`${where}'s locked or hidden controls are not a list of settings`);
      }
    }
    const note = raw.note ?? '';
    if (typeof note !== 'string' || note.length > assignmentLimits.note) return failure(`${where}'s note is not text or too long`);
    const require = raw.require ?? '';
    if (typeof require !== 'string') return failure(`${where}'s requirement is not text`);
    if (require) {
      const parsed = parseRequirements(require);
      if (!parsed.ok) return failure(`${where}'s requirement cannot be read (${parsed.message})`);
    }
    decoded.push({ type: 'figure', figure: raw.figure, experiment: settings.experiment, lock: lock as string[], hide: hide as string[], note, require });
  }
  return { ok: true, assignment: { title, instructions, tasks: decoded }, id };
}

/** The id of an assignment made by encodeAssignment (its checksum). */
export function assignmentIdOf(code: string): string {
  return code.split('.').at(-1) ?? '';
}

/** Every path a figure task fixes (locked or hidden), each path of a multi-path control separately. */
export function fixedPaths(task: FigureTask): string[] {
  return [...new Set([...task.lock, ...task.hide].flatMap((entry) => entry.split(' ')))];
}
