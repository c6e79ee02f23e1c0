/**
 * Small HTML controls for explorers: labelled number inputs, sliders with a number beside them,
 * selects, comma-separated lists and groups. Each control calls back with a value and can be set
 * from outside (when a drag or a share link changed the state), without echoing a change event.
 * They use the shell's control styles (.sp-control), so explorers and training figures look alike.
 */
import { formatNumber } from '../plots';

let counter = 0;
const nextId = (prefix: string) => `sp-${prefix}-${++counter}`;

export interface ControlHandle<T> {
  element: HTMLElement;
  set(value: T): void;
}

interface NumberOptions {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** A short help text under the control. */
  hint?: string;
  /** Test hook and CSS hook. */
  name?: string;
  onChange(value: number): void;
}

function controlWrapper(label: string, id: string, name?: string): { wrapper: HTMLDivElement; labelElement: HTMLLabelElement } {
  const wrapper = document.createElement('div');
  wrapper.className = 'sp-control';
  if (name) wrapper.dataset.control = name;
  const labelElement = document.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  wrapper.append(labelElement);
  return { wrapper, labelElement };
}

function addHint(wrapper: HTMLElement, input: HTMLElement, id: string, hint?: string): HTMLParagraphElement {
  const describedBy: string[] = [];
  if (hint) {
    const hintElement = document.createElement('p');
    hintElement.className = 'sp-control-hint';
    hintElement.id = `${id}-hint`;
    hintElement.textContent = hint;
    wrapper.append(hintElement);
    describedBy.push(hintElement.id);
  }
  const error = document.createElement('p');
  error.className = 'sp-control-error';
  error.id = `${id}-error`;
  error.hidden = true;
  wrapper.append(error);
  describedBy.push(error.id);
  input.setAttribute('aria-describedby', describedBy.join(' '));
  return error;
}

/** Text of a number for an input: plain, without float noise (0.30000000000000004 → 0.3). */
export function numberText(value: number): string {
  return String(Number(value.toPrecision(10)));
}

function wireNumber(input: HTMLInputElement, error: HTMLParagraphElement, options: NumberOptions, also?: (value: number) => void): void {
  const read = (): number | null => {
    const text = input.value.trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) return null;
    return value;
  };
  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  };
  const clearError = () => {
    error.hidden = true;
    error.textContent = '';
    input.removeAttribute('aria-invalid');
  };
  // While typing, apply values that are in range; on commit, explain anything else.
  input.addEventListener('input', () => {
    const value = read();
    if (value !== null && value >= options.min && value <= options.max) {
      clearError();
      also?.(value);
      options.onChange(value);
    }
  });
  input.addEventListener('change', () => {
    const value = read();
    if (value === null) {
      showError(`Enter a number between ${formatNumber(options.min)} and ${formatNumber(options.max)}.`);
      return;
    }
    if (value < options.min || value > options.max) {
      showError(`Must be between ${formatNumber(options.min)} and ${formatNumber(options.max)}.`);
      return;
    }
    clearError();
    also?.(value);
    options.onChange(value);
  });
}

/** A labelled number input. */
export function numberControl(options: NumberOptions): ControlHandle<number> {
  const id = nextId('number');
  const { wrapper } = controlWrapper(options.label, id, options.name);
  const input = document.createElement('input');
  input.type = 'number';
  input.id = id;
  input.inputMode = 'decimal';
  input.min = String(options.min);
  input.max = String(options.max);
  input.step = String(options.step);
  input.value = numberText(options.value);
  wrapper.append(input);
  const error = addHint(wrapper, input, id, options.hint);
  wireNumber(input, error, options);
  return {
    element: wrapper,
    set(value) {
      // Never overwrite what the reader is typing into this very field.
      if (document.activeElement === input) return;
      input.value = numberText(value);
      error.hidden = true;
      input.removeAttribute('aria-invalid');
    },
  };
}

/** A slider with a number input beside it; both edit the same value. */
export function sliderControl(options: NumberOptions): ControlHandle<number> {
  const id = nextId('slider');
  const { wrapper } = controlWrapper(options.label, `${id}-number`, options.name);
  wrapper.classList.add('sp-control-slider');
  const row = document.createElement('div');
  row.className = 'sp-slider-row';
  const range = document.createElement('input');
  range.type = 'range';
  range.id = id;
  range.min = String(options.min);
  range.max = String(options.max);
  range.step = String(options.step);
  range.value = String(options.value);
  range.setAttribute('aria-label', `${options.label} (slider)`);
  const input = document.createElement('input');
  input.type = 'number';
  input.id = `${id}-number`;
  input.inputMode = 'decimal';
  input.min = String(options.min);
  input.max = String(options.max);
  input.step = String(options.step);
  input.value = numberText(options.value);
  row.append(range, input);
  wrapper.append(row);
  const error = addHint(wrapper, input, id, options.hint);
  range.addEventListener('input', () => {
    const value = Number(range.value);
    input.value = numberText(value);
    options.onChange(value);
  });
  wireNumber(input, error, options, (value) => {
    range.value = String(value);
  });
  return {
    element: wrapper,
    set(value) {
      range.value = String(value);
      if (document.activeElement !== input) input.value = numberText(value);
    },
  };
}

