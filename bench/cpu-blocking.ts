/**
 * Blocking time counted in CPU time, from a Chromium trace: Σ max(0, slowdown × CPU ms − 50) over the
 * page's main-thread tasks that start at or after `fromTs` (the observed first contentful paint). The
 * page's main thread is the renderer main thread that parsed the page's HTML (`pageUrl`): a trace
 * also holds the browser's own renderers (its omnibox popup, tasks of 140–180 ms at start-up), and one of
 * those can have more events than the page.
 *
 * Lighthouse's simulated blocking time multiplies each task's wall time by its CPU slowdown (4× for
 * mobile). On a shared two-core machine a task's wall time includes its waits for a core (the
 * training worker, raster and the server hold the others), so two audits of one build differ by
 * hundreds of milliseconds. Counting the CPU time the main thread actually ran leaves the waits out:
 * the same estimate for a phone 4× slower, without this machine's contention. It also differs from
 * Lighthouse's in its window: every task to the trace's end, not only those before the simulated
 * time to interactive.
 */

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** CPU time of the thread during the event (µs), where the trace recorded it. */
  tdur?: number;
  args?: { name?: string; beginData?: { url?: string } };
}

/** The names Chromium gives a top-level task of a thread's loop (Lighthouse's list). */
const topLevelTasks = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadControllerImpl::DoWork', 'TaskQueueManager::ProcessTaskFromWorkQueue']);

export interface CpuBlocking {
  /** The blocking time (ms) a phone `slowdown` times slower would see, from CPU time. */
  blockingMs: number;
  /** The longest task's CPU time (ms), unscaled. */
  longestCpuMs: number;
  /** Tasks counted. */
  tasks: number;
}

/** The renderer main thread that parsed the page's HTML ("pid:tid"), and when it began to. */
function pageMainThread(events: readonly TraceEvent[], pageUrl: string): { thread: string; parseTs: number } | undefined {
  const mains = new Set(
    events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
  );
  const parse = events.find((event) => event.name === 'ParseHTML' && event.args?.beginData?.url === pageUrl && mains.has(`${event.pid}:${event.tid}`));
  return parse && { thread: `${parse.pid}:${parse.tid}`, parseTs: parse.ts };
}

export function cpuBlockingTime(events: readonly TraceEvent[], pageUrl: string, fromTs: number, slowdown = 4): CpuBlocking {
  const main = pageMainThread(events, pageUrl)?.thread;
  if (!main) return { blockingMs: Number.NaN, longestCpuMs: Number.NaN, tasks: 0 };

  const candidates = events
    .filter((event) => event.ph === 'X' && topLevelTasks.has(event.name) && `${event.pid}:${event.tid}` === main && event.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // A task event may enclose another (a nested loop): count the outermost only.
  const tasks: TraceEvent[] = [];
  let openUntil = -Infinity;
  for (const event of candidates) {
    if (event.ts < openUntil) continue;
    tasks.push(event);
    openUntil = event.ts + event.dur!;
  }
  let blockingMs = 0;
  let longestCpuMs = 0;
  let counted = 0;
  for (const task of tasks) {
    if (task.ts < fromTs) continue;
    const cpuMs = (task.tdur ?? task.dur!) / 1000;
    blockingMs += Math.max(0, slowdown * cpuMs - 50);
    longestCpuMs = Math.max(longestCpuMs, cpuMs);
    counted += 1;
  }
  return { blockingMs, longestCpuMs, tasks: counted };
}

/**
 * The longest time (ms) the page's main thread went without beginning a frame, from the start of the
 * HTML's parsing to `untilTs` (the observed first contentful paint). Normally under about 100 ms. Some
 * Lighthouse runs hold the first frames for about a second while the page is idle, which moves the
 * first paint and the blocking-time window a second later; this marks those runs
 * (docs/performance-log.md, "A frame wait in each run").
 */
export function longestFrameWait(events: readonly TraceEvent[], pageUrl: string, untilTs: number): number {
  const main = pageMainThread(events, pageUrl);
  if (!main) return Number.NaN;
  const frames = events
    .filter((event) => event.name === 'BeginMainThreadFrame' && `${event.pid}:${event.tid}` === main.thread && event.ts > main.parseTs && event.ts < untilTs)
    .map((event) => event.ts)
    .sort((a, b) => a - b);
  const marks = [main.parseTs, ...frames, untilTs];
  let longest = 0;
  for (let i = 1; i < marks.length; i++) longest = Math.max(longest, marks[i] - marks[i - 1]);
  return longest / 1000;
}
