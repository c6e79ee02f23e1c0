/**
 * <saddle-exercise>: checks an exercise's answer in the browser. The markup (Exercise.astro) holds
 * the answer in data attributes; this only reads the form, compares and writes the verdict into the
 * polite live region. The form uses method="dialog", so submitting never navigates or reloads.
 */
import {
  allowedError,
  defaultTolerance,
  isWithinTolerance,
  normaliseText,
  parseNumber,
} from './exercise-answer';

type Verdict = { state: 'correct' | 'incorrect' | 'invalid'; message: string };

/** Plain-text rendering of a number for messages: short, no float noise. */
function formatNumber(value: number): string {
  // A true minus sign reads better and is announced as "minus".
  return Number(value.toPrecision(6)).toString().replace(/^-/, '\u2212');
}

class SaddleExercise extends HTMLElement {
  private form: HTMLFormElement | null = null;
  private feedback: HTMLElement | null = null;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    this.form = this.querySelector('form.exercise-form');
    this.feedback = this.querySelector('.exercise-feedback');
    if (!this.form || !this.feedback) return;
    this.form.addEventListener('submit', this.onSubmit);
    this.form.addEventListener('input', this.onEdit);
    this.form.addEventListener('change', this.onEdit);
    this.dataset.ready = '';
  }

  disconnectedCallback(): void {
    this.form?.removeEventListener('submit', this.onSubmit);
    this.form?.removeEventListener('input', this.onEdit);
    this.form?.removeEventListener('change', this.onEdit);
    clearTimeout(this.announceTimer);
  }

  private onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.show(this.evaluate());
  };

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

  private show({ state, message }: Verdict): void {
    const feedback = this.feedback;
    if (!feedback) return;
    this.dataset.state = state;
    const input = this.textInput();
    if (input) {
      if (state === 'correct') input.removeAttribute('aria-invalid');
      else input.setAttribute('aria-invalid', 'true');
    }
    // Empty the live region first, so that the same message twice in a row is announced again.
    feedback.textContent = '';
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      feedback.textContent = message;
    }, 50);
  }
}

if (!customElements.get('saddle-exercise')) customElements.define('saddle-exercise', SaddleExercise);
