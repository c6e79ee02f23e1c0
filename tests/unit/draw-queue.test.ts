import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// A fake clock and animation frames: each draw advances the clock by its cost.
let now = 0;
let frames: (() => void)[] = [];
const runFrame = () => frames.shift()!();

async function freshQueue() {
  vi.resetModules();
  return import('../../src/components/figure/draw-queue');
}

beforeEach(() => {
  now = 0;
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the figures’ draw queue', () => {
  it('draws costly figures in separate frames, oldest request first, and cheap ones together', async () => {
    const { queueDraw } = await freshQueue();
    const drawn: string[][] = [];
    const figure = (name: string, costMs: number) => () => {
      drawn.at(-1)!.push(name);
      now += costMs;
    };
    const [ring, oneD, saturation, table] = [figure('ring', 20), figure('1-D', 15), figure('saturation', 3), figure('table', 1)];
    for (const draw of [ring, oneD, saturation, table]) queueDraw(draw);
    expect(frames).toHaveLength(1); // one frame asked for, however many figures wait
    while (frames.length) {
      drawn.push([]);
      runFrame();
    }
    // 20 ms and 15 ms each fill a frame (8 ms budget); the cheap ones share one.
    expect(drawn).toEqual([['ring'], ['1-D'], ['saturation', 'table']]);
  });

  it('draws a figure once per frame with its newest state, however often it asks, and keeps its place', async () => {
    const { queueDraw } = await freshQueue();
    const order: string[] = [];
    const a = () => {
      order.push('a');
      now += 10;
    };
    const b = () => {
      order.push('b');
      now += 10;
    };
    queueDraw(a);
    queueDraw(b);
    queueDraw(a); // asked again while waiting: still first, still once
    runFrame();
    queueDraw(a); // a third request arrives while b waits: b goes first
    runFrame();
    runFrame();
    expect(order).toEqual(['a', 'b', 'a']);
    expect(frames).toHaveLength(0);
  });

  it('keeps serving the queue after a draw throws, and forgets a cancelled draw', async () => {
    const { queueDraw, cancelDraw } = await freshQueue();
    const order: string[] = [];
    const broken = () => {
      now += 10;
      throw new Error('drawing bug');
    };
    const fine = () => order.push('fine');
    const gone = () => order.push('gone');
    queueDraw(broken);
    queueDraw(fine);
    queueDraw(gone);
    cancelDraw(gone);
    expect(runFrame).toThrow('drawing bug');
    expect(frames).toHaveLength(1);
    runFrame();
    expect(order).toEqual(['fine']);
    expect(frames).toHaveLength(0);
  });
});
