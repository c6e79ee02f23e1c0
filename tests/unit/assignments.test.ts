/**
 * Assignment links, submission codes and the teacher's claim checker (issue 12, parts 2–4).
 * The claim checker is exercised for real: a short variational-bound run (CPU backend, 40 steps)
 * is re-run in Node and an honest claim is confirmed, a doctored one (same settings, inflated
 * numbers) refuted, and a claim that changed a locked setting refuted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getFigure, withChanges, getGanFigure } from '../../src/engine/experiments/figures';
import { encodeExperiment } from '../../src/engine/experiments/url';
import { checksum } from '../../src/teaching/codes';
import { decodeAssignment, encodeAssignment, fixedPaths, type Assignment, type FigureTask } from '../../src/teaching/assignment';
import { rerunInProcess, verifyClaim } from '../../src/teaching/claim-check';
import { judge, measureRequest, measuresOf, parseRequirements } from '../../src/teaching/figure-checks';
import { gradeSubmission, gradesCsv } from '../../src/teaching/grade';
import { decodeSubmission, encodeSubmission, findSubmissionCodes, type FigureClaim, type Submission } from '../../src/teaching/submission';
import { exerciseSpec } from '../../src/components/exercise-spec';

beforeAll(async () => {
  await initBackend('cpu');
});

const bound = getGanFigure('variational-bound')!;
const shortRun = withChanges(bound.experiment, (draft) => {
  draft.training.steps = 40;
  draft.seed = 7;
});
const exerciseKeys = new Set(['chapters/adversarial-game#ex-1-1']);
const context = { hasExercise: (key: string) => exerciseKeys.has(key) };

const assignment: Assignment = {
  title: 'Week 3: bounds',
  instructions: 'Do the tasks in order.',
  tasks: [
    { type: 'exercise', key: 'chapters/adversarial-game#ex-1-1' },
    {
      type: 'figure',
      figure: 'variational-bound',
      experiment: shortRun,
      lock: ['seed', 'optimizers.discriminator.learningRate'],
      hide: ['discriminator.hidden'],
      note: 'Train it.',
      require: 'boundGap <= 5, step <= 40',
    },
  ],
};

describe('requirements', () => {
  it('parse clauses and reject bad ones', () => {
    const parsed = parseRequirements('modesCaptured >= 8, step <= 2000');
    expect(parsed).toEqual({ ok: true, requirements: [{ measure: 'modesCaptured', op: '>=', value: 8 }, { measure: 'step', op: '<=', value: 2000 }] });
    expect(parseRequirements('modesCaptured is large').ok).toBe(false);
    expect(parseRequirements('').ok).toBe(false);
  });
  it('judge on measures, naming what is missing or short', () => {
    const { requirements } = parseRequirements('modesCaptured >= 8, step <= 2000') as { ok: true; requirements: never };
    expect(judge(requirements, { modesCaptured: 8, step: 1999 }).satisfied).toBe(true);
    const short = judge(requirements, { modesCaptured: 7, step: 1999 });
    expect(short.satisfied).toBe(false);
    expect(short.failures[0]).toMatch(/modes captured is 7, needs ≥ 8/);
    expect(judge(requirements, { step: 10 }).failures[0]).toMatch(/not measured/);
  });
});

describe('assignment links', () => {
  it('round-trip: tasks, settings, locks and hides come back; the id is stable', () => {
    const code = encodeAssignment(assignment);
    const decoded = decodeAssignment(`#${code}`, context);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.assignment).toEqual(assignment);
    expect(decoded.id).toBe(decodeAssignment(code, context).ok && (decodeAssignment(code, context) as { id: string }).id);
    expect(fixedPaths(decoded.assignment.tasks[1] as FigureTask)).toEqual(['seed', 'optimizers.discriminator.learningRate', 'discriminator.hidden']);
  });
  it('refuses cut, edited, unknown or invalid content with a sentence', () => {
    const code = encodeAssignment(assignment);
    const [prefix, payload, sum] = code.split('.');
    expect(decodeAssignment('', context)).toMatchObject({ ok: false, message: expect.stringMatching(/no assignment/) });
    expect(decodeAssignment(code.slice(0, -3), context)).toMatchObject({ ok: false, message: expect.stringMatching(/changed or cut short/) });
    // An edited payload with its checksum recomputed passes the checksum but not validation.
    const forged = (value: unknown) => {
      const body = Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${prefix}.${body}.${checksum(body)}`;
    };
    expect(decodeAssignment(forged({ title: 'x', instructions: '', tasks: [{ figure: 'ring-gan', settings: 'eyJzZWVkIjotMX0' }] }), context)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/settings are invalid/),
    });
    expect(decodeAssignment(forged({ title: 'x', instructions: '', tasks: [{ figure: 'no-such-figure', settings: '' }] }), context).ok).toBe(false);
    expect(decodeAssignment(forged([1, 2]), context).ok).toBe(false);
    expect(decodeAssignment(`${prefix}.${payload}.${sum}`, context).ok).toBe(true);
    expect(decodeAssignment('A1.%%%.abc', context).ok).toBe(false);
    const unknownExercise = encodeAssignment({ ...assignment, tasks: [{ type: 'exercise', key: 'chapters/nowhere#ex-9-9' }] });
    expect(decodeAssignment(unknownExercise, context)).toMatchObject({ ok: false, message: expect.stringMatching(/not in the book/) });
    const badRequirement = encodeAssignment({ ...assignment, tasks: [{ ...(assignment.tasks[1] as FigureTask), require: 'drop table' }] });
    expect(decodeAssignment(badRequirement, context)).toMatchObject({ ok: false, message: expect.stringMatching(/requirement/) });
    const badLock = encodeAssignment({ ...assignment, tasks: [{ ...(assignment.tasks[1] as FigureTask), lock: ['<script>'] }] });
    expect(decodeAssignment(badLock, context).ok).toBe(false);
    expect(decodeAssignment(unknownExercise, context)).toMatchObject({ message: expect.stringMatching(/Nothing you saved has been changed/) });
  });
});

describe('submission codes', () => {
  const claim: FigureClaim = { figure: 'variational-bound', settings: encodeExperiment(shortRun, bound.experiment), step: 40, backend: 'cpu', measures: { boundGap: 0.5 } };
  const submission: Submission = { assignment: 'abc123def45', name: 'Ada Lovelace', at: '2026-11-30T20:00:00.000Z', answers: [{ task: 0, answer: '0.6225' }, { task: 1, claim }] };
  it('round-trip and can be found in surrounding text (a CSV export)', () => {
    const code = encodeSubmission(submission);
    expect(decodeSubmission(code)).toEqual({ ok: true, submission });
    const csv = `Timestamp,Name,Code\r\n2026-11-30,Ada,"${code}"\r\n2026-11-30,Bob,${code}\r\n`;
    expect(findSubmissionCodes(csv)).toEqual([code]);
  });
  it('refuse bad input with a sentence', () => {
    const code = encodeSubmission(submission);
    expect(decodeSubmission('hello').ok).toBe(false);
    expect(decodeSubmission(code.slice(0, 40) + code.slice(41))).toMatchObject({ ok: false, message: expect.stringMatching(/changed or cut short/) });
    expect(decodeSubmission(encodeSubmission({ ...submission, name: '  ' }))).toMatchObject({ ok: false, message: expect.stringMatching(/no name/) });
    const badClaim = encodeSubmission({ ...submission, answers: [{ task: 1, claim: { ...claim, step: -3 } }] });
    expect(decodeSubmission(badClaim)).toMatchObject({ ok: false, message: expect.stringMatching(/malformed/) });
  });
});

describe('the claim checker re-runs the experiment (CPU backend, in Node)', () => {
  const task = assignment.tasks[1] as FigureTask;
  const claimTask = { figure: task.figure, require: task.require, setup: { experiment: task.experiment, fixedPaths: fixedPaths(task) } };

  it('confirms an honest claim and refutes a doctored one, with the same settings', async () => {
    const { snapshot, lastMetrics } = await rerunInProcess(shortRun, 40, measureRequest(getFigure('variational-bound')!));
    const measures = measuresOf(snapshot, lastMetrics);
    expect(measures.boundGap).toBeGreaterThan(0.1); // 40 steps: the critic is still far from the truth
    const honest: FigureClaim = { figure: 'variational-bound', settings: encodeExperiment(shortRun, bound.experiment), step: 40, backend: 'cpu', measures: { boundGap: measures.boundGap, step: 40 } };
    // The requirement the doctored claim pretends to meet: a gap below what 40 steps give.
    const tight = { ...claimTask, require: `boundGap <= ${(measures.boundGap / 2).toFixed(4)}` };
    expect((await verifyClaim(honest, claimTask, rerunInProcess)).status).toBe('confirmed');
    const doctored = { ...honest, measures: { boundGap: measures.boundGap / 4, step: 40 } };
    const refuted = await verifyClaim(doctored, tight, rerunInProcess);
    expect(refuted.status).toBe('refuted');
    expect(refuted.reasons.join(' ')).toMatch(/does not meet the task/);
    // Inflated numbers that would still pass the loose requirement: refuted, since CPU claims are exact.
    expect((await verifyClaim(doctored, claimTask, rerunInProcess)).status).toBe('refuted');
    // The same inflated numbers from another backend: judged on the re-run alone.
    expect((await verifyClaim({ ...doctored, backend: 'wasm' }, claimTask, rerunInProcess)).status).toBe('confirmed');
  }, 40_000);

  it('refutes a claim that changed a locked setting, and marks unreadable ones invalid', async () => {
    const unlocked = withChanges(shortRun, (draft) => {
      draft.seed = 8;
    });
    const claim: FigureClaim = { figure: 'variational-bound', settings: encodeExperiment(unlocked, bound.experiment), step: 10, backend: 'cpu', measures: {} };
    const verdict = await verifyClaim(claim, claimTask, rerunInProcess);
    expect(verdict).toMatchObject({ status: 'refuted', reasons: [expect.stringMatching(/seed/)] });
    expect((await verifyClaim({ ...claim, settings: '!!' }, claimTask, rerunInProcess)).status).toBe('invalid');
    expect((await verifyClaim({ ...claim, settings: encodeExperiment(shortRun, bound.experiment), step: 41 }, claimTask, rerunInProcess)).status).toBe('invalid');
  }, 20_000);

  it('grades a submission: exercise answers recomputed, claims re-run, CSV out', async () => {
    const code = encodeAssignment(assignment);
    const decoded = decodeAssignment(code, context);
    if (!decoded.ok) throw new Error(decoded.message);
    const spec = exerciseSpec({ id: 'ex-1-1', answer: 0.622459, tolerance: 0.0005 });
    const { snapshot, lastMetrics } = await rerunInProcess(shortRun, 40, measureRequest(getFigure('variational-bound')!));
    const claim: FigureClaim = { figure: 'variational-bound', settings: encodeExperiment(shortRun, bound.experiment), step: 40, backend: 'cpu', measures: { boundGap: measuresOf(snapshot, lastMetrics).boundGap } };
    const submission: Submission = { assignment: decoded.id, name: 'Ada, "A."', at: '2026-11-30T20:00:00.000Z', answers: [{ task: 0, answer: '0.6226' }, { task: 1, claim }] };
    const row = await gradeSubmission(submission, decoded.assignment, decoded.id, (key) => (key === 'chapters/adversarial-game#ex-1-1' ? spec : undefined), rerunInProcess);
    expect(row.tasks.map((task) => task.status)).toEqual(['correct', 'confirmed']);
    expect(row).toMatchObject({ score: 2, outOf: 2, sameAssignment: true });
    const wrong = await gradeSubmission({ ...submission, assignment: 'other', answers: [{ task: 0, answer: '0.7' }] }, decoded.assignment, decoded.id, () => spec, rerunInProcess);
    expect(wrong.tasks.map((task) => task.status)).toEqual(['incorrect', 'missing']);
    expect(wrong.sameAssignment).toBe(false);
    const csv = gradesCsv([row, wrong], ['Exercise 1.1', 'Figure 3.2']);
    expect(csv.split('\r\n')[1]).toBe('"Ada, ""A.""",2026-11-30T20:00:00.000Z,yes,2,2,correct,confirmed');
    expect(csv.split('\r\n')[2]).toMatch(/,NO,0,2,incorrect,missing$/);
  }, 40_000);
});

describe('locks', () => {
  it('match a control by any of its paths, and the guard refuses a change to a fixed path only', async () => {
    const { controlMatches, lockedSetup } = await import('../../src/components/assignment/locks');
    expect(controlMatches('generator.hidden discriminator.hidden', ['discriminator.hidden'])).toBe(true);
    expect(controlMatches('seed', ['optimizers.generator.learningRate'])).toBe(false);
    const setupLocked = lockedSetup(shortRun, ['seed'], ['training.batchSize']);
    const moved = withChanges(shortRun, (draft) => {
      draft.optimizers.discriminator.learningRate = 0.01;
    });
    expect(setupLocked.guard!(moved)).toBeNull();
    expect(setupLocked.guard!(withChanges(shortRun, (draft) => void (draft.seed = 3)))).toMatch(/^seed is set by your teacher/);
    expect(setupLocked.guard!(withChanges(shortRun, (draft) => void (draft.training.batchSize = 64)))).toMatch(/^training\.batchSize/);
  });
});
