/**
 * What the explorers of one-dimensional distributions share (Figures 2.1 and 5.1): a Gaussian or a
 * two-component mixture as explorer state, its spec for the divergence evaluators, and the number
 * fields that edit its components.
 */
import type { ContinuousSpec } from '../../engine/divergences/evaluate';
import { numberControl, type ControlHandle } from './explorer-controls';

export interface GaussianComponentState {
  mean: number;
  std: number;
  weight: number;
}

/** Round away float noise (0.30000000000000004) so links and inputs stay tidy. */
export function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** Weights rescaled to sum to 1. */
export function normaliseWeights<C extends GaussianComponentState>(components: readonly C[]): C[] {
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  return components.map((component) => ({ ...component, weight: clean(component.weight / total) }));
}

/** The evaluators' spec: a normal for one component, a mixture for two. */
export function mixtureSpecOf(components: readonly GaussianComponentState[]): ContinuousSpec {
  return components.length === 1
    ? { kind: 'normal', mean: components[0].mean, std: components[0].std }
    : { kind: 'mixture', components: components.map((component) => ({ ...component })) };
}

/**
 * The fields of one side's components: mean and standard deviation of each, and with two
 * components the first one's weight (the second takes the rest). `track` binds a field to the
 * explorer's state; `update` edits that side's components in a draft of it.
 */
export function componentFields<State>(options: {
  side: string;
  components: readonly GaussianComponentState[];
  meanRange: readonly [number, number];
  stdRange: readonly [number, number];
  read: (state: State) => readonly GaussianComponentState[] | undefined;
  track: <T>(handle: ControlHandle<T>, read: (state: State) => T) => HTMLElement;
  update: (apply: (components: GaussianComponentState[]) => void) => void;
}): HTMLElement[] {
  const { side, components, meanRange, stdRange, read, track, update } = options;
  const fields = components.flatMap((component, index) => {
    const which = components.length > 1 ? ` ${index + 1}` : '';
    return [
      track(
        numberControl({
          label: `Mean${which}`,
          name: `${side}-mean-${index}`,
          min: meanRange[0],
          max: meanRange[1],
          step: 0.1,
          value: component.mean,
          onChange: (mean) => update((draft) => void (draft[index].mean = mean)),
        }),
        (current) => read(current)?.[index]?.mean ?? 0,
      ),
      track(
        numberControl({
          label: `Standard deviation${which}`,
          name: `${side}-std-${index}`,
          min: stdRange[0],
          max: stdRange[1],
          step: 0.05,
          value: component.std,
          onChange: (std) => update((draft) => void (draft[index].std = std)),
        }),
        (current) => read(current)?.[index]?.std ?? 1,
      ),
    ];
  });
  if (components.length === 2) {
    fields.push(
      track(
        numberControl({
          label: 'Weight of component 1',
          name: `${side}-weight`,
          min: 0.05,
          max: 0.95,
          step: 0.05,
          value: components[0].weight,
          hint: 'Component 2 has the rest.',
          onChange: (weight) =>
            update((draft) => {
              draft[0].weight = weight;
              draft[1].weight = clean(1 - weight);
            }),
        }),
        (current) => read(current)?.[0]?.weight ?? 0.5,
      ),
    );
  }
  return fields;
}
