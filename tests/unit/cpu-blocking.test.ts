import { describe, expect, it } from 'vitest';
import { cpuBlockingTime, longestFrameWait, type TraceEvent } from '../../bench/cpu-blocking';

const thread = (pid: number, tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', pid, tid, ts: 0, args: { name } });
const task = (pid: number, tid: number, ts: number, durMs: number, cpuMs?: number, name = 'RunTask'): TraceEvent => ({
  name,
  ph: 'X',
  pid,
  tid,
  ts,
  dur: durMs * 1000,
  ...(cpuMs === undefined ? {} : { tdur: cpuMs * 1000 }),
});

const page = 'http://localhost:4391/chapters/distances/';
const parseHtml = (pid: number, tid: number, ts: number, url: string): TraceEvent => ({ name: 'ParseHTML', ph: 'X', pid, tid, ts, dur: 1000, args: { beginData: { url } } });

// The page's renderer (pid 1) and the browser's own renderer (pid 2: its omnibox popup, with more
// events than the page, as in a real trace), each with a main thread; pid 1's compositor thread.
// Times in µs.
const events: TraceEvent[] = [
  thread(1, 1, 'CrRendererMain'),
  thread(1, 2, 'Compositor'),
  thread(2, 1, 'CrRendererMain'),
  parseHtml(2, 1, 0, 'chrome://omnibox-popup.top-chrome/omnibox_popup_aim.html'),
  parseHtml(1, 2, 0, page), // the page's URL on a thread that is not a main one: ignored
  parseHtml(1, 1, 0, page),
  task(1, 1, 0, 30, 30), // before the first paint: not counted
  task(1, 1, 40_000, 80, 20), // 80 ms of wall time, 20 of CPU: 4 × 20 − 50 = 30
  task(1, 1, 41_000, 15, 15), // nested in the one before: not counted again (4 × 15 − 50 = 10 more)
  { name: 'FunctionCall', ph: 'X', pid: 1, tid: 1, ts: 42_000, dur: 60_000, tdur: 60_000 }, // not a task
  task(1, 1, 150_000, 10), // no CPU time recorded: its wall time, 4 × 10 − 50 < 0
  task(1, 1, 200_000, 40, 35, 'ThreadControllerImpl::RunTask'), // 4 × 35 − 50 = 90
  task(1, 2, 300_000, 200, 200), // the compositor's
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => task(2, 1, 300_000 + i * 200_000, 100, 100)), // the other renderer's
];

describe('cpuBlockingTime', () => {
  it("sums 4 × CPU time − 50 ms over the page's main-thread tasks after the first paint, outermost tasks only", () => {
    expect(cpuBlockingTime(events, page, 35_000)).toEqual({ blockingMs: 120, longestCpuMs: 35, tasks: 3 });
  });

  it('scales by the slowdown it is given', () => {
    // 2 × 20 − 50 < 0; 2 × 35 − 50 = 20.
    expect(cpuBlockingTime(events, page, 35_000, 2).blockingMs).toBe(20);
  });

  it('counts every task from the start when the paint is at the start', () => {
    // The first task, 4 × 30 − 50 = 70, joins the others.
    expect(cpuBlockingTime(events, page, 0).blockingMs).toBe(190);
  });

  it('says it cannot tell without a renderer main thread, or when no main thread parsed the page', () => {
    expect(cpuBlockingTime(events.filter((event) => event.args?.name !== 'CrRendererMain'), page, 0).blockingMs).toBeNaN();
    expect(cpuBlockingTime(events, 'http://localhost:4391/', 0).blockingMs).toBeNaN();
  });
});

describe('longestFrameWait', () => {
  const frame = (pid: number, tid: number, ts: number): TraceEvent => ({ name: 'BeginMainThreadFrame', ph: 'I', pid, tid, ts });
  // The page's main thread begins frames at 60, 80 and 1,100 ms after its parse starts at 5 ms; its
  // compositor and the other renderer begin frames in the long gap, which must not count.
  const traced: TraceEvent[] = [
    thread(1, 1, 'CrRendererMain'),
    thread(1, 2, 'Compositor'),
    thread(2, 1, 'CrRendererMain'),
    parseHtml(1, 1, 5_000, page),
    frame(1, 1, 60_000),
    frame(1, 1, 80_000),
    frame(1, 2, 500_000),
    frame(2, 1, 600_000),
    frame(1, 1, 1_100_000),
    frame(1, 1, 1_120_000),
  ];

  it('is the longest stretch without a main-thread frame from the parse to the first paint', () => {
    // Marks 5, 60, 80, 1100 ms and the paint at 1110: the longest stretch is 80 → 1100.
    expect(longestFrameWait(traced, page, 1_110_000)).toBe(1020);
  });

  it('counts the stretch from the last frame to the paint, and from the parse to the first frame', () => {
    // Paint at 70 ms: marks 5, 60, 70; the longest is 5 → 60.
    expect(longestFrameWait(traced, page, 70_000)).toBe(55);
    // Paint at 400 ms: marks 5, 60, 80, 400; the longest is 80 → 400.
    expect(longestFrameWait(traced, page, 400_000)).toBe(320);
  });

  it('says it cannot tell when no main thread parsed the page', () => {
    expect(longestFrameWait(traced, 'http://localhost:4391/', 1_110_000)).toBeNaN();
  });
});
