/**
 * <sp-figure-check figure="ring-gan" require="modesCaptured >= 8, step <= 2000" progress-key="…">:
 * an exercise whose answer is the state of a live figure. It watches the figure (the shell's
 * `sp-figure-state` event), says where the figure stands against each requirement, and on "Check"
 * judges the figure's CURRENT numbers (figure-checks.ts). Every check is saved like any exercise
 * answer (progress/store.ts), as a claim that keeps the settings, seed, step, backend and numbers,
 * so "Load these settings" can put a saved answer back into the figure and re-run it, and an
 * assignment can submit it for the teacher's checker to re-run.
 *
 * The figure is the page's `sp-figure[figure-id=…]` (the first one), or the element given as
 * `shell` (the assignment page, where one figure may appear more than once).
 */
import { getFigure } from '../engine/experiments/figures';
import { decodeExperiment, encodeExperiment } from '../engine/experiments/url';
import { figureStateEvent, type FigureShell, type FigureState } from './figure/figure-setup';
import { browserStorage } from './progress/browser-storage';
import { loadProgress, problemSentences, recordAttempt, type Attempt } from './progress/store';
import { describeRequirement, formatMeasure, judge, measuresOf, measureWords, parseRequirements, type Requirement } from '../teaching/figure-checks';
import type { FigureClaim } from '../teaching/submission';

/** The claim a saved attempt holds, or null if it holds none (an older or foreign answer). */
export function claimOfAttempt(attempt: Attempt | undefined): FigureClaim | null {
  if (!attempt) return null;
  try {
    const value = JSON.parse(attempt.answer) as FigureClaim;
    return typeof value?.settings === 'string' && typeof value.step === 'number' ? value : null;
  } catch {
    return null;
  }
}

export function claimFromState(state: FigureState, requirements: readonly Requirement[]): FigureClaim | null {
  const spec = getFigure(state.figureId);
  if (!spec || !state.snapshot) return null;
  const all = measuresOf(state.snapshot, state.lastMetrics);
  const measures: Record<string, number> = {};
  for (const { measure } of requirements) if (all[measure] !== undefined) measures[measure] = all[measure];
  return { figure: state.figureId, settings: encodeExperiment(state.experiment, spec.experiment), step: state.snapshot.step, backend: state.backend ?? 'unknown', measures };
}

