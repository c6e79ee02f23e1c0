/**
 * Draggable handles: a mark the reader can drag with a pointer (mouse, pen or touch) and operate
 * from the keyboard as an ARIA slider (arrows step, Shift + arrows and Page Up/Down take large
 * steps, Home and End jump to the ends). The handle reports values, never pixels: the caller maps
 * the pointer position (in the handle's layer coordinates) to a value, clamps nothing itself and
 * redraws from its own state, so a drag, a key and a number input all take the same path.
 */
import { pointer } from 'd3';
import { keyed, type GroupSelection } from './frame';
import { symbolPath, type SymbolShape } from './symbols';

export interface HandleOptions {
  /** Accessible name, e.g. "P, component 1: mean". */
  label: string;
  min: number;
  max: number;
  /** Arrow-key step. */
  step: number;
  /** Shift + arrow / Page Up / Page Down step (default 10 × step). */
  largeStep?: number;
  /** The value read aloud, e.g. "0.25, probability of outcome 2". */
  valueText?: (value: number) => string;
  shape?: SymbolShape;
  radius?: number;
  className: string;
  /** Which pointer coordinate the drag follows (a hint for the cursor only). */
  axis?: 'x' | 'y' | 'xy';
  /**
   * The value now, read when a key is pressed. Give it when the value can change by other routes
   * (a number input, a link) before the next redraw places the handle; default: the placed value.
   */
  current?: () => number;
}

export interface Handle {
  /** Put the handle at pixel (x, y) in its layer, showing `value`; hidden when x or y is not finite. */
  place(x: number, y: number, value: number): void;
  /** Change the range (e.g. when the quantity it moves changes meaning). */
  setBounds(min: number, max: number): void;
  element: SVGGElement;
}

/**
 * A handle keyed `key` in `layer`. `fromPointer` turns a pointer position (layer coordinates) into
 * a proposed value; `onChange` receives every proposed value (from the pointer or the keyboard)
 * and the flag `settled` (true when a drag ends or a key was pressed).
 */
export function createHandle(
  layer: GroupSelection,
  key: string,
  options: HandleOptions,
  fromPointer: (x: number, y: number) => number,
  onChange: (value: number, settled: boolean) => void,
): Handle {
  let { min, max } = options;
  const group = keyed(layer, 'g', key)
    .attr('class', `sp-handle sp-handle-${options.axis ?? 'xy'} ${options.className}`)
    .attr('tabindex', 0)
    .attr('role', 'slider')
    .attr('aria-label', options.label)
    .attr('aria-valuemin', options.min)
    .attr('aria-valuemax', options.max)
    .attr('aria-orientation', options.axis === 'y' ? 'vertical' : 'horizontal')
    // Hidden until first placed: a slider without a value fails axe's aria-required-attr, and a
    // check that ran between creation and the first draw found one (Chapter 5's explorer).
    .attr('visibility', 'hidden');
  drawHandleMarks(group, options.shape, options.radius);

  let placed = Number.NaN;
  const node = group.node()!;

  const propose = (value: number, settled: boolean) => {
    if (!Number.isFinite(value)) return;
    onChange(Math.min(max, Math.max(min, value)), settled);
  };
  followPointer(node, layer.node()!, fromPointer, propose, () => options.current?.() ?? placed);

  node.addEventListener('keydown', (event) => {
    const large = options.largeStep ?? options.step * 10;
    const current = options.current?.() ?? placed;
    let next: number | null = null;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        next = current + (event.shiftKey ? large : options.step);
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        next = current - (event.shiftKey ? large : options.step);
        break;
      case 'PageUp':
        next = current + large;
        break;
      case 'PageDown':
        next = current - large;
        break;
      case 'Home':
        next = min;
        break;
      case 'End':
        next = max;
        break;
      default:
        return;
    }
    event.preventDefault();
    // Round to the step grid so repeated presses land on tidy values (the ends stay exact).
    const snapped = next === min || next === max ? next : Math.round(next / options.step) * options.step;
    propose(Number(snapped.toPrecision(12)), true);
  });

  return {
    element: node,
    setBounds(low, high) {
      min = low;
      max = high;
      group.attr('aria-valuemin', min).attr('aria-valuemax', max);
    },
    place(x, y, value) {
      placed = value;
      const visible = Number.isFinite(x) && Number.isFinite(y);
      group.attr('transform', visible ? `translate(${Math.round(x * 10) / 10},${Math.round(y * 10) / 10})` : null);
      group.attr('visibility', visible ? null : 'hidden');
      group.attr('aria-valuenow', Number.isFinite(value) ? Number(value.toPrecision(6)) : null);
      group.attr('aria-valuetext', options.valueText && Number.isFinite(value) ? options.valueText(value) : null);
    },
  };
}

/** A handle's marks: a generous invisible target for fingers, a focus ring and the visible mark. */
function drawHandleMarks(group: GroupSelection, shape: SymbolShape = 'circle', radius = 6): void {
  keyed(group, 'circle', 'target').attr('class', 'sp-handle-target').attr('r', Math.max(14, radius * 2.2));
  keyed(group, 'circle', 'ring').attr('class', 'sp-handle-ring').attr('r', radius + 4);
  keyed(group, 'path', 'mark').attr('class', 'sp-handle-mark').attr('d', symbolPath(shape, 0, 0, radius));
}

