/**
 * Grading one submission against its assignment: exercise answers are recomputed from the book's
 * own answers (exercise-spec.ts, the same tolerances as the page); figure claims are re-run
 * (claim-check.ts). Pure, apart from the re-run that is passed in.
 */
import { isWithinTolerance, normaliseText, parseNumber } from '../components/exercise-answer';
import type { ExerciseSpec } from '../components/exercise-spec';
import type { Assignment } from './assignment';
import { fixedPaths } from './assignment';
import { verifyClaim, type ClaimVerdict, type Rerun } from './claim-check';
import type { Submission } from './submission';

export type TaskStatus = 'correct' | 'incorrect' | 'confirmed' | 'refuted' | 'invalid' | 'missing' | 'ungraded';

export interface TaskGrade {
  status: TaskStatus;
  /** What the student gave, in a few words. */
  given: string;
  /** Why, in sentences (empty for a plain right or wrong answer). */
  reasons: string[];
}

export interface GradeRow {
  name: string;
  at: string;
  /** False when the submission was made from another (changed) assignment link. */
  sameAssignment: boolean;
  tasks: TaskGrade[];
  /** Tasks correct or confirmed, out of the tasks that can be graded. */
  score: number;
  outOf: number;
}

export function gradeExerciseAnswer(spec: ExerciseSpec, answer: string): 'correct' | 'incorrect' {
  if (spec.kind === 'choice') return answer === spec.answer ? 'correct' : 'incorrect';
  if (spec.kind === 'text') return normaliseText(answer) === normaliseText(spec.answer) ? 'correct' : 'incorrect';
  const parsed = parseNumber(answer);
  return parsed.ok && isWithinTolerance(parsed.value, spec.answer, spec) ? 'correct' : 'incorrect';
}

export async function gradeSubmission(
  submission: Submission,
  assignment: Assignment,
  assignmentId: string,
  exercise: (key: string) => ExerciseSpec | undefined,
  rerun: Rerun,
  onTask?: (index: number) => void,
): Promise<GradeRow> {
  const tasks: TaskGrade[] = [];
  let outOf = 0;
  for (const [index, task] of assignment.tasks.entries()) {
    onTask?.(index);
    const given = submission.answers.find((answer) => answer.task === index);
    if (task.type === 'exercise') {
      outOf++;
      const spec = exercise(task.key);
      if (!spec) tasks.push({ status: 'ungraded', given: given?.answer ?? '', reasons: ['This exercise is no longer in the book.'] });
      else if (given?.answer === undefined || given.answer === '') tasks.push({ status: 'missing', given: '', reasons: [] });
      else tasks.push({ status: gradeExerciseAnswer(spec, given.answer), given: given.answer, reasons: [] });
      continue;
    }
    if (!task.require) {
      tasks.push({ status: 'ungraded', given: '', reasons: ['A figure to explore: nothing to check.'] });
      continue;
    }
    outOf++;
    if (!given?.claim) {
      tasks.push({ status: 'missing', given: '', reasons: [] });
      continue;
    }
    const verdict: ClaimVerdict = await verifyClaim(
      given.claim,
      { figure: task.figure, require: task.require, setup: { experiment: task.experiment, fixedPaths: fixedPaths(task) } },
      rerun,
    );
    tasks.push({ status: verdict.status, given: `seed ${seedOf(given.claim.settings)}, step ${given.claim.step} (${given.claim.backend})`, reasons: verdict.reasons });
  }
  const score = tasks.filter((task) => task.status === 'correct' || task.status === 'confirmed').length;
  return { name: submission.name, at: submission.at, sameAssignment: submission.assignment === assignmentId, tasks, score, outOf };
}

function seedOf(settings: string): string {
  try {
    const json = JSON.parse(atob(settings.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (settings.length % 4)) % 4)));
    return String(json.seed ?? '?');
  } catch {
    return '?';
  }
}

/** The grade table as CSV (RFC 4180 quoting), one row per submission. */
export function gradesCsv(rows: readonly GradeRow[], taskNames: readonly string[]): string {
  const quote = (value: string | number) => {
    const text = String(value);
    return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = ['name', 'submitted', 'same assignment', 'score', 'out of', ...taskNames];
  const lines = rows.map((row) => [row.name, row.at, row.sameAssignment ? 'yes' : 'NO', row.score, row.outOf, ...row.tasks.map((task) => task.status)].map(quote).join(','));
  return `${[header.map(quote).join(','), ...lines].join('\r\n')}\r\n`;
}