export class FigureCheckElement extends HTMLElement {
  shell: FigureShell | null = null;
  private requirements: Requirement[] = [];
  private status!: HTMLElement;
  private feedback!: HTMLElement;
  private saved!: HTMLElement;
  private loadButton!: HTMLButtonElement;
  private listening: FigureShell | null = null;

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return;
    const parsed = parseRequirements(this.getAttribute('require') ?? '');
    const figureId = this.getAttribute('figure') ?? '';
    if (!parsed.ok) {
      this.textContent = `This exercise cannot be checked: ${parsed.message}`;
      return;
    }
    this.requirements = parsed.requirements;
    const list = document.createElement('ul');
    list.className = 'sp-check-requirements';
    for (const requirement of this.requirements) {
      const item = document.createElement('li');
      item.textContent = describeRequirement(requirement);
      list.append(item);
    }
    const intro = document.createElement('p');
    intro.className = 'sp-check-intro';
    intro.textContent = `Checked on the figure ${getFigure(figureId)?.title ? `“${getFigure(figureId)!.title}”` : figureId} as it is when you press Check. It needs:`;
    this.status = element('p', 'sp-check-status', '');
    this.status.setAttribute('aria-live', 'off');
    this.status.dataset.testid = 'figure-check-status';
    const actions = element('div', 'sp-check-actions', '');
    const check = element('button', 'exercise-check', 'Check the figure') as HTMLButtonElement;
    check.type = 'button';
    check.dataset.testid = 'figure-check';
    this.feedback = element('p', 'exercise-feedback', '');
    this.feedback.setAttribute('role', 'status');
    this.feedback.dataset.testid = 'figure-check-feedback';
    actions.append(check, this.feedback);
    this.saved = element('p', 'exercise-saved', '');
    this.loadButton = element('button', 'sp-link-button', 'Load these settings into the figure') as HTMLButtonElement;
    this.loadButton.type = 'button';
    this.loadButton.hidden = true;
    this.loadButton.dataset.testid = 'figure-check-load';
    this.append(intro, list, this.status, actions, this.saved, this.loadButton);
    check.addEventListener('click', () => this.check());
    this.loadButton.addEventListener('click', () => this.loadSaved());
    this.dataset.ready = '';
    this.restore();
    // The shell may be defined or inserted after this element: look for it until found.
    const attach = () => {
      const shell = this.findShell();
      if (shell && shell !== this.listening) {
        this.listening?.removeEventListener(figureStateEvent, this.onState);
        shell.addEventListener(figureStateEvent, this.onState);
        this.listening = shell;
        this.onState();
      }
      if (!shell) setTimeout(attach, 500);
    };
    attach();
  }

  private findShell(): FigureShell | null {
    return this.shell ?? document.querySelector<FigureShell>(`sp-figure[figure-id="${this.getAttribute('figure')}"]`);
  }

  private onState = (): void => {
    const state = this.findShell()?.figureState?.();
    if (!state?.snapshot) {
      this.status.textContent = 'The figure has not trained yet.';
      return;
    }
    const measures = measuresOf(state.snapshot, state.lastMetrics);
    const now = this.requirements
      .map(({ measure }) => `${measureWords(measure)} ${measures[measure] === undefined ? '—' : formatMeasure(measures[measure])}`)
      .join(', ');
    this.status.textContent = `Now: ${now}.`;
  };

  private check(): void {
    const state = this.findShell()?.figureState?.();
    if (!state?.snapshot) {
      this.show('invalid', 'The figure has not trained yet: press Run (or Step) on it first.');
      return;
    }
    const verdict = judge(this.requirements, measuresOf(state.snapshot, state.lastMetrics));
    const claim = claimFromState(state, this.requirements);
    const where = `seed ${state.experiment.seed}, step ${state.snapshot.step}`;
    if (verdict.satisfied) this.show('correct', `Done: the figure meets every requirement (${where}). Your settings are saved with this answer.`);
    else this.show('incorrect', `Not yet (${where}): ${verdict.failures.join('; ')}.`);
    const key = this.getAttribute('progress-key');
    if (!key || !claim) return;
    const result = recordAttempt(browserStorage(), key, { answer: JSON.stringify(claim), verdict: verdict.satisfied ? 'correct' : 'incorrect', at: new Date().toISOString() });
    this.saved.textContent = result.saved ? '' : problemSentences[result.problem];
    this.loadButton.hidden = false;
  }

  /** The last saved answer, as a sentence and a button that loads its settings. */
  private restore(): void {
    const key = this.getAttribute('progress-key');
    if (!key) return;
    const last = loadProgress(browserStorage()).progress.attempts[key]?.at(-1);
    const claim = claimOfAttempt(last);
    if (!last || !claim) return;
    this.dataset.state = last.verdict;
    this.saved.textContent = `Your last answer (${last.verdict === 'correct' ? 'it met the task' : 'not yet'}): seed ${seedOf(claim)}, step ${claim.step}, on ${claim.backend}, checked ${new Date(last.at).toLocaleString()}.`;
    this.loadButton.hidden = false;
  }

  private loadSaved(): void {
    const key = this.getAttribute('progress-key');
    const claim = key ? claimOfAttempt(loadProgress(browserStorage()).progress.attempts[key]?.at(-1)) : null;
    const spec = claim ? getFigure(claim.figure) : undefined;
    const shell = this.findShell();
    if (!claim || !spec || !shell) return;
    const decoded = decodeExperiment(claim.settings, spec.experiment);
    if (!decoded.ok) {
      this.show('invalid', decoded.message);
      return;
    }
    shell.loadExperiment(decoded.experiment);
    this.show('invalid', `Loaded your saved settings (seed ${decoded.experiment.seed}); train to step ${claim.step} and check again.`);
    shell.scrollIntoView({ block: 'center' });
  }

  private show(state: 'correct' | 'incorrect' | 'invalid', message: string): void {
    this.dataset.state = state;
    this.feedback.textContent = message;
  }
}

function seedOf(claim: FigureClaim): string {
  const spec = getFigure(claim.figure);
  const decoded = spec ? decodeExperiment(claim.settings, spec.experiment) : null;
  return decoded?.ok ? String(decoded.experiment.seed) : '?';
}

function element(tag: string, className: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

if (!customElements.get('sp-figure-check')) customElements.define('sp-figure-check', FigureCheckElement);
