/**
 * The reader's progress: every checked attempt at every exercise, kept in the browser.
 *
 * Pure: no DOM and no globals. The storage is passed in (localStorage on the page, a plain object in
 * the tests), so that a full, missing or throwing storage can be tested and never breaks checking.
 *
 * Stored under ONE key as `{ version, attempts }`, where `attempts` maps an exercise key
 * ("chapters/adversarial-game#ex-1-2": the page and the exercise id, stable across builds) to its
 * attempts, oldest first. `version` says which layout the data has; `migrate` lifts every older
 * layout to the current one, so a new version of the site reads what an old one saved.
 *
 * Writes always re-read the storage first and merge, so two open tabs of the book never overwrite
 * each other's attempts.
 */

export const progressStorageKey = 'saddle-point:progress';
/** Where data that could not be read is kept aside before the first write replaces it. */
export const unreadableBackupKey = 'saddle-point:progress:unreadable';
export const progressVersion = 1;
/** The marker that tells an exported progress file from any other JSON file. */
export const exportFormat = 'saddle-point-progress';
/** Enough for any honest use; bounds the storage a single exercise can take. The oldest go first. */
export const maxAttemptsPerExercise = 200;
/** Figure-state answers keep their settings, seed and numbers as JSON (a few hundred characters). */
const maxAnswerLength = 2000;

export type Verdict = 'correct' | 'incorrect';

export interface Attempt {
  /** What the reader gave: the typed text, or the chosen option's text for multiple choice. */
  answer: string;
  verdict: Verdict;
  /** When it was checked, ISO 8601 (UTC). */
  at: string;
}

export interface Progress {
  version: typeof progressVersion;
  attempts: Record<string, Attempt[]>;
}

/** The part of the Web Storage API this module uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Why progress is not being kept: no storage at all (private mode, disabled, throws), storage full,
 * or data saved by a newer version of the site, which this version must not overwrite.
 */
export type StorageProblem = 'unavailable' | 'full' | 'newer';

/** One sentence per problem, for the reader. */
export const problemSentences: Record<StorageProblem, string> = {
  unavailable:
    'This browser is not keeping your answers (its storage is turned off or unavailable, as in some private windows): checking still works, but your progress will be lost when you leave.',
  full: 'Your answer was checked but not saved: this browser’s storage for the book is full. Export your progress from the “Your progress” page, then free some space.',
  newer:
    'Your progress was saved by a newer version of the book, so this page does not change it: reload the page to get the newer version.',
};

// ---------------------------------------------------------------------------------------------
// Keys

/** "chapters/adversarial-game" from "/chapters/adversarial-game/" (or ".../index.html"). */
export function pageKeyFromPath(pathname: string): string {
  return pathname
    .replace(/\/index\.html$/, '/')
    .replace(/^\/+|\/+$/g, '');
}

/** The key an exercise's attempts are stored under. */
export function exerciseKey(pageKey: string, exerciseId: string): string {
  return `${pageKey}#${exerciseId}`;
}

const exerciseKeyPattern = /^[\w./-]*#[A-Za-z][\w-]*$/;

// ---------------------------------------------------------------------------------------------
// Reading and validating (stored data and imported files go through the same checks)

export function emptyProgress(): Progress {
  return { version: progressVersion, attempts: {} };
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));
}

function checkAttempt(value: unknown, where: string): Checked<Attempt> {
  if (!isPlainObject(value)) return { ok: false, message: `${where} is not an attempt.` };
  const { answer, verdict, at } = value;
  if (typeof answer !== 'string' || answer.length > maxAnswerLength) {
    return { ok: false, message: `${where} has no readable answer.` };
  }
  if (verdict !== 'correct' && verdict !== 'incorrect') {
    return { ok: false, message: `${where} says neither “correct” nor “incorrect”.` };
  }
  if (!isIsoTime(at)) return { ok: false, message: `${where} has no valid time.` };
  return { ok: true, value: { answer, verdict, at } };
}

