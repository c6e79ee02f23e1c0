/**
 * The "Your progress" page (src/pages/progress.astro): fills each exercise's row from the saved
 * progress, and runs export, import and the two-step reset. The rows themselves come from the
 * build; this only draws what the store says, and redraws when another tab saves.
 */
import { browserStorage } from './browser-storage';
import {
  exportProgress,
  importProgress,
  loadProgress,
  problemSentences,
  progressStorageKey,
  resetProgress,
  summariseExercise,
  type Attempt,
  type Progress,
} from './store';

/** Per exercise, what a row needs beyond its key: the chapter, the unit, and choices' HTML by text. */
export type ProgressCatalogue = Array<{
  key: string;
  chapter: string;
  unit?: string;
  choices?: Record<string, string>;
  /** An exercise answered in a figure: its saved answer is a claim (settings, step, numbers). */
  figure?: boolean;
}>;

function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Sets an element's text unless it already reads so. The rows come from the build as "Not tried", and
 * rewriting every cell with the same text laid all the tables out again on each load (a forced layout
 * of 21–51 ms, unthrottled).
 */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Writes the last answer into a cell: a chosen option as its typeset text, anything else as text. */
function showAnswer(cell: HTMLElement, attempt: Attempt, entry: ProgressCatalogue[number] | undefined): void {
  if (entry?.figure) {
    cell.textContent = figureAnswerText(attempt.answer);
    return;
  }
  const choice = entry?.choices?.[attempt.answer];
  if (choice !== undefined) {
    cell.innerHTML = choice; // built from the book's own source at build time
    return;
  }
  cell.textContent = entry?.unit ? `${attempt.answer} ${entry.unit}` : attempt.answer;
}

/** "step 1843 on wasm: modes captured 8" from a saved figure claim (JSON). */
function figureAnswerText(answer: string): string {
  try {
    const claim = JSON.parse(answer) as { step: number; backend: string; measures: Record<string, number> };
    const numbers = Object.entries(claim.measures).map(([name, value]) => `${name} ${Number(value.toPrecision(4))}`);
    return `step ${claim.step} on ${claim.backend}${numbers.length ? `: ${numbers.join(', ')}` : ''}`;
  } catch {
    return answer.slice(0, 80);
  }
}

