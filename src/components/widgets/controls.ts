/**
 * Settings controls that edit the experiment. Each control names the experiment field(s) it edits
 * (`data-path`), so the shell can show the schema's message for that field right next to it.
 * Controls never validate by themselves: the schema is the one judge of a valid experiment, and a
 * number field takes its range, whether it is whole, and (unless the widget names it) its label and
 * help from the schema's metadata for the field it edits (experiments/field-info.ts).
 */
import { fieldInfo } from '../../engine/experiments/field-info';
import type { Experiment } from '../../engine/experiments/schema';
import type { ControlsHost } from './types';

interface FieldBase {
  /** The experiment field(s) edited, dot-separated (e.g. "optimizers.generator.learningRate"). */
  paths: string[];
  /** Shown next to the control; a number field without one uses the schema's title for its field. */
  label?: string;
  /** A short help text under the control. */
  hint?: string;
}

export interface NumberField extends FieldBase {
  type: 'number';
  get(experiment: Experiment): number;
  set(draft: Experiment, value: number): void;
  /** Range and step: from the schema unless given (give them only where the control's values are not one field's, e.g. a depth). */
  step?: number | 'any';
  min?: number;
  max?: number;
}

export interface SelectField extends FieldBase {
  type: 'select';
  options: ReadonlyArray<{ value: string; label: string }>;
  get(experiment: Experiment): string;
  set(draft: Experiment, value: string): void;
}

export type Field = NumberField | SelectField;

type Draft = Record<string, unknown>;

/** Read a dotted path from an object. */
export function getAt(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Draft | undefined)?.[key], object);
}

/** Write a dotted path in an object (intermediate objects must exist). */
export function setAt(object: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce<Draft>((inner, key) => inner[key] as Draft, object as Draft);
  parent[last] = value;
}

/** A number field bound to one experiment path; label, range and step default to the schema's. */
export function numberAt(path: string, label?: string, options: Partial<NumberField> = {}): NumberField {
  return {
    type: 'number',
    paths: [path],
    ...(label ? { label } : {}),
    get: (experiment) => getAt(experiment, path) as number,
    set: (draft, value) => setAt(draft, path, value),
    ...options,
  };
}

/** A select bound to one or more experiment paths (all set to the same value). */
export function selectAt(
  paths: string | string[],
  label: string,
  options: SelectField['options'],
  extra: Partial<SelectField> = {},
): SelectField {
  const list = Array.isArray(paths) ? paths : [paths];
  return {
    type: 'select',
    paths: list,
    label,
    options,
    get: (experiment) => getAt(experiment, list[0]) as string,
    set: (draft, value) => list.forEach((path) => setAt(draft, path, value)),
    ...extra,
  };
}

let uniqueCounter = 0;

