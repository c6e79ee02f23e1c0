/**
 * Plots on narrow screens. A figure is designed 640 px wide; on a wide screen its svg scales to the
 * column, and the static renders and the export use that design width. In a container narrower
 * than `narrowBelow` px (a phone), scaling the 640-px drawing down would shrink its text to half
 * size, so the shell hands the widget the container's own width instead: the widget lays its panels
 * out for that width (side-by-side panels stacked), and text, ticks and legends stay at their
 * CSS size. The shell watches the container and rebuilds the widget when that width changes.
 */

/** The width every figure is designed for (renders, export, wide screens). */
export const designWidth = 640;
/** Containers narrower than this (CSS px) get a layout of their own width. */
export const narrowBelow = 560;
/** No layout is narrower than this: below it the drawing scales down a little instead. */
export const narrowestLayout = 280;

/**
 * The width a widget should lay out to in a container `containerWidth` px wide: undefined (the
 * design width) when the container is wide enough or not laid out (the renders' DOM), else the
 * container's width, whole pixels.
 */
export function narrowWidthFor(containerWidth: number): number | undefined {
  if (!(containerWidth > 0) || containerWidth >= narrowBelow) return undefined;
  return Math.max(narrowestLayout, Math.floor(containerWidth));
}

/** The narrow width for an element as laid out now (see narrowWidthFor). */
export function narrowWidthOf(container: HTMLElement): number | undefined {
  return narrowWidthFor(container.clientWidth);
}

/**
 * Call `rebuild` with the new narrow width (or undefined: the design width) when the container's
 * width changes enough to need another layout: debounced, and only when the width the widget was
 * built for (`built`) differs by more than a few pixels. Returns the disconnect.
 */
export function watchNarrowWidth(
  container: HTMLElement,
  built: number | undefined,
  rebuild: (width: number | undefined) => void,
  delayMs = 250,
): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {};
  let current = built;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const observer = new ResizeObserver(() => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const next = narrowWidthOf(container);
      if (next === current || (next !== undefined && current !== undefined && Math.abs(next - current) < 8)) return;
      current = next;
      rebuild(next);
    }, delayMs);
  });
  observer.observe(container);
  return () => {
    observer.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
}

/** Fewer ticks on a narrow axis: about one per `spacing` px, at least two, never more than asked. */
export function ticksFor(length: number, requested: number, spacing = 56): number {
  return Math.max(2, Math.min(requested, Math.floor(length / spacing)));
}
