import { afterEach, describe, expect, it } from 'vitest';
import { experimentOrThrow, type Experiment, type ExperimentInput } from '../../src/engine/experiments/schema';
import { defaultFrameMs, progressInterval, TrainingHost, transferableSnapshot, type TrainingHostOptions } from '../../src/engine/worker/host';
import type { HostMessage as WireMessage, RunCommand, RunMessage } from '../../src/engine/worker/protocol';

/** The messages of one run, as its client sees them (run id removed); 'busy' and 'pong' are tested apart. */
type HostMessage = Exclude<RunMessage, { type: 'busy' }>;

/** A small, quick experiment: the host's behaviour, not the GAN's quality, is under test. */
const small = (changes: ExperimentInput = {}): Experiment =>
  experimentOrThrow({
    data: { kind: 'ring' },
    generator: { hidden: [8] },
    discriminator: { hidden: [8] },
    training: { batchSize: 16, steps: 1000 },
    ...changes,
  });

/** Each case gets a host whose posts are recorded, with their transfer lists. */
function recordingHost() {
  const messages: HostMessage[] = [];
  const transfers: Transferable[][] = [];
  const wire = new TrainingHost((message: WireMessage, transfer) => {
    if (message.type === 'pong' || message.type === 'busy') return;
    const { runId: _runId, ...rest } = message;
    messages.push(rest as HostMessage);
    transfers.push(transfer);
  });
  // The cases below talk to one run, as a figure did before workers were shared.
  const host = {
    receive: (message: RunCommand) => wire.receive({ ...message, runId: 'main' }),
    get isRunning() {
      return wire.isRunning;
    },
  };
  hosts.push(host);
  return { host, messages, transfers };
}
const hosts: Array<{ receive(message: RunCommand): Promise<void> }> = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.receive({ type: 'dispose' });
});

/** Let pending timers run (the run loop schedules each chunk with setTimeout 0). */
const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** Wait (in event-loop turns, not wall time) until `condition` holds or the host reports an error. */
async function until(messages: HostMessage[], condition: () => boolean, maxTurns = 20_000): Promise<void> {
  const stop = () => condition() || messages.some((m) => m.type === 'error');
  for (let i = 0; i < maxTurns && !stop(); i++) await turns(1);
  expect(condition(), JSON.stringify(messages.filter((m) => m.type === 'error'))).toBe(true);
}

const ofType = <T extends HostMessage['type']>(messages: HostMessage[], type: T) =>
  messages.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);

