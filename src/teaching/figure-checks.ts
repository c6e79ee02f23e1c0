/**
 * Exercises checked on a live figure's state: "capture all 8 modes within 2,000 steps". Pure (no
 * DOM): the figure-check element on the page, the assignment page and the teacher's checker (and the
 * unit tests, in Node) all judge with these functions, so a claim means the same everywhere.
 *
 * A requirement is written as text, so that it is a plain literal in MDX and in a link:
 *   "modesCaptured >= 8, step <= 2000"
 * Each clause is `<measure> <op> <number>` with op one of >=, <=, >, <, =. The measures are read from
 * the figure's snapshot (see `snapshotMeasures`) or, for any other name, from the last step's metrics
 * (StepMetrics: discriminatorLoss, wassersteinEstimate, …), so chapters 5–9 can check their own
 * numbers without code here.
 */
import type { FigureSpec } from '../engine/experiments/figures';
import type { Snapshot, SnapshotRequest, StepMetrics } from '../engine/types';

export interface Requirement {
  measure: string;
  op: '>=' | '<=' | '>' | '<' | '=';
  value: number;
}

/** Numbers a snapshot provides, by name, each with the words a reader sees. */
export const snapshotMeasures: Record<string, { words: string; read(snapshot: Snapshot): number | undefined }> = {
  step: { words: 'steps trained', read: (s) => s.step },
  modesCaptured: { words: 'modes captured', read: (s) => s.modeCoverage?.modesCaptured },
  highQualityFraction: { words: 'share of samples within 3σ of a mode', read: (s) => s.modeCoverage?.highQualityFraction },
  criticBound: { words: "the critic's bound F", read: (s) => s.criticBoundQuadrature },
  trueDivergence: { words: 'the true divergence', read: (s) => s.trueDivergence },
  boundGap: {
    words: "the gap between the true divergence and the critic's bound",
    read: (s) =>
      s.trueDivergence !== undefined && s.criticBoundQuadrature !== undefined && Number.isFinite(s.trueDivergence)
        ? Math.abs(s.trueDivergence - s.criticBoundQuadrature)
        : undefined,
  },
  generatorMean: { words: "the generator's mean", read: (s) => s.generatorGaussian?.mean },
  generatorStd: { words: "the generator's standard deviation", read: (s) => s.generatorGaussian?.std },
  wassersteinEstimate: { words: "the critic's estimate of W₁", read: (s) => s.wassersteinEstimate },
};

const clausePattern = /^([A-Za-z][A-Za-z0-9]*)\s*(>=|<=|>|<|=)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i;

/** Reads "modesCaptured >= 8, step <= 2000"; fails with a sentence naming the bad clause. */
export function parseRequirements(text: string): { ok: true; requirements: Requirement[] } | { ok: false; message: string } {
  const clauses = text.split(/[,;]|\band\b/).map((clause) => clause.trim()).filter(Boolean);
  if (clauses.length === 0) return { ok: false, message: 'The requirement is empty.' };
  if (clauses.length > 8) return { ok: false, message: 'A requirement has at most 8 clauses.' };
  const requirements: Requirement[] = [];
  for (const clause of clauses) {
    const match = clausePattern.exec(clause);
    if (!match) return { ok: false, message: `“${clause.slice(0, 60)}” is not of the form “measure >= number”.` };
    requirements.push({ measure: match[1], op: match[2] as Requirement['op'], value: Number(match[3]) });
  }
  return { ok: true, requirements };
}

/** Like parseRequirements, for build-time props: throws the sentence. */
export function requirementsOrThrow(text: string, where: string): Requirement[] {
  const parsed = parseRequirements(text);
  if (!parsed.ok) throw new Error(`${where}: ${parsed.message}`);
  return parsed.requirements;
}

const opWords: Record<Requirement['op'], string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=' };

export function measureWords(measure: string): string {
  return snapshotMeasures[measure]?.words ?? measure.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "modes captured ≥ 8" */
export function describeRequirement(requirement: Requirement): string {
  return `${measureWords(requirement.measure)} ${opWords[requirement.op]} ${requirement.value}`;
}

/** A requirement line in words ("modes captured ≥ 8, step ≤ 2000"), or the line itself where it cannot be read. */
export function requirementWords(require: string): string {
  const parsed = parseRequirements(require);
  return parsed.ok ? parsed.requirements.map(describeRequirement).join(', ') : require;
}

/** Every number a figure's state offers: the snapshot's measures and the last step's metrics. */
export function measuresOf(snapshot: Snapshot, lastMetrics?: StepMetrics | null): Record<string, number> {
  const measures: Record<string, number> = {};
  if (lastMetrics) for (const [name, value] of Object.entries(lastMetrics)) if (name !== 'step' && Number.isFinite(value)) measures[name] = value;
  for (const [name, { read }] of Object.entries(snapshotMeasures)) {
    const value = read(snapshot);
    if (value !== undefined && Number.isFinite(value)) measures[name] = value;
  }
  return measures;
}

export interface Judgement {
  satisfied: boolean;
  /** One phrase per requirement not met ("modes captured is 6, needs ≥ 8"), or not measurable. */
  failures: string[];
}

function holds(value: number, { op, value: bound }: Requirement): boolean {
  // A little slack for float noise in the last digit of a displayed number.
  const slack = 1e-9 * Math.max(1, Math.abs(bound));
  switch (op) {
    case '>=':
      return value >= bound - slack;
    case '<=':
      return value <= bound + slack;
    case '>':
      return value > bound;
    case '<':
      return value < bound;
    case '=':
      return Math.abs(value - bound) <= slack;
  }
}

export function formatMeasure(value: number): string {
  return Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString();
}

export function judge(requirements: readonly Requirement[], measures: Record<string, number>): Judgement {
  const failures: string[] = [];
  for (const requirement of requirements) {
    const value = measures[requirement.measure];
    if (value === undefined) failures.push(`${measureWords(requirement.measure)} is not measured by this figure yet`);
    else if (!holds(value, requirement)) failures.push(`${measureWords(requirement.measure)} is ${formatMeasure(value)}, needs ${opWords[requirement.op]} ${requirement.value}`);
  }
  return { satisfied: failures.length === 0, failures };
}

/**
 * The snapshot a re-run asks for: only the deterministic probes behind the measures, with the same
 * sizes as the figure's own request (mode coverage from the same number of samples), since a
 * snapshot depends only on the seed, the step and the request (see the trainer's `snapshot`).
 */
export function measureRequest(spec: FigureSpec): SnapshotRequest {
  const own = spec.snapshot;
  const request: SnapshotRequest = {};
  if (own.modeCoverage) request.modeCoverage = own.modeCoverage;
  if (own.criticBoundQuadrature) request.criticBoundQuadrature = true;
  if (own.trueDivergence) request.trueDivergence = true;
  if (own.generatorDensityExact || own.optimalCritic) {
    request.generatorDensityExact = true;
    if (own.discriminatorGrid) request.discriminatorGrid = own.discriminatorGrid;
  }
  if (own.wassersteinEstimate) request.wassersteinEstimate = own.wassersteinEstimate;
  return request;
}
