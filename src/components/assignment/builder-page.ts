/**
 * The assignment builder (/teachers/assign/): the teacher adds exercises of any chapter and figure
 * set-ups, each figure a live copy of the book's figure in which they choose the settings and seed,
 * mark each control editable, locked or hidden, and optionally set a requirement on the figure's
 * state (or take one of the chapters' figure-state exercises); then one button makes the link.
 */
import type { FigureShell } from '../figure/figure-setup';
import type { Task } from '../../teaching/assignment';
import { parseRequirements, requirementWords } from '../../teaching/figure-checks';
import { cloneTemplate, readPageCatalogue } from './page-catalogue';

/**
 * The figures' code and the link's encoder (builder-figures.ts): fetched when the teacher first
 * touches the page's form, not with the page, whose pickers need only the catalogue.
 */
let figureCode: Promise<typeof import('./builder-figures')> | undefined;
const loadFigureCode = () => (figureCode ??= import('./builder-figures'));

type Draft =
  | { type: 'exercise'; key: string; card: HTMLElement }
  | { type: 'figure'; figure: string; card: HTMLElement; shell: FigureShell; modes: Map<string, 'free' | 'locked' | 'hidden'> };

export function startBuilderPage(): void {
  const root = document.querySelector<HTMLElement>('[data-builder]');
  if (!root) return;
  const catalogue = readPageCatalogue();
  const drafts: Draft[] = [];
  let counter = 0;
  const list = root.querySelector<HTMLElement>('[data-testid="builder-tasks"]')!;
  const status = root.querySelector<HTMLElement>('[data-testid="builder-status"]')!;
  for (const type of ['focusin', 'pointerdown']) root.addEventListener(type, () => void loadFigureCode(), { once: true });

  // ── Pickers ──
  const exercisePicker = root.querySelector<HTMLSelectElement>('[data-testid="pick-exercise"]')!;
  for (const chapter of catalogue.chapters) {
    if (!chapter.exercises.length) continue;
    const group = document.createElement('optgroup');
    group.label = chapter.title;
    for (const exercise of chapter.exercises) group.append(new Option(`Exercise ${exercise.number}: ${exercise.question.slice(0, 70)}…`, exercise.key));
    exercisePicker.append(group);
  }
  const figurePicker = root.querySelector<HTMLSelectElement>('[data-testid="pick-figure"]')!;
  for (const figure of catalogue.figures) figurePicker.append(new Option(`${figure.number ? `Figure ${figure.number}: ` : ''}${figure.title}`, `figure:${figure.id}`));
  const presets = catalogue.chapters.flatMap((chapter) => chapter.figureExercises);
  if (presets.length) {
    const group = document.createElement('optgroup');
    group.label = 'Figure-state exercises of the chapters';
    for (const preset of presets) group.append(new Option(`Exercise ${preset.number}: ${preset.question.slice(0, 60)}…`, `preset:${preset.key}`));
    figurePicker.append(group);
  }

  root.querySelector('[data-testid="add-exercise"]')!.addEventListener('click', () => {
    const key = exercisePicker.value;
    if (drafts.some((draft) => draft.type === 'exercise' && draft.key === key)) {
      status.textContent = 'That exercise is already in the assignment.';
      return;
    }
    const card = cardFor(`Exercise ${catalogue.chapters.flatMap((c) => c.exercises).find((e) => e.key === key)?.number ?? key}`);
    drafts.push({ type: 'exercise', key, card });
    list.append(card);
    status.textContent = 'Exercise added.';
  });

  root.querySelector('[data-testid="add-figure"]')!.addEventListener('click', async () => {
    const value = figurePicker.value;
    const preset = value.startsWith('preset:') ? presets.find((p) => `preset:${p.key}` === value) : undefined;
    const figureId = preset ? preset.figure : value.replace(/^figure:/, '');
    const { getFigure } = await loadFigureCode();
    const spec = getFigure(figureId);
    if (!spec) return;
    const index = ++counter;
    const card = cardFor(`Figure: ${spec.title}`);
    const fragment = cloneTemplate('figure', figureId, `-b${index}`);
    if (!fragment) return;
    const shell = fragment.querySelector<FigureShell>('sp-figure')!;
    const modes = new Map<string, 'free' | 'locked' | 'hidden'>();
    const table = document.createElement('fieldset');
    table.className = 'builder-locks';
    table.dataset.testid = 'builder-locks';
    const legend = document.createElement('legend');
    legend.textContent = 'Controls the student may change';
    table.append(legend);
    shell.setup = {
      experiment: spec.experiment,
      controlsRendered: (element) => renderLockTable(element, table, modes),
    };
    const note = labelled(card, 'textarea', 'What the student should do (shown above the figure)', `builder-note-${index}`) as HTMLTextAreaElement;
    note.dataset.testid = 'builder-note';
    if (preset) note.value = preset.question;
    card.append(fragment, table);
    const requirement = labelled(card, 'input', 'Requirement on the figure’s state, checked and re-run by the checker (optional), e.g. modesCaptured >= 8, step <= 2000', `builder-require-${index}`) as HTMLInputElement;
    requirement.dataset.testid = 'builder-require';
    if (preset) requirement.value = preset.require;
    const feedback = document.createElement('p');
    feedback.className = 'builder-require-feedback';
    requirement.after(feedback);
    const describe = () => {
      const parsed = requirement.value.trim() ? parseRequirements(requirement.value) : null;
      feedback.textContent = parsed === null ? 'No requirement: a figure to explore.' : parsed.ok ? `Checked: ${requirementWords(requirement.value)}.` : parsed.message;
    };
    requirement.addEventListener('input', describe);
    describe();
    drafts.push({ type: 'figure', figure: figureId, card, shell, modes });
    list.append(card);
    status.textContent = 'Figure added: set it up below, then choose which controls to lock or hide.';
  });

  function cardFor(title: string): HTMLElement {
    const card = document.createElement('section');
    card.className = 'builder-task';
    card.dataset.testid = 'builder-task';
    const heading = document.createElement('h3');
    heading.textContent = title;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'sp-button sp-small';
    remove.textContent = 'Remove';
    remove.addEventListener('click', () => {
      const at = drafts.findIndex((draft) => draft.card === card);
      if (at >= 0) drafts.splice(at, 1);
      card.remove();
    });
    const up = document.createElement('button');
    up.type = 'button';
    up.className = 'sp-button sp-small';
    up.textContent = 'Move up';
    up.addEventListener('click', () => {
      const at = drafts.findIndex((draft) => draft.card === card);
      if (at <= 0) return;
      [drafts[at - 1], drafts[at]] = [drafts[at], drafts[at - 1]];
      card.previousElementSibling?.before(card);
    });
    card.append(heading, up, remove);
    return card;
  }

  function renderLockTable(shell: HTMLElement, table: HTMLElement, modes: Map<string, 'free' | 'locked' | 'hidden'>): void {
    for (const row of table.querySelectorAll('.builder-lock-row')) row.remove();
    const seen = new Set<string>();
    for (const control of shell.querySelectorAll<HTMLElement>('[data-path]')) {
      const path = control.dataset.path ?? '';
      if (!path || seen.has(path)) continue;
      seen.add(path);
      const label = control.querySelector('label')?.textContent ?? path;
      const row = document.createElement('div');
      row.className = 'builder-lock-row';
      row.dataset.path = path;
      const name = document.createElement('span');
      name.textContent = label;
      const select = document.createElement('select');
      select.setAttribute('aria-label', `${label}: editable, locked or hidden`);
      select.dataset.testid = 'builder-lock';
      select.dataset.path = path;
      for (const [value, text] of [['free', 'editable'], ['locked', 'locked (shown)'], ['hidden', 'hidden']]) select.append(new Option(text, value));
      select.value = modes.get(path) ?? 'free';
      select.addEventListener('change', () => modes.set(path, select.value as 'free' | 'locked' | 'hidden'));
      row.append(name, select);
      table.append(row);
    }
  }

  function labelled(card: HTMLElement, tag: 'input' | 'textarea', text: string, id: string): HTMLElement {
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = text;
    label.className = 'builder-label';
    const field = document.createElement(tag);
    field.id = id;
    card.append(label, field);
    return field;
  }

  // ── Making the link ──
  root.querySelector<HTMLFormElement>('[data-testid="builder-form"]')!.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { encodeAssignment, getFigure } = await loadFigureCode();
    const title = root.querySelector<HTMLInputElement>('[data-testid="builder-title"]')!.value.trim();
    const instructions = root.querySelector<HTMLTextAreaElement>('[data-testid="builder-instructions"]')!.value.trim();
    if (!drafts.length) {
      status.textContent = 'Add at least one exercise or figure first.';
      return;
    }
    const tasks: Task[] = [];
    for (const draft of drafts) {
      if (draft.type === 'exercise') {
        tasks.push({ type: 'exercise', key: draft.key });
        continue;
      }
      const state = draft.shell.figureState();
      const require = draft.card.querySelector<HTMLInputElement>('[data-testid="builder-require"]')!.value.trim();
      if (require && !parseRequirements(require).ok) {
        status.textContent = `A figure's requirement cannot be read: ${(parseRequirements(require) as { message: string }).message}`;
        return;
      }
      const pick = (mode: string) => [...draft.modes].filter(([, value]) => value === mode).map(([path]) => path);
      tasks.push({
        type: 'figure',
        figure: draft.figure,
        experiment: state?.experiment ?? getFigure(draft.figure)!.experiment,
        lock: pick('locked'),
        hide: pick('hidden'),
        note: draft.card.querySelector<HTMLTextAreaElement>('[data-testid="builder-note"]')!.value.trim(),
        require,
      });
    }
    const code = encodeAssignment({ title, instructions, tasks });
    const link = new URL(`/assignment/#${code}`, location.href).href;
    const output = root.querySelector<HTMLInputElement>('[data-testid="builder-link"]')!;
    output.value = link;
    root.querySelector<HTMLElement>('[data-builder-result]')!.hidden = false;
    root.querySelector<HTMLAnchorElement>('[data-testid="builder-open"]')!.href = link;
    root.querySelector<HTMLAnchorElement>('[data-testid="builder-checker"]')!.href = `/teachers/check/#${code}`;
    root.querySelector('[data-testid="builder-id"]')!.textContent = code.split('.').at(-1)!;
    status.textContent = `The link is ready (${link.length} characters). Send it to your students; keep it for the checker.`;
    output.focus();
    output.select();
  });
}
