/**
 * The teacher's checker (/teachers/check/): takes the assignment link and any number of submission
 * codes (pasted, or files: text, a CSV export of a form — codes are found wherever they are), then
 * recomputes every exercise answer and re-runs every figure claim on the CPU backend in workers
 * (teaching/grade.ts, claim-check.ts), filling a grade table as it goes; the table exports as CSV.
 */
import type { Assignment } from '../../teaching/assignment';
import type { GradeRow } from '../../teaching/grade';
import type { ExerciseProps, ExerciseSpec } from '../exercise-spec';
import { readPageCatalogue } from './page-catalogue';

/** The grading code (checker-grading.ts), fetched once, when the teacher first touches the form. */
let grading: Promise<typeof import('./checker-grading')> | undefined;
const loadGrading = () => (grading ??= import('./checker-grading'));

const statusWords: Record<string, string> = {
  correct: '✓ correct',
  incorrect: '✗ wrong',
  confirmed: '✓ confirmed',
  refuted: '✗ refuted',
  invalid: '✗ invalid',
  missing: '– no answer',
  ungraded: '· not graded',
};

export function startCheckerPage(): void {
  const root = document.querySelector<HTMLElement>('[data-checker]');
  if (!root) return;
  const specs = JSON.parse(document.getElementById('sp-checker-answers')?.textContent ?? '{}') as Record<string, ExerciseProps>;
  const catalogue = readPageCatalogue();
  const numbers = new Map(catalogue.chapters.flatMap((chapter) => chapter.exercises.map((e) => [e.key, e.number] as const)));
  const linkInput = root.querySelector<HTMLInputElement>('[data-testid="checker-assignment"]')!;
  const codes = root.querySelector<HTMLTextAreaElement>('[data-testid="checker-codes"]')!;
  const files = root.querySelector<HTMLInputElement>('[data-testid="checker-files"]')!;
  const status = root.querySelector<HTMLElement>('[data-testid="checker-status"]')!;
  const problems = root.querySelector<HTMLElement>('[data-testid="checker-problems"]')!;
  const table = root.querySelector<HTMLTableElement>('[data-testid="checker-table"]')!;
  const exportButton = root.querySelector<HTMLButtonElement>('[data-testid="checker-export"]')!;
  if (location.hash.length > 1) linkInput.value = new URL(`/assignment/${location.hash}`, location.href).href;
  let rows: GradeRow[] = [];
  let taskNames: string[] = [];
  for (const type of ['focusin', 'pointerdown']) root.addEventListener(type, () => void loadGrading(), { once: true });

  files.addEventListener('change', async () => {
    const texts = await Promise.all([...(files.files ?? [])].map((file) => file.text()));
    const { findSubmissionCodes } = await loadGrading();
    codes.value = [codes.value, ...texts].filter(Boolean).join('\n');
    status.textContent = `Read ${files.files?.length ?? 0} file(s): ${findSubmissionCodes(codes.value).length} submission code(s) found so far.`;
  });

  root.querySelector<HTMLFormElement>('[data-testid="checker-form"]')!.addEventListener('submit', async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const { decodeAssignment, decodeSubmission, exerciseSpec, findSubmissionCodes, gradeSubmission, workerRerunPool } = await loadGrading();
    const exercise = (key: string): ExerciseSpec | undefined => (specs[key] ? exerciseSpec(specs[key]) : undefined);
    const hash = linkInput.value.includes('#') ? linkInput.value.slice(linkInput.value.indexOf('#')) : linkInput.value;
    const decoded = decodeAssignment(hash, { hasExercise: (key) => key in specs });
    if (!decoded.ok) {
      status.textContent = decoded.message.replace('Ask your teacher for the link again (copy it whole). Nothing you saved has been changed.', 'Paste the whole link the builder made.');
      return;
    }
    const found = findSubmissionCodes(codes.value);
    const texts = codes.value.match(/SP1\.[^\s",;]*/g) ?? [];
    const broken = texts.filter((text) => !found.includes(text));
    for (const text of broken) problems.append(item(`${text.slice(0, 24)}…: ${decodeSubmission(text).ok ? '' : (decodeSubmission(text) as { message: string }).message}`));
    const submissions = found.map((code) => ({ code, decoded: decodeSubmission(code) }));
    for (const { code, decoded: result } of submissions) if (!result.ok) problems.append(item(`${code.slice(0, 24)}…: ${result.message}`));
    const readable = submissions.flatMap(({ decoded: result }) => (result.ok ? [result.submission] : []));
    if (!readable.length) {
      status.textContent = broken.length || submissions.length ? 'No submission code could be read (see below).' : 'Paste at least one submission code (they start with “SP1.”), or choose files.';
      return;
    }
    const assignment = decoded.assignment;
    taskNames = taskNamesOf(assignment);
    rows = [];
    drawTable([]);
    exportButton.disabled = true;
    const size = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
    let done = 0;
    const started = performance.now();
    const pool = workerRerunPool(size);
    status.textContent = `Checking ${readable.length} submission(s), re-running figure claims in ${size} worker(s) on the CPU backend…`;
    const results: GradeRow[] = new Array(readable.length);
    try {
      await Promise.all(
        readable.map(async (submission, index) => {
          results[index] = await gradeSubmission(submission, assignment, decoded.id, exercise, pool.rerun);
          done++;
          rows = results.filter(Boolean);
          drawTable(rows);
          status.textContent = `Checked ${done} of ${readable.length} (${Math.round((performance.now() - started) / 1000)} s).`;
        }),
      );
    } finally {
      pool.dispose();
    }
    status.textContent = `Done: ${readable.length} submission(s) checked in ${Math.round((performance.now() - started) / 1000)} s.`;
    exportButton.disabled = false;
  });

  exportButton.addEventListener('click', async () => {
    const { gradesCsv } = await loadGrading();
    const blob = new Blob([gradesCsv(rows, taskNames)], { type: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'grades.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  function taskNamesOf(assignment: Assignment): string[] {
    return assignment.tasks.map((task, index) => `Task ${index + 1} (${task.type === 'exercise' ? `Exercise ${numbers.get(task.key) ?? task.key}` : `figure ${task.figure}`})`);
  }

  function drawTable(list: GradeRow[]): void {
    const head = table.tHead ?? table.createTHead();
    head.replaceChildren();
    const headRow = head.insertRow();
    for (const name of ['Name', 'Submitted', 'Assignment', 'Score', ...taskNames]) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = name;
      headRow.append(cell);
    }
    const body = table.tBodies[0] ?? table.createTBody();
    body.replaceChildren();
    for (const row of list) {
      const line = body.insertRow();
      line.dataset.testid = 'checker-row';
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = row.name;
      line.append(name);
      line.insertCell().textContent = new Date(row.at).toLocaleString();
      line.insertCell().textContent = row.sameAssignment ? 'this one' : 'ANOTHER LINK (changed?)';
      line.insertCell().textContent = `${row.score} / ${row.outOf}`;
      for (const task of row.tasks) {
        const cell = line.insertCell();
        cell.dataset.status = task.status;
        cell.textContent = statusWords[task.status] ?? task.status;
        if (task.given) cell.append(document.createElement('br'), small(task.given));
        for (const reason of task.reasons) cell.append(document.createElement('br'), small(reason));
      }
    }
  }
}

function small(text: string): HTMLElement {
  const node = document.createElement('small');
  node.textContent = text;
  return node;
}

function item(text: string): HTMLElement {
  const node = document.createElement('li');
  node.textContent = text;
  return node;
}