describe('TrainingHost', () => {
  it('init replies ready with the backend and a first snapshot at step 0', async () => {
    const { host, messages, transfers } = recordingHost();
    await host.receive({ type: 'init', experiment: small(), snapshot: { samples: 10, realSamples: 4 } });
    expect(messages).toHaveLength(1);
    const ready = messages[0];
    expect(ready.type).toBe('ready');
    if (ready.type !== 'ready') return;
    expect(ready.backend.name).toBe('cpu');
    expect(ready.backend.reason.length).toBeGreaterThan(0);
    expect(ready.snapshot.step).toBe(0);
    expect(ready.snapshot.dim).toBe(2);
    expect(ready.snapshot.samples).toHaveLength(20);
    expect(ready.snapshot.realSamples).toHaveLength(8);
    // Both arrays' buffers are transferred, each once.
    expect(transfers[0]).toContain(ready.snapshot.samples!.buffer);
    expect(transfers[0]).toContain(ready.snapshot.realSamples!.buffer);
    expect(new Set(transfers[0]).size).toBe(transfers[0].length);
  });

  it('step 5 sends one progress with the metrics of iterations 1 to 5', async () => {
    const { host, messages } = recordingHost();
    await host.receive({ type: 'init', experiment: small(), snapshot: { samples: 3 } });
    await host.receive({ type: 'step', count: 5 });
    const progress = ofType(messages, 'progress');
    expect(progress).toHaveLength(1);
    expect(progress[0].step).toBe(5);
    expect(progress[0].running).toBe(false);
    expect(progress[0].metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    for (const m of progress[0].metrics) {
      expect(Number.isFinite(m.discriminatorLoss) && Number.isFinite(m.generatorLoss)).toBe(true);
    }
    expect(progress[0].snapshot.step).toBe(5);
    expect(progress[0].snapshot.samples).toHaveLength(6);
  });

  it('a changed snapshot request is answered at once and used from then on', async () => {
    const { host, messages } = recordingHost();
    await host.receive({ type: 'init', experiment: small(), snapshot: {} });
    await host.receive({ type: 'snapshot', snapshot: { discriminatorGrid: { x: [-1, 1, 3], y: [-1, 1, 2] } } });
    const [first] = ofType(messages, 'progress');
    expect(first.metrics).toEqual([]);
    expect(first.snapshot.discriminatorGrid?.values).toHaveLength(6);
    await host.receive({ type: 'step', count: 1 });
    expect(ofType(messages, 'progress')[1].snapshot.discriminatorGrid?.values).toHaveLength(6);
  });

  it('run trains and reports until paused, then stays quiet', async () => {
    const { host, messages } = recordingHost();
    await host.receive({ type: 'init', experiment: small(), snapshot: {} });
    void host.receive({ type: 'run', frameMs: 5 });
    await until(messages, () => ofType(messages, 'progress').length >= 2);
    await host.receive({ type: 'pause' });
    expect(host.isRunning).toBe(false);
    const countAtPause = messages.length;
    const progress = ofType(messages, 'progress');
    const stepAtPause = progress[progress.length - 1].step;
    // Every iteration is reported exactly once, in order, across the progress messages.
    expect(progress.flatMap((m) => m.metrics.map((metric) => metric.step))).toEqual(
      Array.from({ length: stepAtPause }, (_, i) => i + 1),
    );
    expect(progress[0].running).toBe(true);
    expect(progress[progress.length - 1].running).toBe(false);
    await turns(50);
    expect(messages.length).toBe(countAtPause);
    // Stepping after the pause continues from where the run stopped.
    await host.receive({ type: 'step', count: 2 });
    expect(ofType(messages, 'progress').at(-1)!.step).toBe(stepAtPause + 2);
  });

  it('run stops at training.steps and sends finished', async () => {
    const { host, messages } = recordingHost();
    await host.receive({ type: 'init', experiment: small({ training: { batchSize: 16, steps: 40 } }), snapshot: {} });
    void host.receive({ type: 'run', frameMs: 5 });
    await until(messages, () => messages.some((m) => m.type === 'finished'));
    expect(host.isRunning).toBe(false);
    const finished = ofType(messages, 'finished');
    expect(finished).toEqual([{ type: 'finished', step: 40 }]);
    const steps = ofType(messages, 'progress').flatMap((m) => m.metrics.map((metric) => metric.step));
    expect(steps).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Stepping past the end trains nothing.
    await host.receive({ type: 'step', count: 3 });
    expect(ofType(messages, 'progress').at(-1)!.step).toBe(40);
  });

  it('rejects an invalid experiment with kind invalid, naming the field', async () => {
    const { host, messages } = recordingHost();
    const bad = { ...small(), training: { ...small().training, batchSize: 5000 } };
    await host.receive({ type: 'init', experiment: bad, snapshot: {} });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'error', kind: 'invalid' });
    if (messages[0].type === 'error') expect(messages[0].message).toContain('training.batchSize must be a whole number between 1 and 4096');
    // Nothing to train: run and step are ignored rather than crashing.
    await host.receive({ type: 'step', count: 1 });
    expect(messages).toHaveLength(1);
  });

  it('a diverging experiment stops with an error of kind diverged and its step', async () => {
    const { host, messages } = recordingHost();
    // Huge SGD steps with heavy momentum on far-away data: the weights blow up within a few steps.
    const diverging = small({
      data: { kind: 'ring', radius: 10, std: 2 },
      optimizers: {
        discriminator: { kind: 'sgd', learningRate: 10, momentum: 0.999 },
        generator: { kind: 'sgd', learningRate: 10, momentum: 0.999 },
      },
    });
    await host.receive({ type: 'init', experiment: diverging, snapshot: {} });
    void host.receive({ type: 'run', frameMs: 5 });
    await until(messages, () => messages.some((m) => m.type === 'error'));
    expect(host.isRunning).toBe(false);
    const [error] = ofType(messages, 'error');
    expect(error.kind).toBe('diverged');
    expect(error.step).toBeGreaterThan(0);
    expect(error.message).toMatch(/diverged at step \d+/);
    expect(error.message).toMatch(/learning rate/);
    const count = messages.length;
    await turns(20);
    expect(messages.length).toBe(count);
  });

  it('re-init replaces the trainer and starts again at step 0', async () => {
    const { host, messages } = recordingHost();
    await host.receive({ type: 'init', experiment: small(), snapshot: {} });
    await host.receive({ type: 'step', count: 3 });
    await host.receive({ type: 'init', experiment: small({ seed: 9 }), snapshot: {} });
    const readies = ofType(messages, 'ready');
    expect(readies).toHaveLength(2);
    expect(readies[1].snapshot.step).toBe(0);
  });

  it('transferableSnapshot copies every Float32Array once, even shared or nested ones', () => {
    const x = new Float32Array([1, 2, 3]);
    const backing = new Float32Array([9, 8, 7, 6]);
    const snapshot = {
      step: 4,
      dim: 1,
      discriminatorGrid: { x, values: backing.subarray(1, 4) },
      dataDensity: { x, density: new Float32Array([0.1, 0.2, 0.3]) },
      // A field this test does not know about: it must be covered too.
      futureField: { nested: [new Float32Array([5])] },
    } as unknown as Parameters<typeof transferableSnapshot>[0];
    const transfer: Transferable[] = [];
    const out = transferableSnapshot(snapshot, transfer) as typeof snapshot & { futureField: { nested: Float32Array[] } };
    expect(Array.from(out.discriminatorGrid!.values)).toEqual([8, 7, 6]);
    expect(out.discriminatorGrid!.x).not.toBe(x);
    expect(Array.from(out.dataDensity!.x)).toEqual([1, 2, 3]);
    // Five arrays, five distinct buffers, none of them an original's.
    expect(transfer).toHaveLength(5);
    expect(new Set(transfer).size).toBe(5);
    expect(transfer).not.toContain(x.buffer);
    expect(transfer).not.toContain(backing.buffer);
    expect(out.futureField.nested[0]).toEqual(new Float32Array([5]));
    expect(transfer).toContain(out.futureField.nested[0].buffer);
    expect(out.step).toBe(4);
  });
});

