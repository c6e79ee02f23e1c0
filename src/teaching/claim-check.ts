/**
 * The teacher's check of a figure claim: decode the student's settings, make sure the settings the
 * teacher fixed (locked or hidden controls) were kept, re-run the experiment from its seed for the
 * claimed number of steps, measure the same snapshot, and judge the requirement on the RE-RUN's
 * numbers, never on the claimed ones. Training is deterministic for a given experiment, seed and
 * backend, so a claim made on the CPU backend must match the re-run to the last digits; a claim
 * from another backend (WASM, WebGL) is judged by the re-run alone, since backends round differently.
 *
 * Pure: the re-run itself is passed in (`Rerun`): the checker page runs it in a Web Worker on the
 * CPU backend, the unit tests call `rerunInProcess` in Node.
 */
import { getAt } from '../components/widgets/controls';
import { getFigure, type FigureSpec } from '../engine/experiments/figures';
import type { AnyExperiment } from '../engine/experiments/schema';
import { decodeExperiment } from '../engine/experiments/url';
import { createSession } from '../engine/kinds';
import type { Snapshot, SnapshotRequest, StepMetrics } from '../engine/types';
import { describeRequirement, formatMeasure, judge, measureRequest, measuresOf, measureWords, parseRequirements } from './figure-checks';
import type { FigureClaim } from './submission';

export type Rerun = (
  experiment: AnyExperiment,
  steps: number,
  request: SnapshotRequest,
) => Promise<{ snapshot: Snapshot; lastMetrics: StepMetrics | null }>;

export interface ClaimVerdict {
  status: 'confirmed' | 'refuted' | 'invalid';
  /** Sentences for the teacher. */
  reasons: string[];
  /** The re-run's numbers, when it ran. */
  recomputed?: Record<string, number>;
}

export interface ClaimTask {
  figure: string;
  require: string;
  /** The teacher's set-up, when the task came from an assignment's figure. */
  setup?: { experiment: AnyExperiment; fixedPaths: string[] };
}

/** The backend the checker re-runs on; claims made on it must match exactly. */
export const checkerBackend = 'cpu';

/** A claim's experiment, or why it cannot be read. */
export function claimExperiment(claim: FigureClaim, spec: FigureSpec): { ok: true; experiment: AnyExperiment } | { ok: false; message: string } {
  const decoded = decodeExperiment<AnyExperiment>(claim.settings, spec.experiment);
  return decoded.ok ? decoded : { ok: false, message: 'its settings cannot be read' };
}

/** Same numbers, allowing only the last bits of a float's rounding (JSON keeps doubles exactly). */
function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export async function verifyClaim(claim: FigureClaim, task: ClaimTask, rerun: Rerun): Promise<ClaimVerdict> {
  if (claim.figure !== task.figure) return { status: 'invalid', reasons: [`The claim is about figure “${claim.figure}”, the task about “${task.figure}”.`] };
  const spec = getFigure(task.figure);
  if (!spec) return { status: 'invalid', reasons: [`There is no figure “${task.figure}”.`] };
  const requirements = parseRequirements(task.require);
  if (!requirements.ok) return { status: 'invalid', reasons: [requirements.message] };
  const decoded = claimExperiment(claim, spec);
  if (!decoded.ok) return { status: 'invalid', reasons: [`The claim's settings cannot be read.`] };
  const experiment = decoded.experiment;
  if (claim.step > experiment.training.steps) {
    return { status: 'invalid', reasons: [`The claim's step ${claim.step} is past the run's last step ${experiment.training.steps}.`] };
  }
  const changed = (task.setup?.fixedPaths ?? []).filter(
    (path) => JSON.stringify(getAt(experiment, path)) !== JSON.stringify(getAt(task.setup!.experiment, path)),
  );
  if (changed.length) {
    return { status: 'refuted', reasons: [`Settings the assignment fixed were changed: ${changed.join(', ')}.`] };
  }

  let measures: Record<string, number>;
  try {
    const { snapshot, lastMetrics } = await rerun(experiment, claim.step, measureRequest(spec));
    measures = measuresOf(snapshot, lastMetrics);
  } catch (error) {
    return { status: 'invalid', reasons: [`The re-run failed: ${error instanceof Error ? error.message : String(error)}.`] };
  }

  const reasons: string[] = [];
  const verdict = judge(requirements.requirements, measures);
  const mismatches = Object.entries(claim.measures).filter(([name, value]) => measures[name] === undefined || !sameNumber(value, measures[name]));
  const mismatchText = mismatches.map(([name, value]) => `${measureWords(name)}: claimed ${formatMeasure(value)}, re-run ${measures[name] === undefined ? 'has none' : formatMeasure(measures[name])}`);
  if (!verdict.satisfied) {
    reasons.push(`The re-run does not meet the task: ${verdict.failures.join('; ')}.`);
    if (mismatchText.length) reasons.push(`Claimed numbers differ from the re-run (${mismatchText.join('; ')}).`);
    return { status: 'refuted', reasons, recomputed: measures };
  }
  if (mismatches.length && claim.backend === checkerBackend) {
    reasons.push(`The claim was made on the ${checkerBackend} backend, whose re-run is exact, but its numbers differ (${mismatchText.join('; ')}).`);
    return { status: 'refuted', reasons, recomputed: measures };
  }
  reasons.push(`Re-run to step ${claim.step} on the ${checkerBackend} backend: ${requirements.requirements.map((r) => `${describeRequirement(r).replace(/ [≥≤<>=].*$/, '')} ${formatMeasure(measures[r.measure])}`).join(', ')} — meets the task.`);
  if (mismatches.length) reasons.push(`The student's run used ${claim.backend}; its numbers differ slightly, as backends round differently (${mismatchText.join('; ')}).`);
  return { status: 'confirmed', reasons, recomputed: measures };
}

/** A re-run in this process (Node tests, or any caller that accepts blocking): initBackend first. */
export const rerunInProcess: Rerun = async (experiment, steps, request) => {
  const session = createSession(experiment);
  try {
    let lastMetrics: StepMetrics | null = null;
    if (steps > 0) lastMetrics = session.train(steps).at(-1) ?? null;
    return { snapshot: session.snapshot(request), lastMetrics };
  } finally {
    session.dispose();
  }
};