/** Render fields into the panel; a change proposes an edited copy of the experiment to the shell. */
export function renderFields(host: ControlsHost, fields: readonly Field[]): void {
  const grid = document.createElement('div');
  grid.className = 'sp-controls-grid';
  for (const field of fields) {
    const id = `sp-control-${++uniqueCounter}`;
    const wrapper = document.createElement('div');
    wrapper.className = 'sp-control';
    wrapper.dataset.path = field.paths.join(' ');

    const info = field.type === 'number' ? fieldInfo(host.experiment, field.paths[0]) : undefined;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = field.label ?? info?.label ?? field.paths[0];
    wrapper.append(label);

    const error = document.createElement('p');
    error.className = 'sp-control-error';
    error.id = `${id}-error`;
    error.hidden = true;

    const describedBy = [error.id];
    let hintElement: HTMLElement | null = null;
    const hint = field.hint ?? (field.label ? undefined : info?.help);
    if (hint) {
      hintElement = document.createElement('p');
      hintElement.className = 'sp-control-hint';
      hintElement.id = `${id}-hint`;
      hintElement.textContent = hint;
      describedBy.unshift(hintElement.id);
    }

    const propose = (apply: (draft: Experiment) => void) => {
      const draft = structuredClone(host.experiment);
      apply(draft);
      host.change(draft);
    };

    if (field.type === 'number') {
      const input = document.createElement('input');
      input.type = 'number';
      input.id = id;
      input.inputMode = 'decimal';
      input.step = String(field.step ?? (info?.integer ? 1 : 'any'));
      const min = field.min ?? info?.min;
      const max = field.max ?? info?.max;
      if (min !== undefined) input.min = String(min);
      if (max !== undefined) input.max = String(max);
      input.value = String(field.get(host.experiment));
      input.setAttribute('aria-describedby', describedBy.join(' '));
      input.addEventListener('change', () => {
        // An empty or unparsable entry becomes NaN, which the schema rejects with its own message.
        const value = input.value.trim() === '' ? Number.NaN : Number(input.value);
        propose((draft) => field.set(draft, value));
      });
      wrapper.append(input);
    } else {
      const select = document.createElement('select');
      select.id = id;
      for (const option of field.options) {
        const element = document.createElement('option');
        element.value = option.value;
        element.textContent = option.label;
        select.append(element);
      }
      select.value = field.get(host.experiment);
      select.setAttribute('aria-describedby', describedBy.join(' '));
      select.addEventListener('change', () => propose((draft) => field.set(draft, select.value)));
      wrapper.append(select);
    }
    if (hintElement) wrapper.append(hintElement);
    wrapper.append(error);
    grid.append(wrapper);
  }
  host.panel.append(grid);
}

/** Options shared by several widgets. */
export const objectiveOptions = [
  { value: 'minimax', label: 'minimax (saturating)' },
  { value: 'non-saturating', label: 'non-saturating' },
] as const;

export const optimizerOptions = [
  { value: 'adam', label: 'Adam' },
  { value: 'sgd', label: 'SGD' },
  { value: 'rmsprop', label: 'RMSProp' },
] as const;

/** Learning rates and k: the fields every GAN figure offers. */
export function learningRateFields(): Field[] {
  return [
    numberAt('optimizers.discriminator.learningRate', 'D learning rate'),
    numberAt('optimizers.generator.learningRate', 'G learning rate'),
  ];
}

export function discriminatorStepsField(): Field {
  return numberAt('training.discriminatorSteps');
}

/** Width and depth of the named networks' hidden layers, edited together (every layer the same width). */
export function architectureFieldsFor(networks: ReadonlyArray<'generator' | 'discriminator'>): Field[] {
  const paths = networks.map((network) => `${network}.hidden`);
  const prefix = networks.length === 1 ? (networks[0] === 'generator' ? 'G ' : 'D ') : '';
  const first = networks[0];
  return [
    {
      type: 'number',
      paths,
      label: `${prefix}hidden width`.replace(/^h/, 'H'),
      step: 1,
      min: 1,
      max: 512,
      get: (experiment) => experiment[first].hidden[0] ?? 0,
      set: (draft, width) => {
        for (const network of networks) {
          // With no hidden layer there is nothing to widen: add one, so the control is never inert.
          const layers = draft[network].hidden.length ? draft[network].hidden : [0];
          draft[network].hidden = layers.map(() => width);
        }
      },
    },
    {
      type: 'number',
      paths,
      label: `${prefix}hidden layers`.replace(/^h/, 'H'),
      step: 1,
      min: 0,
      max: 8,
      get: (experiment) => experiment[first].hidden.length,
      set: (draft, depth) => {
        for (const network of networks) {
          const width = draft[network].hidden[0] ?? 64;
          // A depth that is not a whole number ≥ 0 cannot make a list of layers; hand the schema
          // something it rejects with a clear message rather than guessing.
          draft[network].hidden = (Number.isInteger(depth) && depth >= 0
            ? Array.from({ length: depth }, () => width)
            : [depth]) as number[];
        }
      },
    },
  ];
}

/** Width and depth of both networks, edited together. */
export function architectureFields(): Field[] {
  return architectureFieldsFor(['generator', 'discriminator']);
}