/** Checks the `attempts` map of the current layout. */
function checkAttempts(value: unknown): Checked<Record<string, Attempt[]>> {
  if (!isPlainObject(value)) return { ok: false, message: 'It has no list of attempts.' };
  const attempts: Record<string, Attempt[]> = {};
  for (const [key, list] of Object.entries(value)) {
    if (!exerciseKeyPattern.test(key)) return { ok: false, message: `“${key.slice(0, 80)}” is not an exercise.` };
    if (!Array.isArray(list)) return { ok: false, message: `The attempts at ${key} are not a list.` };
    const checked: Attempt[] = [];
    for (const [index, item] of list.entries()) {
      const attempt = checkAttempt(item, `Attempt ${index + 1} at ${key}`);
      if (!attempt.ok) return attempt;
      checked.push(attempt.value);
    }
    if (checked.length > 0) attempts[key] = sortAndCap(checked);
  }
  return { ok: true, value: attempts };
}

function sortAndCap(attempts: Attempt[]): Attempt[] {
  return [...attempts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-maxAttemptsPerExercise);
}

/**
 * Lifts data of any known layout to the current one.
 *
 * - Version 0, the unversioned layout: an object mapping each exercise key to its LAST attempt only,
 *   `{ answer, correct: boolean, time: milliseconds since 1970 }`. It becomes a one-attempt list.
 * - Version 1, the current layout: `{ version: 1, attempts: { key: Attempt[] } }`.
 *
 * A version above the current one comes from a newer site: it is reported, never rewritten.
 */
export function migrate(data: unknown): { ok: true; progress: Progress } | { ok: false; newer: boolean; message: string } {
  if (!isPlainObject(data)) return { ok: false, newer: false, message: 'It does not hold an object.' };
  const version = data.version === undefined ? 0 : data.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { ok: false, newer: false, message: `Its version, ${JSON.stringify(version)}, is not a version number.` };
  }
  if (version > progressVersion) {
    return {
      ok: false,
      newer: true,
      message: `It was written by a newer version of the book (format ${version}; this page reads up to ${progressVersion}). Reload the page to get the newer version.`,
    };
  }
  let current: Record<string, unknown> = data;
  if (version === 0) current = { version: 1, attempts: fromVersion0(data) };
  const attempts = checkAttempts(current.attempts);
  if (!attempts.ok) return { ok: false, newer: false, message: attempts.message };
  return { ok: true, progress: { version: progressVersion, attempts: attempts.value } };
}

function fromVersion0(data: Record<string, unknown>): Record<string, unknown> {
  const attempts: Record<string, unknown> = {};
  for (const [key, last] of Object.entries(data)) {
    if (!isPlainObject(last)) {
      attempts[key] = last; // left for the check to reject with a message
      continue;
    }
    const at = typeof last.time === 'number' && Number.isFinite(last.time) ? new Date(last.time).toISOString() : undefined;
    const verdict = last.correct === true ? 'correct' : last.correct === false ? 'incorrect' : undefined;
    attempts[key] = [{ answer: last.answer, verdict, at }];
  }
  return attempts;
}

export interface LoadedProgress {
  progress: Progress;
  /** Set when the storage could not be used or read as it should. */
  problem?: StorageProblem | 'unreadable';
  /** The stored text when it could not be read, so that a write can keep it aside. */
  unreadableText?: string;
}

/** What is saved, or an empty record and the reason when nothing usable is. Never throws. */
export function loadProgress(storage: KeyValueStorage | null): LoadedProgress {
  if (!storage) return { progress: emptyProgress(), problem: 'unavailable' };
  let text: string | null;
  try {
    text = storage.getItem(progressStorageKey);
  } catch {
    return { progress: emptyProgress(), problem: 'unavailable' };
  }
  if (text === null) return { progress: emptyProgress() };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { progress: emptyProgress(), problem: 'unreadable', unreadableText: text };
  }
  const migrated = migrate(data);
  if (migrated.ok) return { progress: migrated.progress };
  if (migrated.newer) return { progress: emptyProgress(), problem: 'newer' };
  return { progress: emptyProgress(), problem: 'unreadable', unreadableText: text };
}

// ---------------------------------------------------------------------------------------------
// Writing

export type SaveResult = { saved: true; progress: Progress } | { saved: false; problem: StorageProblem; progress: Progress };

function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof error === 'object' && error !== null)) return false;
  const { name, code } = error as { name?: string; code?: number };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

