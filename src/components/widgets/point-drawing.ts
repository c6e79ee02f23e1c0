/**
 * Drawing a distribution on the playground's plane (data kind 'points'): click or tap to add a
 * point, drag to paint a stroke (one point every PAINT_STEP along it), or use the keyboard on the focusable
 * drawing area: the arrow keys move a crosshair (Shift: five times further), Enter or Space adds a
 * point there, Backspace or Delete removes the last point. The toolbar (above the plot) has Undo and
 * Clear and says how many points there are; a polite live region repeats each change for screen
 * readers. The points are part of the experiment, so the share link carries them and Reset keeps
 * them; a stroke is committed when the pointer lifts, so training restarts once per stroke.
 */
import { pointer, type ScaleLinear } from 'd3';
import { DRAWN_POINT_RANGE, MAX_DRAWN_POINTS } from '../../engine/kinds/gan/schema';
import { thousands } from '../../engine/experiments/fields';
import { drawSymbols, keyed, type GroupSelection } from '../plots';
import { button } from './explorer-controls';
import type { ControlsHost } from './types';

type Point = [number, number];

/** While painting, a new point is added once the pointer has moved this far (data units) from the last. */
export const PAINT_STEP = 0.08;
/** Crosshair steps (data units): arrow keys, and with Shift. */
export const CROSSHAIR_STEP = 0.1;
const CROSSHAIR_LARGE_STEP = 0.5;

/** Coordinates are kept to two decimals: what a pointer can place, and it keeps share links short. */
export const roundCoordinate = (value: number): number => Math.round(value * 100) / 100;

/** A starting drawing when the reader picks "draw your own": three small blobs and a light fourth. */
export function starterDrawing(): Point[] {
  const points: Point[] = [];
  const blob = (cx: number, cy: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const angle = (2 * Math.PI * i) / count;
      points.push([roundCoordinate(cx + 0.15 * Math.cos(angle)), roundCoordinate(cy + 0.15 * Math.sin(angle))]);
    }
  };
  blob(-1.5, -1, 6);
  blob(1.5, -1, 6);
  blob(0, 1.5, 6);
  return points;
}

export interface PointDrawing {
  /** Redraw the drawn points and the crosshair (on every frame of the plane). */
  draw(): void;
  /** The toolbar for the quick controls (Undo, Clear, the count), or nothing when the data is not drawn. */
  toolbar(host: ControlsHost): HTMLElement | null;
}

