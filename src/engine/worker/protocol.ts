/**
 * The typed messages between a figure on the page (the client) and its training worker (the host).
 * Only plain, structured-clonable data crosses; Float32Arrays are transferred, not copied.
 */
import type { AnyExperiment } from '../experiments/schema';

export type { SnapshotRequest, Snapshot, ModeCoverage, StepMetrics, BackendName, BackendReport } from '../types';
import type { SnapshotRequest, Snapshot, BackendName, BackendReport, StepMetrics } from '../types';

// ── page → worker ───────────────────────────────────────────────────────────────────────────────

export type ClientMessage =
  /** (Re)build the trainer from an experiment; replies 'ready' or 'error'. */
  | { type: 'init'; experiment: AnyExperiment; snapshot: SnapshotRequest; backend?: BackendName }
  /** Train continuously (up to experiment.training.steps), sending 'progress' about every frameMs. */
  | { type: 'run'; frameMs?: number }
  | { type: 'pause' }
  /** Train exactly `count` iterations, then send one 'progress'. */
  | { type: 'step'; count: number }
  /** Change what is drawn; replies with a fresh 'progress'. */
  | { type: 'snapshot'; snapshot: SnapshotRequest }
  | { type: 'dispose' };

// ── worker → page ───────────────────────────────────────────────────────────────────────────────

export type HostMessage =
  | { type: 'ready'; backend: BackendReport; snapshot: Snapshot }
  | {
      type: 'progress';
      step: number;
      running: boolean;
      stepsPerSecond: number;
      /** Every iteration's metrics since the last progress message. */
      metrics: StepMetrics[];
      snapshot: Snapshot;
    }
  /** Training reached experiment.training.steps. */
  | { type: 'finished'; step: number }
  /**
   * kind 'invalid': the experiment was rejected; 'diverged': a loss or weight became NaN/∞ (training
   * stops, the last good snapshot stays drawn); 'backend': no backend could start; 'internal': a bug.
   */
  | { type: 'error'; kind: 'invalid' | 'diverged' | 'backend' | 'internal'; message: string; step?: number };