/** Merges `changes` into what is stored now and writes the result. Never throws. */
function update(storage: KeyValueStorage | null, changes: (progress: Progress) => Progress): SaveResult {
  const loaded = loadProgress(storage);
  const next = changes(loaded.progress);
  if (!storage || loaded.problem === 'unavailable') return { saved: false, problem: 'unavailable', progress: next };
  if (loaded.problem === 'newer') return { saved: false, problem: 'newer', progress: next };
  try {
    // Unreadable data is kept aside rather than silently replaced.
    if (loaded.unreadableText !== undefined) storage.setItem(unreadableBackupKey, loaded.unreadableText);
    storage.setItem(progressStorageKey, JSON.stringify(next));
    return { saved: true, progress: next };
  } catch (error) {
    return { saved: false, problem: isQuotaError(error) ? 'full' : 'unavailable', progress: next };
  }
}

/** Adds one attempt (after re-reading the storage, so other tabs' attempts are kept). */
export function recordAttempt(storage: KeyValueStorage | null, key: string, attempt: Attempt): SaveResult {
  return update(storage, (progress) => mergeProgress(progress, { version: progressVersion, attempts: { [key]: [attempt] } }));
}

/** Both records' attempts, without duplicates, oldest first. */
export function mergeProgress(a: Progress, b: Progress): Progress {
  const attempts: Record<string, Attempt[]> = {};
  for (const key of new Set([...Object.keys(a.attempts), ...Object.keys(b.attempts)])) {
    const seen = new Set<string>();
    const merged: Attempt[] = [];
    for (const attempt of [...(a.attempts[key] ?? []), ...(b.attempts[key] ?? [])]) {
      const identity = `${attempt.at}\u0000${attempt.verdict}\u0000${attempt.answer}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      merged.push(attempt);
    }
    attempts[key] = sortAndCap(merged);
  }
  return { version: progressVersion, attempts };
}

/** Forgets every attempt. Returns false when the storage could not be changed. */
export function resetProgress(storage: KeyValueStorage | null): boolean {
  if (!storage) return false;
  try {
    storage.removeItem(progressStorageKey);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Export and import

export interface ProgressFile {
  format: typeof exportFormat;
  version: typeof progressVersion;
  exportedAt: string;
  attempts: Record<string, Attempt[]>;
}

/** The text of an export file. */
export function exportProgress(progress: Progress, now: Date = new Date()): string {
  const file: ProgressFile = {
    format: exportFormat,
    version: progressVersion,
    exportedAt: now.toISOString(),
    attempts: progress.attempts,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads an export file's text; on failure, one sentence saying what is wrong with it. */
export function parseProgressFile(text: string): { ok: true; progress: Progress } | { ok: false; message: string } {
  const refuse = (why: string) => ({ ok: false as const, message: `This file was not imported, and nothing saved was changed. ${why}` });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return refuse('It is not a JSON file.');
  }
  if (!isPlainObject(data) || data.format !== exportFormat) {
    return refuse('It is not a Saddle Point progress file (those are made by “Export progress”).');
  }
  const { format: _format, exportedAt: _exportedAt, ...stored } = data;
  const migrated = migrate(stored);
  if (!migrated.ok) return refuse(migrated.message);
  return { ok: true, progress: migrated.progress };
}

export type ImportResult = { ok: true; added: number; progress: Progress } | { ok: false; message: string };

/**
 * Adds a file's attempts to those saved (nothing saved is removed). A bad file, or storage that
 * cannot take the result, leaves the storage exactly as it was.
 */
export function importProgress(storage: KeyValueStorage | null, text: string): ImportResult {
  const parsed = parseProgressFile(text);
  if (!parsed.ok) return parsed;
  const before = countAttempts(loadProgress(storage).progress);
  const result = update(storage, (progress) => mergeProgress(progress, parsed.progress));
  if (!result.saved) {
    return { ok: false, message: `This file was read but could not be saved. ${problemSentences[result.problem]}` };
  }
  return { ok: true, added: countAttempts(result.progress) - before, progress: result.progress };
}

// ---------------------------------------------------------------------------------------------
// Summaries

export function countAttempts(progress: Progress): number {
  return Object.values(progress.attempts).reduce((total, list) => total + list.length, 0);
}

export interface ExerciseSummary {
  attempts: number;
  right: number;
  wrong: number;
  last: Attempt | undefined;
}

export function summariseExercise(progress: Progress, key: string): ExerciseSummary {
  const list = progress.attempts[key] ?? [];
  const right = list.filter((attempt) => attempt.verdict === 'correct').length;
  return { attempts: list.length, right, wrong: list.length - right, last: list.at(-1) };
}