/**
 * Dragging a handle: the pointer is captured on a press (the handle takes focus), each move proposes
 * `fromPointer` of the position in the layer (not settled), and the release proposes the last
 * position, settled; a cancelled drag settles on `atRest()` instead.
 */
function followPointer<T>(
  node: SVGGElement,
  layerNode: SVGGElement,
  fromPointer: (x: number, y: number) => T,
  propose: (value: T, settled: boolean) => void,
  atRest: () => T,
): void {
  let dragging = false;
  node.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    node.focus({ preventScroll: true });
    node.setPointerCapture(event.pointerId);
    dragging = true;
    node.classList.add('sp-dragging');
  });
  node.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    const [x, y] = pointer(event, layerNode);
    propose(fromPointer(x, y), false);
  });
  const end = (event: PointerEvent) => {
    if (!dragging) return;
    dragging = false;
    node.classList.remove('sp-dragging');
    if (node.hasPointerCapture(event.pointerId)) node.releasePointerCapture(event.pointerId);
    const [x, y] = pointer(event, layerNode);
    propose(event.type === 'pointerup' ? fromPointer(x, y) : atRest(), true);
  };
  node.addEventListener('pointerup', end);
  node.addEventListener('pointercancel', end);
}

export interface PointHandleOptions {
  /** Accessible name, e.g. "W e₁, first column of W". */
  label: string;
  /** Bounds of both coordinates. */
  min: number;
  max: number;
  /** Arrow-key step (Shift: `largeStep`, default 5 × step). */
  step: number;
  largeStep?: number;
  /** The point read aloud, e.g. "(1, 0.5)". */
  valueText: (point: readonly [number, number]) => string;
  shape?: SymbolShape;
  radius?: number;
  className: string;
  /** The point now (the state may have changed by another route since the last redraw). */
  current: () => readonly [number, number];
}

export interface PointHandle {
  /** Put the handle at pixel (x, y) in its layer; hidden when x or y is not finite. */
  place(x: number, y: number): void;
  element: SVGGElement;
}

/**
 * A handle that moves in two dimensions: dragged with a pointer, or from the keyboard with Left and
 * Right (first coordinate) and Up and Down (second coordinate), Shift for larger steps. It is an
 * ARIA slider whose value is the first coordinate and whose value text names both, so assistive
 * technology reads the whole point. `fromPointer` maps layer coordinates to a proposed point;
 * `onChange` receives it (clamped to the bounds) with `settled` as in createHandle.
 */
export function createPointHandle(
  layer: GroupSelection,
  key: string,
  options: PointHandleOptions,
  fromPointer: (x: number, y: number) => [number, number],
  onChange: (point: [number, number], settled: boolean) => void,
): PointHandle {
  const { min, max } = options;
  const group = keyed(layer, 'g', key)
    .attr('class', `sp-handle sp-handle-xy ${options.className}`)
    .attr('tabindex', 0)
    .attr('role', 'slider')
    .attr('aria-label', options.label)
    .attr('aria-roledescription', '2-D handle')
    .attr('aria-valuemin', min)
    .attr('aria-valuemax', max)
    // Hidden until first placed, as `createHandle`'s.
    .attr('visibility', 'hidden');
  drawHandleMarks(group, options.shape, options.radius);

  const node = group.node()!;
  const clamp = (value: number) => Math.min(max, Math.max(min, value));
  const propose = ([x, y]: [number, number], settled: boolean) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    onChange([clamp(x), clamp(y)], settled);
  };
  followPointer(node, layer.node()!, fromPointer, propose, (): [number, number] => {
    const current = options.current();
    return [current[0], current[1]];
  });

  node.addEventListener('keydown', (event) => {
    const size = event.shiftKey ? (options.largeStep ?? options.step * 5) : options.step;
    const [x, y] = options.current();
    let next: [number, number] | null = null;
    switch (event.key) {
      case 'ArrowRight':
        next = [x + size, y];
        break;
      case 'ArrowLeft':
        next = [x - size, y];
        break;
      case 'ArrowUp':
        next = [x, y + size];
        break;
      case 'ArrowDown':
        next = [x, y - size];
        break;
      default:
        return;
    }
    event.preventDefault();
    // Round to the step grid so repeated presses land on tidy values.
    const snap = (value: number) => Number((Math.round(value / options.step) * options.step).toPrecision(12));
    propose([snap(next[0]), snap(next[1])], true);
  });

  return {
    element: node,
    place(x, y) {
      const visible = Number.isFinite(x) && Number.isFinite(y);
      const point = options.current();
      group.attr('transform', visible ? `translate(${Math.round(x * 10) / 10},${Math.round(y * 10) / 10})` : null);
      group.attr('visibility', visible ? null : 'hidden');
      group.attr('aria-valuenow', Number(point[0].toPrecision(6)));
      group.attr('aria-valuetext', options.valueText(point));
    },
  };
}