export function startProgressPage(): void {
  const root = document.querySelector<HTMLElement>('[data-progress-page]');
  const catalogueText = document.getElementById('progress-catalogue')?.textContent;
  if (!root || !catalogueText) return;
  const catalogue = JSON.parse(catalogueText) as ProgressCatalogue;
  const entries = new Map(catalogue.map((entry) => [entry.key, entry]));

  const problem = root.querySelector<HTMLElement>('[data-testid="progress-problem"]')!;
  const summary = root.querySelector<HTMLElement>('[data-testid="progress-summary"]')!;
  const message = root.querySelector<HTMLElement>('[data-testid="progress-message"]')!;
  const confirm = root.querySelector<HTMLElement>('[data-reset-confirm]')!;
  const resetButton = root.querySelector<HTMLButtonElement>('[data-action="reset"]')!;
  const importInput = root.querySelector<HTMLInputElement>('[data-action="import"]')!;

  function say(text: string, kind: 'info' | 'error' = 'info'): void {
    message.textContent = text;
    message.dataset.kind = kind;
  }

  function draw(progress: Progress): void {
    for (const row of root!.querySelectorAll<HTMLTableRowElement>('tr[data-key]')) {
      const key = row.dataset.key!;
      const { attempts, right, wrong, last } = summariseExercise(progress, key);
      const cell = (name: string) => row.querySelector<HTMLElement>(`[data-cell="${name}"]`)!;
      const state = last ? last.verdict : 'untried';
      if (row.dataset.state !== state) row.dataset.state = state;
      setText(cell('status'), last ? (last.verdict === 'correct' ? 'Right' : 'Wrong') : 'Not tried');
      setText(cell('attempts'), String(attempts));
      setText(cell('right'), String(right));
      setText(cell('wrong'), String(wrong));
      if (last) {
        showAnswer(cell('last'), last, entries.get(key));
        const time = document.createElement('time');
        time.dateTime = last.at;
        time.textContent = formatWhen(last.at);
        cell('time').replaceChildren(time);
      } else {
        setText(cell('last'), '—');
        setText(cell('time'), '—');
      }
    }

    let solvedInBook = 0;
    for (const chapterSummary of root!.querySelectorAll<HTMLElement>('[data-chapter-summary]')) {
      const keys = catalogue.filter((entry) => entry.chapter === chapterSummary.dataset.chapterSummary).map((entry) => entry.key);
      const tried = keys.filter((key) => progress.attempts[key]?.length).length;
      const solved = keys.filter((key) => progress.attempts[key]?.some((attempt) => attempt.verdict === 'correct')).length;
      solvedInBook += solved;
      chapterSummary.textContent = `${plural(tried, 'exercise', 'exercises')} of ${keys.length} tried, ${solved} answered correctly.`;
    }
    summary.textContent = `You have answered ${solvedInBook} of ${plural(catalogue.length, 'exercise', 'exercises')} in the book correctly.`;

    // Answers to an assignment's own figure tasks ("assignment/<id>#task-n") belong to the assignment page.
    const orphans = Object.keys(progress.attempts).filter((key) => !entries.has(key) && !key.startsWith('assignment/'));
    const orphanSection = root!.querySelector<HTMLElement>('[data-orphans]')!;
    orphanSection.hidden = orphans.length === 0;
    root!.querySelector('[data-orphan-list]')!.replaceChildren(
      ...orphans.map((key) => {
        const item = document.createElement('li');
        const { attempts, right } = summariseExercise(progress, key);
        item.textContent = `${key}: ${plural(attempts, 'attempt', 'attempts')}, ${right} right.`;
        return item;
      }),
    );
  }

  function refresh(): Progress {
    const loaded = loadProgress(browserStorage());
    const sentence =
      loaded.problem === 'unavailable' || loaded.problem === 'newer'
        ? problemSentences[loaded.problem]
        : loaded.problem === 'unreadable'
          ? 'The progress saved in this browser could not be read. It will be kept aside (not deleted) when you next check an answer.'
          : '';
    problem.textContent = sentence;
    problem.hidden = sentence === '';
    draw(loaded.progress);
    return loaded.progress;
  }

  root.querySelector('[data-action="export"]')!.addEventListener('click', () => {
    const progress = refresh();
    const blob = new Blob([exportProgress(progress)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `saddle-point-progress-${new Date().toISOString().slice(0, 10)}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    const count = Object.values(progress.attempts).reduce((sum, list) => sum + list.length, 0);
    say(`Exported ${plural(count, 'attempt', 'attempts')} to ${link.download}.`);
  });

  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    const text = await file.text();
    const result = importProgress(browserStorage(), text);
    importInput.value = ''; // the same file can be chosen again
    if (!result.ok) {
      say(result.message, 'error');
      return;
    }
    refresh();
    say(`Imported ${file.name}: ${plural(result.added, 'new attempt', 'new attempts')} added.`);
  });

  const showConfirm = (open: boolean) => {
    confirm.hidden = !open;
    resetButton.setAttribute('aria-expanded', String(open));
    if (open) confirm.querySelector<HTMLButtonElement>('[data-action="reset-cancel"]')!.focus();
    else resetButton.focus();
  };
  resetButton.setAttribute('aria-expanded', 'false');
  resetButton.addEventListener('click', () => showConfirm(true));
  confirm.querySelector('[data-action="reset-cancel"]')!.addEventListener('click', () => {
    showConfirm(false);
    say('Nothing was deleted.');
  });
  confirm.querySelector('[data-action="reset-confirm"]')!.addEventListener('click', () => {
    const done = resetProgress(browserStorage());
    showConfirm(false);
    refresh();
    if (done) say('Your progress was reset: no answers are saved in this browser now.');
    else say(`Nothing could be reset. ${problemSentences.unavailable}`, 'error');
  });

  window.addEventListener('storage', (event) => {
    if (event.key === progressStorageKey || event.key === null) refresh();
  });
  refresh();
  root.dataset.ready = '';
}
