import { describe, expect, it } from 'vitest';
import { TrainingClient, type ClientEvent } from '../../src/engine/worker/client';
import { trainingWorkersFor, WorkerPool, type WorkerLike } from '../../src/engine/worker/pool';
import type { ClientMessage, HostMessage } from '../../src/engine/worker/protocol';
import { getGanFigure } from '../../src/engine/experiments/figures';

/** A worker that records what it is sent, answers pings unless stuck, and can speak for a run. */
class FakeWorker implements WorkerLike {
  readonly received: ClientMessage[] = [];
  stuck = false;
  terminated = false;
  private listener: ((event: { data: HostMessage }) => void) | null = null;
  postMessage(message: ClientMessage): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.received.push(message);
    if (message.type === 'ping' && !this.stuck) queueMicrotask(() => this.emit({ type: 'pong', id: message.id }));
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: unknown): void {
    if (type === 'message') this.listener = listener as (event: { data: HostMessage }) => void;
  }
  emit(message: HostMessage): void {
    if (!this.terminated) this.listener?.({ data: message });
  }
  runIds(): string[] {
    return [...new Set(this.received.flatMap((m) => ('runId' in m ? [m.runId] : [])))];
  }
}

function fakePool(pingTimeoutMs = 40) {
  const workers: FakeWorker[] = [];
  const pool = new WorkerPool({ pingTimeoutMs, idleReleaseMs: 30, createWorker: () => (workers.push(new FakeWorker()), workers.at(-1)!) });
  return { pool, workers };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const experiment = getGanFigure('gan-1d')!.experiment;

function listen(client: TrainingClient): ClientEvent[] {
  const events: ClientEvent[] = [];
  client.onMessage((event) => events.push(event));
  return events;
}

describe('WorkerPool', () => {
  it('leaves one core to the page: one training worker on one or two cores, two from three cores up or when the count is unknown', () => {
    expect([1, 2, 3, 4, 16].map(trainingWorkersFor)).toEqual([1, 1, 2, 2, 2]);
    expect([undefined, 0, NaN].map(trainingWorkersFor)).toEqual([2, 2, 2]);
  });

  it('puts five figures on at most two workers, each message tagged with its run id', () => {
    const { pool, workers } = fakePool();
    const clients = Array.from({ length: 5 }, () => new TrainingClient({ pool }));
    for (const client of clients) void client.init(experiment, {}).catch(() => {});
    expect(workers).toHaveLength(2);
    expect(pool.started).toBe(2);
    const served = workers.flatMap((worker) => worker.runIds()).sort();
    expect(served).toEqual(clients.map((client) => client.runId).sort());
    expect(workers[0].runIds().length + workers[1].runIds().length).toBe(5);
    pool.close();
  });

  it('routes replies by run id and warms a worker (loads the backend) before the first command', () => {
    const { pool, workers } = fakePool();
    const a = new TrainingClient({ pool });
    const b = new TrainingClient({ pool });
    a.warm();
    expect(workers[0].received).toEqual([{ type: 'warm' }]);
    b.warm();
    const eventsA = listen(a);
    const eventsB = listen(b);
    const worker = workers.find((w) => w.received.some((m) => m.type === 'warm'))!;
    a.run();
    worker.emit({ type: 'finished', step: 4, runId: a.runId });
    expect(eventsA).toEqual([{ type: 'finished', step: 4 }]);
    expect(eventsB).toEqual([]);
    pool.close();
  });

  it('replaces a worker that does not answer a ping within the timeout: the run that held it is told "stuck", the others "moved", and all go on on a fresh worker', async () => {
    const { pool, workers } = fakePool(40);
    const wedged = new TrainingClient({ pool });
    const neighbour = new TrainingClient({ pool });
    // With two workers allowed, the second client gets a worker of its own; a third shares.
    const third = new TrainingClient({ pool });
    for (const client of [wedged, neighbour, third]) void client.init(experiment, {}).catch(() => {});
    const shared = workers.find((w) => w.runIds().includes(wedged.runId))!;
    const sharer = [neighbour, third].find((client) => shared.runIds().includes(client.runId))!;
    const eventsWedged = listen(wedged);
    const eventsSharer = listen(sharer);
    wedged.run();
    shared.emit({ type: 'busy', iterations: 1, runId: wedged.runId });
    shared.stuck = true;
    const pausedAt = Date.now();
    wedged.pause();
    await sleep(120);
    expect(shared.terminated).toBe(true);
    expect(eventsWedged.at(-1)).toMatchObject({ type: 'replaced', cause: 'stuck' });
    expect(eventsSharer.at(-1)).toMatchObject({ type: 'replaced', cause: 'moved' });
    expect(Date.now() - pausedAt).toBeLessThan(1000);
    // Their next commands go to a new worker; still at most two alive.
    void wedged.init(experiment, {}).catch(() => {});
    void sharer.init(experiment, {}).catch(() => {});
    expect(pool.size).toBeLessThanOrEqual(2);
    const fresh = workers.filter((w) => !w.terminated && w !== shared);
    expect(fresh.flatMap((w) => w.runIds())).toEqual(expect.arrayContaining([wedged.runId, sharer.runId]));
    pool.close();
  });

  it('keeps a worker that answers, and releases a worker left without runs after the idle time', async () => {
    const { pool, workers } = fakePool(40);
    const client = new TrainingClient({ pool });
    void client.init(experiment, {}).catch(() => {});
    workers[0].emit({ type: 'busy', iterations: 1, runId: client.runId });
    client.pause();
    await sleep(80);
    expect(workers[0].received.some((m) => m.type === 'ping')).toBe(true);
    expect(workers[0].terminated).toBe(false);
    workers[0].emit({ type: 'finished', step: 1, runId: client.runId });
    client.dispose();
    expect(workers[0].received.at(-1)).toEqual({ type: 'dispose', runId: client.runId });
    await sleep(80);
    expect(workers[0].terminated).toBe(true);
    expect(pool.size).toBe(0);
  });
});

describe('WorkerPool warming', () => {
  it('warms an idle worker ahead of any figure, which the next figure then joins; never more than two', () => {
    const { pool, workers } = fakePool();
    pool.warmAhead();
    expect(workers).toHaveLength(1);
    expect(workers[0].received).toEqual([{ type: 'warm' }]);
    const client = new TrainingClient({ pool });
    void client.init(experiment, {}).catch(() => {});
    expect(workers[0].runIds()).toEqual([client.runId]);
    pool.warmAhead();
    pool.warmAhead();
    pool.warmAhead();
    expect(workers).toHaveLength(2);
    pool.close();
  });
});

describe('WorkerPool watchdog scope', () => {
  it('does not ping (so never replaces) a worker that announced nothing long: building a big session may take seconds', async () => {
    const { pool, workers } = fakePool(30);
    const client = new TrainingClient({ pool });
    void client.init(experiment, {}).catch(() => {});
    workers[0].stuck = true; // e.g. a slow first snapshot of a big network
    client.pause();
    client.setSnapshot({});
    await sleep(90);
    expect(workers[0].received.some((m) => m.type === 'ping')).toBe(false);
    expect(workers[0].terminated).toBe(false);
    // Once a run announces a long piece, a pause is watched.
    workers[0].emit({ type: 'busy', iterations: 1, runId: client.runId });
    client.pause();
    await sleep(90);
    expect(workers[0].terminated).toBe(true);
    pool.close();
  });
});
