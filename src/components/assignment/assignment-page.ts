/**
 * The student's assignment page (/assignment/#<code>): decodes the link (teaching/assignment.ts),
 * shows its title, instructions and tasks in order — each exercise and figure cloned in place from
 * the page's build-time templates (Templates.astro), figures opened with the teacher's settings and
 * seed, their locked controls disabled and hidden ones removed — and makes the submission code.
 *
 * A link that cannot be read shows one sentence and nothing else: no figure starts and nothing is
 * written to the student's saved progress. Answers are saved as everywhere in the book (an exercise
 * under its chapter's key, so the chapter shows the same answer; a figure task under
 * "assignment/<id>#task-<n>").
 */
import type { FigureCheckElement } from '../figure-check';
import type { FigureShell } from '../figure/figure-setup';
import { browserStorage } from '../progress/browser-storage';
import { loadProgress } from '../progress/store';
import type { Assignment, FigureTask } from '../../teaching/assignment';
import { readAssignmentEnvelope, type AssignmentEnvelope } from '../../teaching/assignment-envelope';
import type { SubmissionAnswer } from '../../teaching/submission';
import { afterNextPaint } from '../../engine/next-task';
import { keepOnlyRenderPlaces } from '../figure/static-render';
import { cloneTemplate, readPageCatalogue } from './page-catalogue';

/** The code that reads a link and runs its tasks (assignment-code.ts), loaded only when there is a link. */
type TaskCode = typeof import('./assignment-code');

/** Where a figure task's answers are saved. */
export function figureTaskKey(assignmentId: string, index: number): string {
  return `assignment/${assignmentId}#task-${index + 1}`;
}

