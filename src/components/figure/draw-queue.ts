/**
 * The page's figures redraw through one queue, served once per animation frame. Each figure used to
 * ask for its own frame, and a browser runs every callback asked for before a frame in that frame's
 * task: three figures training on Chapter 1 then drew in the same task, 50–80 ms of main-thread CPU
 * with its painting (a task over 50 ms delays the reader's input). A frame now draws queued figures,
 * oldest request first, until `frameBudgetMs` is spent (always at least one); the rest draw in the
 * next frames. A figure asks again while it waits at no cost: it keeps its place and draws its
 * newest snapshot once.
 */
const frameBudgetMs = 8;
const queue = new Set<() => void>();
let frameAsked = false;

/** Run `draw` in a coming animation frame, once however often it is asked before then. */
export function queueDraw(draw: () => void): void {
  queue.add(draw);
  askForFrame();
}

/** Forget a queued draw (a figure leaving the page). */
export function cancelDraw(draw: () => void): void {
  queue.delete(draw);
}

function askForFrame(): void {
  if (frameAsked || queue.size === 0) return;
  frameAsked = true;
  requestAnimationFrame(drawSome);
}

function drawSome(): void {
  frameAsked = false;
  const start = performance.now();
  try {
    // The queue as it stands: a draw that asks again waits for a later frame.
    for (const draw of [...queue]) {
      if (performance.now() - start >= frameBudgetMs) break;
      queue.delete(draw);
      draw();
    }
  } finally {
    askForFrame();
  }
}