describe('TrainingHost with several runs (figures sharing a worker)', () => {
  function wireHost(options?: TrainingHostOptions) {
    const messages: WireMessage[] = [];
    const host = new TrainingHost((message) => messages.push(message), options);
    return { host, messages };
  }

  it('keeps one session per run id: runs train, pause and dispose independently, every reply names its run', async () => {
    const { host, messages } = wireHost();
    await host.receive({ type: 'init', runId: 'a', experiment: small(), snapshot: {} });
    await host.receive({ type: 'init', runId: 'b', experiment: small({ seed: 9, training: { batchSize: 16, steps: 1000 } }), snapshot: {} });
    expect(host.runIds).toEqual(['a', 'b']);
    await host.receive({ type: 'step', runId: 'a', count: 3 });
    await host.receive({ type: 'step', runId: 'b', count: 5 });
    const progressOf = (runId: string) => messages.filter((m) => m.type === 'progress' && m.runId === runId) as Array<Extract<WireMessage, { type: 'progress' }>>;
    expect(progressOf('a').at(-1)!.step).toBe(3);
    expect(progressOf('b').at(-1)!.step).toBe(5);
    // Both run at once and take turns; pausing one leaves the other running.
    await host.receive({ type: 'run', runId: 'a' });
    await host.receive({ type: 'run', runId: 'b' });
    await until(messages as never, () => progressOf('a').at(-1)!.step > 6 && progressOf('b').at(-1)!.step > 8);
    await host.receive({ type: 'pause', runId: 'a' });
    const pausedAt = progressOf('a').at(-1)!.step;
    const bBefore = progressOf('b').at(-1)!.step;
    await until(messages as never, () => progressOf('b').at(-1)!.step > bBefore + 3);
    expect(progressOf('a').at(-1)!.step).toBe(pausedAt);
    expect(host.isRunning).toBe(true);
    await host.receive({ type: 'dispose', runId: 'b' });
    expect(host.runIds).toEqual(['a']);
    expect(host.isRunning).toBe(false);
    await host.receive({ type: 'dispose', runId: 'a' });
    expect(messages.every((m) => m.type === 'pong' || m.runId === 'a' || m.runId === 'b')).toBe(true);
  });

  it('answers ping at once, even while an init awaits, and announces a run\'s first iterations as busy', async () => {
    const { host, messages } = wireHost();
    const init = host.receive({ type: 'init', runId: 'a', experiment: small(), snapshot: {} });
    void host.receive({ type: 'ping', id: 41 });
    expect(messages[0]).toEqual({ type: 'pong', id: 41 });
    await init;
    await host.receive({ type: 'run', runId: 'a' });
    await until(messages as never, () => messages.some((m) => m.type === 'progress'));
    const busy = messages.find((m) => m.type === 'busy');
    // The first chunk of a run is one iteration, announced because its cost is unknown.
    expect(busy).toEqual({ type: 'busy', runId: 'a', iterations: 1 });
    await host.receive({ type: 'dispose', runId: 'a' });
  });

  it('gives runs that share a host equal turns, even when one run\'s costly snapshots stretch its progress interval, and keeps each run\'s snapshots within a tenth of its training', async () => {
    // Timed on a modelled clock, so that a slow or busy machine cannot move the result (timed for
    // real, this test failed on such machines: a snapshot preempted mid-way counts its wait).
    // Iterations cost 1 ms; 'heat' draws a heat map whose snapshots cost 15 ms (a 150 × 150 grid on a
    // slow machine), so it reports progress rarely; 'plain' asks for nothing, 0.5 ms a snapshot.
    let clock = 0;
    const { host, messages } = wireHost({ now: () => clock });
    const grid = { x: [-3, 3, 10] as [number, number, number], y: [-3, 3, 10] as [number, number, number] };
    const long = { batchSize: 16, steps: 1_000_000 };
    await host.receive({ type: 'init', runId: 'heat', experiment: small({ training: long }), snapshot: { discriminatorGrid: grid } });
    await host.receive({ type: 'init', runId: 'plain', experiment: small({ seed: 9, training: long }), snapshot: {} });
    // The sessions and their trainers are private: reached here only to charge the modelled costs.
    type Trainer = { train(iterations: number): unknown; snapshot(request: unknown): unknown };
    const sessions = (host as unknown as { sessions: Map<string, { trainer: Trainer }> }).sessions;
    const model = (runId: string, snapshotMs: number) => {
      const trainer = sessions.get(runId)!.trainer;
      const train = trainer.train.bind(trainer);
      const snapshot = trainer.snapshot.bind(trainer);
      trainer.train = (iterations) => ((clock += iterations), train(iterations));
      trainer.snapshot = (request) => ((clock += snapshotMs), snapshot(request));
    };
    model('heat', 15);
    model('plain', 0.5);
    await host.receive({ type: 'run', runId: 'heat' });
    await host.receive({ type: 'run', runId: 'plain' });
    await until(messages as never, () => clock >= 4000);
    await host.receive({ type: 'pause', runId: 'heat' });
    await host.receive({ type: 'pause', runId: 'plain' });
    const progress = (runId: string) => messages.filter((m) => m.type === 'progress' && m.runId === runId) as Array<Extract<WireMessage, { type: 'progress' }>>;
    const total = (runId: string, field: 'trainMs' | 'snapshotMs') => progress(runId).reduce((sum, m) => sum + m[field], 0);
    const heat = total('heat', 'trainMs');
    const plain = total('plain', 'trainMs');
    const heatSnapshots = total('heat', 'snapshotMs');
    const plainSnapshots = total('plain', 'snapshotMs');
    // The heat map's interval is stretched (15 ms × 2 runs × 13.5, about 400 ms, against 50 ms).
    expect(progress('heat').length).toBeLessThan(progress('plain').length / 4);
    // Equal turns: each run trains half the time.
    expect(plain / (heat + plain)).toBeGreaterThan(0.45);
    expect(plain / (heat + plain)).toBeLessThan(0.55);
    // And each run's snapshots take at most a tenth of its own training (issue 14), though it trains
    // only half the time.
    expect(heatSnapshots / heat).toBeLessThanOrEqual(0.1);
    expect(plainSnapshots / plain).toBeLessThanOrEqual(0.1);
    await host.receive({ type: 'dispose', runId: 'heat' });
    await host.receive({ type: 'dispose', runId: 'plain' });
  });

  it('spaces progress messages so that snapshots take at most a tenth of the training time, unless a figure would then redraw less than 4 times a second', () => {
    const trainingShare = (snapshotMs: number) => snapshotMs / (progressInterval(defaultFrameMs, snapshotMs) - snapshotMs);
    expect(progressInterval(defaultFrameMs, 0)).toBe(defaultFrameMs);
    for (const snapshotMs of [1, 4.5, 5, 10, 20]) expect(trainingShare(snapshotMs)).toBeLessThanOrEqual(0.1 + 1e-12);
    // A cheap snapshot keeps the figure's own frame rate.
    expect(progressInterval(defaultFrameMs, 2)).toBe(defaultFrameMs);
    // A costly one (a big heat map on the CPU backend): redrawn every 250 ms, half the time training.
    expect(progressInterval(defaultFrameMs, 50)).toBe(250);
    expect(progressInterval(defaultFrameMs, 200)).toBe(400);
    expect(trainingShare(200)).toBe(1);
  });

  it('spaces a run that takes turns with others by its own training time: its snapshots keep within a tenth of that, whatever they cost up to half of it', () => {
    for (const sharing of [2, 3]) {
      // In an interval of wall time the run has 1/sharing of the worker, its snapshot included.
      const trainingShare = (snapshotMs: number) => snapshotMs / (progressInterval(defaultFrameMs, snapshotMs, sharing) / sharing - snapshotMs);
      for (const snapshotMs of [1, 4.5, 10, 15, 20]) expect(trainingShare(snapshotMs)).toBeLessThanOrEqual(0.1 + 1e-12);
      expect(progressInterval(defaultFrameMs, 0, sharing)).toBe(defaultFrameMs);
      expect(progressInterval(defaultFrameMs, 50, sharing)).toBe(250 * sharing);
      expect(trainingShare(200)).toBe(1);
    }
  });
});
