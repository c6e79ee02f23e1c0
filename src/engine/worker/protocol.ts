/**
 * The typed messages between figures on the page (clients) and a training worker (the host).
 * Only plain, structured-clonable data crosses; Float32Arrays are transferred, not copied.
 *
 * One worker serves several figures (the page's pool holds at most two workers, one on two cores):
 * every training message names its run with `runId`, and the host keeps one session per run id. A
 * 'ping' is answered with a 'pong' as soon as the worker's event loop is free, ahead of any queued
 * work: the page uses it to tell a busy worker from a wedged one (a single step that takes minutes).
 */
import type { AnyExperiment } from '../experiments/schema';

export type { SnapshotRequest, Snapshot, ModeCoverage, StepMetrics, BackendName, BackendReport } from '../types';
import type { SnapshotRequest, Snapshot, BackendName, BackendReport, StepMetrics } from '../types';

// ── page → worker ───────────────────────────────────────────────────────────────────────────────

/** What one run (one figure, or one variant of a figure) asks of its session. */
export type RunCommand =
  /** (Re)build the run's session from an experiment; replies 'ready' or 'error'. */
  | { type: 'init'; experiment: AnyExperiment; snapshot: SnapshotRequest; backend?: BackendName }
  /** Train continuously (up to experiment.training.steps), sending 'progress' about every frameMs. */
  | { type: 'run'; frameMs?: number }
  | { type: 'pause' }
  /** Train exactly `count` iterations, then send one 'progress'. */
  | { type: 'step'; count: number }
  /** Change what is drawn; replies with a fresh 'progress'. */
  | { type: 'snapshot'; snapshot: SnapshotRequest }
  /** Free the run's session; the run id may be initialised again later. */
  | { type: 'dispose' };

export type ClientMessage =
  | (RunCommand & { runId: string })
  /** Answered at once with 'pong' (the page's watchdog). */
  | { type: 'ping'; id: number }
  /** Start loading the backend now (a figure is approaching the screen); no reply. */
  | { type: 'warm'; backend?: BackendName };

// ── worker → page ───────────────────────────────────────────────────────────────────────────────

/** What a run's session reports. */
export type RunMessage =
  | { type: 'ready'; backend: BackendReport; snapshot: Snapshot }
  | {
      type: 'progress';
      step: number;
      running: boolean;
      stepsPerSecond: number;
      /** Every iteration's metrics since the last progress message. */
      metrics: StepMetrics[];
      snapshot: Snapshot;
      /**
       * Worker time since the last progress message: ms spent training, and ms spent taking this
       * message's snapshot (the bench reports snapshot time as a share of training time).
       */
      trainMs: number;
      snapshotMs: number;
    }
  /**
   * Sent just before a piece of training whose length is not known to be short (a run's first
   * iterations, or a chunk predicted to take long): if the worker then stops answering pings, the
   * page knows which run holds it.
   */
  | { type: 'busy'; iterations: number }
  /** Training reached experiment.training.steps. */
  | { type: 'finished'; step: number }
  /**
   * kind 'invalid': the experiment was rejected; 'diverged': a loss or weight became NaN/∞ or ran
   * away (training stops, the last good snapshot stays drawn); 'backend': no backend could start;
   * 'internal': a bug.
   */
  | { type: 'error'; kind: 'invalid' | 'diverged' | 'backend' | 'internal'; message: string; step?: number };

export type HostMessage = (RunMessage & { runId: string }) | { type: 'pong'; id: number };
