/**
 * <saddle-exercise>: checks an exercise's answer in the browser. The markup (Exercise.astro) holds
 * the answer in data attributes; this only reads the answer, compares and writes the verdict into the
 * polite live region. The Check button or Enter in an answer checks it (the answer area is not a
 * <form>, see Exercise.astro, so Enter is handled here as a form's implicit submission would be).
 *
 * Every checked answer (right or wrong) is saved in the browser (progress/store.ts) under the
 * exercise's progress key; on load, and when another tab saves, the last answer and its verdict are
 * shown again. When the browser cannot keep answers, a sentence says so and checking still works.
 */
import {
  allowedError,
  defaultTolerance,
  isWithinTolerance,
  normaliseText,
  parseNumber,
} from './exercise-answer';
import { browserStorage } from './progress/browser-storage';
import {
  loadProgress,
  problemSentences,
  progressStorageKey,
  recordAttempt,
  type Attempt,
} from './progress/store';

type Verdict = { state: 'correct' | 'incorrect' | 'invalid'; message: string };

/** Plain-text rendering of a number for messages: short, no float noise. */
function formatNumber(value: number): string {
  // A true minus sign reads better and is announced as "minus".
  return Number(value.toPrecision(6)).toString().replace(/^-/, '\u2212');
}

/** "on 30 Nov 2026, 19:40", in the reader's own locale and time zone. */
function formatTime(iso: string): string {
  const date = new Date(iso);
  return `on ${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}, ${date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}

class SaddleExercise extends HTMLElement {
  private answerArea: HTMLElement | null = null;
  private feedback: HTMLElement | null = null;
  private saved: HTMLElement | null = null;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** The time of the attempt on show, so a storage event for the same attempt changes nothing. */
  private shownAttemptTime: string | undefined;

  connectedCallback(): void {
    this.answerArea = this.querySelector('.exercise-answer-area');
    this.feedback = this.querySelector('.exercise-feedback');
    this.saved = this.querySelector('.exercise-saved');
    if (!this.answerArea || !this.feedback) return;
    this.answerArea.addEventListener('click', this.onClick);
    this.answerArea.addEventListener('keydown', this.onKey);
    this.answerArea.addEventListener('input', this.onEdit);
    this.answerArea.addEventListener('change', this.onEdit);
    window.addEventListener('storage', this.onStorage);
    this.restoreLastAttempt();
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.answerArea?.removeEventListener('click', this.onClick);
    this.answerArea?.removeEventListener('keydown', this.onKey);
    this.answerArea?.removeEventListener('input', this.onEdit);
    this.answerArea?.removeEventListener('change', this.onEdit);
    window.removeEventListener('storage', this.onStorage);
    clearTimeout(this.announceTimer);
  }

  private get progressKey(): string | undefined {
    return this.dataset.progressKey;
  }

  private onClick = (event: MouseEvent): void => {
    if ((event.target as Element).closest('.exercise-check')) this.check();
  };

  /** Enter in the answer field or on an option checks, as it would submit a form. */
  private onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.isComposing || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    this.check();
  };

  private check(): void {
    const verdict = this.evaluate();
    this.show(verdict);
    if (verdict.state !== 'invalid') this.save(verdict.state);
  }

  /** Another tab of the book saved (or reset) progress: show this exercise's latest attempt. */
  private onStorage = (event: StorageEvent): void => {
    if (event.key !== progressStorageKey && event.key !== null) return;
    this.restoreLastAttempt();
  };

  private save(verdict: Attempt['verdict']): void {
    const key = this.progressKey;
    if (!key) return;
    const attempt: Attempt = { answer: this.givenAnswer(), verdict, at: new Date().toISOString() };
    const result = recordAttempt(browserStorage(), key, attempt);
    this.shownAttemptTime = attempt.at;
    this.setSavedLine(result.saved ? '' : problemSentences[result.problem], !result.saved);
  }

  /** The answer as given: the typed text, or the chosen option's own text (stable across builds). */
  private givenAnswer(): string {
    if (this.dataset.kind === 'choice') {
      return this.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.dataset.choiceText ?? '';
    }
    return this.textInput()?.value.trim() ?? '';
  }

  /** Puts the last saved answer back and shows its verdict, as checked now. */
  private restoreLastAttempt(): void {
    const key = this.progressKey;
    if (!key) return;
    const { progress, problem } = loadProgress(browserStorage());
    if (problem === 'unavailable' || problem === 'newer') {
      this.setSavedLine(problemSentences[problem], true);
      return;
    }
    const last = progress.attempts[key]?.at(-1);
    if (!last) {
      // Nothing saved (any more: another tab may have reset the progress).
      if (this.shownAttemptTime !== undefined) this.clearAnswer();
      this.shownAttemptTime = undefined;
      return;
    }
    if (last.at === this.shownAttemptTime) return;
    this.shownAttemptTime = last.at;
    if (!this.fillAnswer(last.answer)) return;
    const verdict = this.evaluate();
    if (verdict.state === 'invalid') return;
    this.show(verdict, { announce: false });
    this.setSavedLine(`Your last answer, checked ${formatTime(last.at)}.`, false);
  }

  private fillAnswer(answer: string): boolean {
    if (this.dataset.kind === 'choice') {
      const radio = [...this.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find(
        (input) => input.dataset.choiceText === answer,
      );
      if (!radio) return false; // the option is no longer in the book
      radio.checked = true;
      return true;
    }
    const input = this.textInput();
    if (!input) return false;
    input.value = answer;
    return true;
  }

  private clearAnswer(): void {
    const input = this.textInput();
    if (input) {
      input.value = '';
      input.removeAttribute('aria-invalid');
    }
    for (const radio of this.querySelectorAll<HTMLInputElement>('input[type="radio"]')) radio.checked = false;
    delete this.dataset.state;
    if (this.feedback) this.feedback.textContent = '';
    this.setSavedLine('', false);
  }

  private setSavedLine(text: string, problem: boolean): void {
    if (!this.saved) return;
    this.saved.textContent = text;
    this.saved.toggleAttribute('data-problem', problem);
  }

  /** Editing the answer clears a stale verdict. */
  private onEdit = (): void => {
    if (!this.dataset.state) return;
    delete this.dataset.state;
    this.textInput()?.removeAttribute('aria-invalid');
  };

  private textInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>('input.exercise-input');
  }

  private evaluate(): Verdict {
    const kind = this.dataset.kind;
    if (kind === 'choice') return this.evaluateChoice();
    if (kind === 'text') return this.evaluateText();
    return this.evaluateNumber();
  }

  private evaluateChoice(): Verdict {
    const selected = this.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    if (!selected) return { state: 'invalid', message: 'Choose one of the answers first.' };
    if (selected.value === this.dataset.answerIndex) return { state: 'correct', message: 'Correct!' };
    return { state: 'incorrect', message: 'Not quite — that is not the answer. Try again, or open the hint.' };
  }

  private evaluateText(): Verdict {
    const raw = this.textInput()?.value ?? '';
    if (raw.trim() === '') return { state: 'invalid', message: 'Type an answer first.' };
    if (normaliseText(raw) === normaliseText(this.dataset.answer ?? '')) {
      return { state: 'correct', message: 'Correct!' };
    }
    return { state: 'incorrect', message: 'Not quite — try again, or open the hint.' };
  }

  private evaluateNumber(): Verdict {
    const raw = this.textInput()?.value ?? '';
    const parsed = parseNumber(raw);
    if (!parsed.ok) {
      const messages = {
        empty: 'Type a number first.',
        comma: 'Not quite readable — use a point for decimals (0.5, not 0,5) and no thousands separators.',
        invalid: `Not quite readable — “${raw.trim()}” is not a number. Write it like 0.693, -1.5, 2e-3 or 3/4.`,
      } as const;
      return { state: 'invalid', message: messages[parsed.reason] };
    }
    const answer = Number(this.dataset.answer);
    const tolerance = {
      tolerance: Number(this.dataset.tolerance ?? defaultTolerance),
      relativeTolerance: this.dataset.relativeTolerance ? Number(this.dataset.relativeTolerance) : undefined,
    };
    const unit = this.dataset.unit ? ` ${this.dataset.unit}` : '';
    if (isWithinTolerance(parsed.value, answer, tolerance)) {
      return { state: 'correct', message: `Correct! The answer is ${formatNumber(answer)}${unit}.` };
    }
    return {
      state: 'incorrect',
      message:
        `Not quite — ${formatNumber(parsed.value)} is not within ±${formatNumber(allowedError(answer, tolerance))}` +
        ` of the answer. Try again, or open the hint.`,
    };
  }

  private show({ state, message }: Verdict, { announce = true } = {}): void {
    const feedback = this.feedback;
    if (!feedback) return;
    this.dataset.state = state;
    const input = this.textInput();
    if (input) {
      if (state === 'correct') input.removeAttribute('aria-invalid');
      else input.setAttribute('aria-invalid', 'true');
    }
    clearTimeout(this.announceTimer);
    if (!announce) {
      feedback.textContent = message;
      return;
    }
    // Empty the live region first, so that the same message twice in a row is announced again.
    feedback.textContent = '';
    this.announceTimer = setTimeout(() => {
      feedback.textContent = message;
    }, 50);
  }
}

if (!customElements.get('saddle-exercise')) customElements.define('saddle-exercise', SaddleExercise);
