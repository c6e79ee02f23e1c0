/**
 * What an exercise asks for, read from its props: its kind, answer and tolerance. One function, used
 * by Exercise.astro (the page) and by the build-time exercise catalogue (progress page, answer
 * sheets, QTI packages), so that the book and its exports cannot disagree about an answer.
 */
import { defaultTolerance, exerciseNumberFromId, parseNumber } from './exercise-answer';

export interface ExerciseProps {
  id: string;
  answer: number | string;
  tolerance?: number;
  relativeTolerance?: number;
  unit?: string;
  choices?: string[];
  number?: string | number;
}

export type ExerciseSpec = {
  id: string;
  /** "1.2", or undefined when the id holds no number and none was given. */
  number: string | undefined;
  unit: string | undefined;
} & (
  | { kind: 'numeric'; answer: number; tolerance: number; relativeTolerance: number | undefined }
  | { kind: 'choice'; answer: string; choices: string[]; answerIndex: number }
  | { kind: 'text'; answer: string }
);

/** Validates the props and says what the exercise checks; throws a sentence naming the exercise. */
export function exerciseSpec(props: ExerciseProps): ExerciseSpec {
  const { id, answer, tolerance = defaultTolerance, relativeTolerance, unit, choices, number } = props;
  const where = `Exercise "${id}"`;
  if (!/^[A-Za-z][\w-]*$/.test(id ?? '')) {
    throw new Error(`${where}: id must start with a letter and contain only letters, digits, "-" and "_".`);
  }
  if (!(tolerance >= 0) || (relativeTolerance !== undefined && !(relativeTolerance >= 0))) {
    throw new Error(`${where}: tolerance and relativeTolerance must be non-negative numbers.`);
  }
  const common = { id, number: number !== undefined ? String(number) : exerciseNumberFromId(id), unit };

  if (choices && choices.length > 0) {
    const answerIndex = choices.indexOf(String(answer));
    if (answerIndex < 0) throw new Error(`${where}: answer ${JSON.stringify(answer)} is not one of its choices.`);
    return { ...common, kind: 'choice', answer: String(answer), choices, answerIndex };
  }
  if (typeof answer === 'number') {
    if (!Number.isFinite(answer)) throw new Error(`${where}: answer must be a finite number.`);
    return { ...common, kind: 'numeric', answer, tolerance, relativeTolerance };
  }
  const parsed = parseNumber(String(answer ?? ''));
  if (parsed.ok) return { ...common, kind: 'numeric', answer: parsed.value, tolerance, relativeTolerance };
  if (String(answer ?? '').trim() !== '') return { ...common, kind: 'text', answer: String(answer) };
  throw new Error(`${where}: needs an answer.`);
}

/** "A", "B", … : the letter printed before a choice. */
export function choiceLetter(index: number): string {
  return String.fromCharCode(65 + index);
}