export function startAssignmentPage(): void {
  const root = document.querySelector<HTMLElement>('[data-assignment]');
  if (!root) return;
  const catalogue = readPageCatalogue();
  const exercises = new Map(catalogue.chapters.flatMap((chapter) => chapter.exercises.map((exercise) => [exercise.key, { ...exercise, chapter }] as const)));
  const figures = new Map(catalogue.figures.map((figure) => [figure.id, figure]));
  const message = root.querySelector<HTMLElement>('[data-testid="assignment-message"]')!;

  const refuse = (text: string) => {
    message.textContent = text;
    message.hidden = false;
    root.querySelector<HTMLElement>('[data-assignment-body]')!.hidden = true;
  };
  // The link's outside first, without the figures' code: the title and instructions show with the
  // page, and the tasks when the code that checks and runs them has arrived (on a slow phone, seconds).
  const showTasks = async (envelope: AssignmentEnvelope) => {
    let code: TaskCode;
    try {
      code = await import('./assignment-code');
    } catch {
      return refuse('The code of this page could not be loaded (are you offline?). Reload the page when you are connected; your link and your saved answers are kept.');
    }
    const decoded = code.decodeAssignmentTasks(envelope, { hasExercise: (key) => exercises.has(key) });
    if (!decoded.ok) return refuse(decoded.message);
    render(root, decoded.assignment, decoded.id, code);
  };

  const showHeading = ({ title, instructions, id }: AssignmentEnvelope) => {
    root.querySelector<HTMLElement>('[data-assignment-body]')!.hidden = false;
    root.querySelector('[data-testid="assignment-title"]')!.textContent = title || 'Assignment';
    document.title = `${title || 'Assignment'} | Saddle Point`;
    const paragraphs = instructions.split(/\n\s*\n/).filter(Boolean).map((paragraph) => element('p', paragraph));
    root.querySelector<HTMLElement>('[data-testid="assignment-instructions"]')!.replaceChildren(...paragraphs);
    root.querySelector('[data-testid="assignment-id"]')!.textContent = id;
  };

  function render(root: HTMLElement, assignment: Assignment, id: string, code: TaskCode): void {
    const list = root.querySelector<HTMLElement>('[data-testid="assignment-tasks"]')!;
    list.replaceChildren();
    assignment.tasks.forEach((task, index) => {
      const section = document.createElement('section');
      section.className = 'assignment-task';
      section.dataset.task = String(index + 1);
      const heading = element('h2', `Task ${index + 1}`);
      heading.id = `task-${index + 1}`;
      section.setAttribute('aria-labelledby', heading.id);
      section.append(heading);
      if (task.type === 'exercise') {
        const info = exercises.get(task.key)!;
        section.append(chapterLine(`Exercise ${info.number}, from `, info.chapter.title, `${info.chapter.path}#${task.key.split('#')[1]}`));
        const fragment = cloneTemplate('exercise', task.key, `-t${index + 1}`);
        if (fragment) section.append(fragment);
      } else {
        renderFigureTask(section, task, index, id, code);
      }
      list.append(section);
    });
    // Shown with the tasks, not before: they go above it, and would push it down under the student's eyes.
    root.querySelector<HTMLElement>('[data-assignment-submit]')!.hidden = false;
    wireSubmission(root, assignment, id, code);
  }

  function renderFigureTask(section: HTMLElement, task: FigureTask, index: number, id: string, { applyLocks, lockedSetup }: TaskCode): void {
    const info = figures.get(task.figure);
    if (info?.path) section.append(chapterLine(`Figure ${info.number}, from `, info.chapter ?? '', `${info.path}#fig-${task.figure}`));
    if (task.note) for (const paragraph of task.note.split(/\n\s*\n/)) section.append(element('p', paragraph));
    const fragment = cloneTemplate('figure', task.figure, `-t${index + 1}`);
    if (!fragment) return;
    const shell = fragment.querySelector<FigureShell>('sp-figure')!;
    // A task with a requirement trains on the CPU backend, the one the teacher's checker re-runs on,
    // so the numbers the student sees are the numbers the checker gets.
    // The student reads the task first: the figure trains when asked to.
    shell.setup = { ...lockedSetup(task.experiment, task.lock, task.hide, task.require ? 'cpu' : undefined), waitForReader: true };
    // The controls already in the page (the seed) are locked or hidden before they are shown, not
    // when the figure sets up, where a note appearing would move the toolbar under the student's eyes.
    applyLocks(shell, task.lock, task.hide);
    // The figure shows its first state as soon as its worker is ready (on the first screen, at once).
    keepOnlyRenderPlaces(fragment);
    const number = fragment.querySelector('.sp-figure-number');
    if (number) number.textContent = `Task ${index + 1}.`;
    section.append(fragment);
    if (task.require) {
      const check = document.createElement('sp-figure-check') as FigureCheckElement;
      check.shell = shell;
      check.setAttribute('figure', task.figure);
      check.setAttribute('require', task.require);
      check.setAttribute('progress-key', figureTaskKey(id, index));
      section.append(check);
    }
  }

  function wireSubmission(root: HTMLElement, assignment: Assignment, id: string, { claimOfAttempt, encodeSubmission }: TaskCode): void {
    const form = root.querySelector<HTMLFormElement>('[data-testid="submission-form"]')!;
    const name = root.querySelector<HTMLInputElement>('[data-testid="submission-name"]')!;
    const output = root.querySelector<HTMLTextAreaElement>('[data-testid="submission-code"]')!;
    const status = root.querySelector<HTMLElement>('[data-testid="submission-status"]')!;
    const result = root.querySelector<HTMLElement>('[data-submission-result]')!;
    const savedName = localStorage.getItem('saddle-point:student-name');
    if (savedName && !name.value) name.value = savedName;
    form.onsubmit = (event) => {
      event.preventDefault();
      if (name.value.trim() === '') {
        status.textContent = 'Type your name first: your teacher needs it to grade your work.';
        name.focus();
        return;
      }
      try {
        localStorage.setItem('saddle-point:student-name', name.value.trim());
      } catch {
        // Storage off: the name is simply not remembered.
      }
      const { progress } = loadProgress(browserStorage());
      const answers: SubmissionAnswer[] = [];
      let answered = 0;
      assignment.tasks.forEach((task, index) => {
        if (task.type === 'exercise') {
          const last = progress.attempts[task.key]?.at(-1);
          if (last) {
            answers.push({ task: index, answer: last.answer });
            answered++;
          }
        } else if (task.require) {
          const attempts = progress.attempts[figureTaskKey(id, index)] ?? [];
          // The last answer that met the task, else the last one.
          const chosen = [...attempts].reverse().find((attempt) => attempt.verdict === 'correct') ?? attempts.at(-1);
          const claim = claimOfAttempt(chosen);
          if (claim) {
            answers.push({ task: index, claim });
            answered++;
          }
        }
      });
      const gradable = assignment.tasks.filter((task) => task.type === 'exercise' || task.require).length;
      const code = encodeSubmission({ assignment: id, name: name.value.trim(), at: new Date().toISOString(), answers });
      output.value = code;
      result.hidden = false;
      status.textContent = `Your submission code holds your answers to ${answered} of ${gradable} tasks. Copy it or save it as a file, and hand it in as your teacher asked.`;
    };
    root.querySelector<HTMLButtonElement>('[data-testid="submission-copy"]')!.onclick = async () => {
      try {
        await navigator.clipboard.writeText(output.value);
        status.textContent = 'Copied.';
      } catch {
        output.select();
        status.textContent = 'Select the code and copy it (Ctrl+C or ⌘C).';
      }
    };
    root.querySelector<HTMLButtonElement>('[data-testid="submission-download"]')!.onclick = () => {
      const blob = new Blob([`${output.value}\n`], { type: 'text/plain' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `submission-${id}-${name.value.trim().replace(/[^\w-]+/g, '-').slice(0, 40)}.txt`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    };
  }

  function chapterLine(prefix: string, title: string, href: string): HTMLElement {
    const line = element('p', prefix);
    line.className = 'assignment-source';
    const link = element('a', title);
    link.setAttribute('href', href);
    line.append(link);
    return line;
  }

  if (location.hash.length <= 1) {
    refuse('This page shows an assignment from a link your teacher sends you. There is no assignment in this address.');
  } else {
    const read = readAssignmentEnvelope(location.hash);
    if (!read.ok) refuse(read.message);
    else {
      showHeading(read.envelope);
      // After the heading is painted, in a task of its own: starting the import announces each of the
      // link code's 26 modules with a <link rel="modulepreload"> (about 0.8 ms each, unthrottled),
      // which had lengthened the task that evaluates the page's own scripts.
      void afterNextPaint().then(() => showTasks(read.envelope));
    }
  }
  // A new link pasted into the address bar of an open page: start again from it.
  window.addEventListener('hashchange', () => location.reload());
}

function element(tag: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}