/** The drawing tool on `layer`, a panel layer of `size` px over the scales `x`, `y`; `plot` hosts the live region. */
export function createPointDrawing(
  layer: GroupSelection,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  size: number,
  plot: HTMLElement,
): PointDrawing {
  let host: ControlsHost | null = null;
  /** Points shown but not yet in the experiment: a stroke in progress, or a cleared drawing (none yet). */
  let pending: Point[] | null = null;
  let crosshair: Point = [0, 0];
  let showCrosshair = false;

  const status = document.createElement('p');
  status.className = 'sr-only';
  status.setAttribute('aria-live', 'polite');
  status.dataset.testid = 'draw-status';
  plot.append(status);

  const drawn = (): Point[] => {
    if (pending) return pending;
    const data = host?.experiment.data;
    return data?.kind === 'points' ? (data.points as Point[]) : [];
  };
  const active = () => host?.experiment.data.kind === 'points';

  const surface = keyed(layer, 'g', 'draw-surface').attr('class', 'sp-draw-surface');
  keyed(surface, 'rect', 'area').attr('class', 'sp-draw-area').attr('width', size).attr('height', size);
  const points = keyed(layer, 'g', 'drawn');
  const cross = keyed(layer, 'path', 'crosshair').attr('class', 'sp-draw-crosshair');
  const node = surface.node()!;

  const announce = (text: string) => {
    status.textContent = text;
  };
  const countText = (count: number) =>
    `${thousands(count)} ${count === 1 ? 'point' : 'points'} drawn (at most ${thousands(MAX_DRAWN_POINTS)}).`;

  /** Put `next` into the experiment (training restarts with it); an empty drawing waits for a first point. */
  function commit(next: Point[], said: string): void {
    if (!host) return;
    if (next.length > MAX_DRAWN_POINTS) {
      pending = null;
      announce(`A drawing holds at most ${thousands(MAX_DRAWN_POINTS)} points; this one is full. Clear it or undo some points to draw more.`);
      render();
      return;
    }
    if (next.length === 0) {
      pending = [];
      announce(`${said} No points: add at least one point to train.`);
      render();
      return;
    }
    pending = null;
    const draft = structuredClone(host.experiment);
    if (draft.data.kind !== 'points') return;
    draft.data.points = next;
    announce(`${said} ${countText(next.length)}`);
    host.change(draft);
  }

  const fromPixels = (px: number, py: number): Point => {
    const clamp = (value: number) => Math.min(DRAWN_POINT_RANGE, Math.max(-DRAWN_POINT_RANGE, value));
    return [roundCoordinate(clamp(x.invert(px))), roundCoordinate(clamp(y.invert(py)))];
  };

  let painting = false;
  let last: Point | null = null;
  /** How many points there were when the stroke began. */
  let strokeBase = 0;
  let countElement: HTMLElement | null = null;
  node.addEventListener('pointerdown', (event) => {
    if (!active() || event.button !== 0) return;
    event.preventDefault();
    node.focus({ preventScroll: true });
    node.setPointerCapture(event.pointerId);
    painting = true;
    const [px, py] = pointer(event, layer.node()!);
    last = fromPixels(px, py);
    strokeBase = drawn().length;
    pending = [...drawn(), last];
    render();
  });
  node.addEventListener('pointermove', (event) => {
    if (!painting || !pending) return;
    const [px, py] = pointer(event, layer.node()!);
    const target = fromPixels(px, py);
    // Fill the segment from the last painted point: a fast stroke is as dense as a slow one.
    let added = false;
    while (last && pending.length < MAX_DRAWN_POINTS) {
      const distance = Math.hypot(target[0] - last[0], target[1] - last[1]);
      if (distance < PAINT_STEP) break;
      const t = PAINT_STEP / distance;
      last = [roundCoordinate(last[0] + t * (target[0] - last[0])), roundCoordinate(last[1] + t * (target[1] - last[1]))];
      pending.push(last);
      added = true;
    }
    if (added) render();
  });
  const end = (event: PointerEvent) => {
    if (!painting) return;
    painting = false;
    if (node.hasPointerCapture(event.pointerId)) node.releasePointerCapture(event.pointerId);
    const stroke = pending ?? [];
    const added = stroke.length - strokeBase;
    commit(stroke, added === 1 ? 'Added a point.' : `Added a stroke of ${added} points.`);
  };
  node.addEventListener('pointerup', end);
  node.addEventListener('pointercancel', end);

  node.addEventListener('focus', () => {
    showCrosshair = true;
    render();
  });
  node.addEventListener('blur', () => {
    showCrosshair = false;
    render();
  });
  node.addEventListener('keydown', (event) => {
    if (!active() || event.ctrlKey || event.metaKey || event.altKey) return;
    const step = event.shiftKey ? CROSSHAIR_LARGE_STEP : CROSSHAIR_STEP;
    const [domainX, domainY] = [x.domain(), y.domain()];
    const move = (dx: number, dy: number) => {
      const clamp = (value: number, [low, high]: number[]) => roundCoordinate(Math.min(high, Math.max(low, value)));
      crosshair = [clamp(crosshair[0] + dx, domainX), clamp(crosshair[1] + dy, domainY)];
      node.setAttribute('aria-label', surfaceLabel());
      render();
    };
    switch (event.key) {
      case 'ArrowLeft':
        move(-step, 0);
        break;
      case 'ArrowRight':
        move(step, 0);
        break;
      case 'ArrowUp':
        move(0, step);
        break;
      case 'ArrowDown':
        move(0, -step);
        break;
      case 'Enter':
      case ' ':
        commit([...drawn(), [...crosshair]], `Added a point at (${crosshair[0]}, ${crosshair[1]}).`);
        break;
      case 'Backspace':
      case 'Delete':
        commit(drawn().slice(0, -1), 'Removed the last point.');
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  const surfaceLabel = () =>
    `Drawing area, crosshair at (${crosshair[0]}, ${crosshair[1]}): click, tap or drag to add points; ` +
    'arrow keys move the crosshair, Enter or Space adds a point there, Backspace or Delete removes the last point.';

  function render(): void {
    const on = active();
    node.style.display = on ? '' : 'none';
    if (on) {
      surface.attr('tabindex', 0).attr('role', 'application').attr('aria-roledescription', 'drawing area').attr('aria-label', surfaceLabel());
    } else {
      surface.attr('tabindex', null).attr('role', null).attr('aria-roledescription', null).attr('aria-label', null);
    }
    const list = on ? drawn() : [];
    const flat = new Float32Array(list.length * 2);
    list.forEach(([px, py], i) => {
      flat[2 * i] = px;
      flat[2 * i + 1] = py;
    });
    drawSymbols(points, 'points', flat, { x, y }, { shape: 'circle', radius: 1.8, className: 'sp-drawn-point' });
    const [cx, cy] = [x(crosshair[0]), y(crosshair[1])];
    cross.attr('d', on && showCrosshair ? `M${cx - 9},${cy}H${cx + 9}M${cx},${cy - 9}V${cy + 9}` : null);
    if (countElement) countElement.textContent = countSummary();
  }

  const countSummary = () =>
    pending?.length === 0 ? 'No points: draw some on the plane (until then, training goes on with the previous drawing).' : countText(drawn().length);

  return {
    draw() {
      render();
    },
    toolbar(next) {
      host = next;
      render();
      if (next.experiment.data.kind !== 'points') {
        pending = null;
        countElement = null;
        return null;
      }
      const bar = document.createElement('div');
      bar.className = 'sp-draw-toolbar';
      const count = document.createElement('span');
      count.className = 'sp-draw-count';
      count.dataset.testid = 'draw-count';
      countElement = count;
      count.textContent = countSummary();
      bar.append(
        button('Undo last point', () => commit(drawn().slice(0, -1), 'Removed the last point.'), { name: 'draw-undo' }),
        button('Clear points', () => commit([], 'Cleared the drawing.'), { name: 'draw-clear' }),
        count,
      );
      return bar;
    },
  };
}