/** A labelled select. */
export function selectControl(options: {
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value: string;
  name?: string;
  hint?: string;
  onChange(value: string): void;
}): ControlHandle<string> {
  const id = nextId('select');
  const { wrapper } = controlWrapper(options.label, id, options.name);
  const select = document.createElement('select');
  select.id = id;
  for (const option of options.options) {
    const element = document.createElement('option');
    element.value = option.value;
    element.textContent = option.label;
    select.append(element);
  }
  select.value = options.value;
  wrapper.append(select);
  addHint(wrapper, select, id, options.hint);
  select.addEventListener('change', () => options.onChange(select.value));
  return {
    element: wrapper,
    set(value) {
      select.value = value;
    },
  };
}

/**
 * A comma-separated list of non-negative numbers (e.g. probabilities), normalised by the caller.
 * Applied on change (Enter or leaving the field); a bad list gets a message and is not applied.
 */
export function listControl(options: {
  label: string;
  value: readonly number[];
  minLength: number;
  maxLength: number;
  name?: string;
  hint?: string;
  format?: (value: number) => string;
  onChange(values: number[]): void;
}): ControlHandle<readonly number[]> {
  const id = nextId('list');
  const { wrapper } = controlWrapper(options.label, id, options.name);
  const input = document.createElement('input');
  input.type = 'text';
  input.id = id;
  input.inputMode = 'decimal';
  input.autocomplete = 'off';
  input.spellcheck = false;
  const format = options.format ?? ((value: number) => numberText(value));
  const show = (values: readonly number[]) => {
    input.value = values.map(format).join(', ');
  };
  show(options.value);
  wrapper.append(input);
  const error = addHint(wrapper, input, id, options.hint);
  input.addEventListener('change', () => {
    const parts = input.value
      .split(/[,;\s]+/)
      .map((part) => part.trim())
      .filter(Boolean);
    const values = parts.map(Number);
    let message = '';
    if (values.length < options.minLength || values.length > options.maxLength) {
      message = `Give between ${options.minLength} and ${options.maxLength} numbers, separated by commas.`;
    } else if (values.some((value) => !Number.isFinite(value) || value < 0)) {
      message = 'Every entry must be a number that is 0 or more.';
    } else if (!(values.reduce((sum, value) => sum + value, 0) > 0)) {
      message = 'At least one entry must be more than 0.';
    }
    if (message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    options.onChange(values);
  });
  return {
    element: wrapper,
    set(values) {
      if (document.activeElement === input) return;
      show(values);
      error.hidden = true;
      input.removeAttribute('aria-invalid');
    },
  };
}

/** A titled group of controls (a fieldset with a legend). */
export function group(legend: string, children: HTMLElement[], className = ''): HTMLFieldSetElement {
  const fieldset = document.createElement('fieldset');
  fieldset.className = `sp-control-group ${className}`.trim();
  const title = document.createElement('legend');
  title.textContent = legend;
  const grid = document.createElement('div');
  grid.className = 'sp-controls-grid';
  grid.append(...children);
  fieldset.append(title, grid);
  return fieldset;
}

/** A button. */
export function button(label: string, onClick: () => void, options: { name?: string; className?: string } = {}): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = `sp-button sp-small ${options.className ?? ''}`.trim();
  element.textContent = label;
  if (options.name) element.dataset.control = options.name;
  element.addEventListener('click', onClick);
  return element;
}

/** A labelled row of buttons (e.g. "Examples from the chapter"). */
export function buttonRow(label: string, buttons: HTMLButtonElement[]): HTMLDivElement {
  const row = document.createElement('div');
  row.className = 'sp-control';
  const labelElement = document.createElement('span');
  labelElement.className = 'sp-control-label';
  labelElement.textContent = label;
  const buttonsElement = document.createElement('div');
  buttonsElement.className = 'sp-control-buttons';
  buttonsElement.append(...buttons);
  row.append(labelElement, buttonsElement);
  return row;
}
