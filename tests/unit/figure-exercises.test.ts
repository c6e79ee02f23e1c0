/**
 * The chapters' figure-state exercises (FigureExercise): each names a training figure on its own
 * page with a readable requirement, and the tasks of Chapters 3 and 4 can be met — and failed — as
 * their solutions say, judged by the same functions the teacher's checker uses (seeded, WASM backend).
 * (Chapter 1's ring task needs 2,000 steps of a 64-wide GAN, minutes on the CPU backend: its solution
 * rests on the registry's measured run, `npm run experiment -- --figure ring-gan`, 8 of 8 modes.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { getFigure, getGanFigure, withChanges } from '../../src/engine/experiments/figures';
import { encodeExperiment } from '../../src/engine/experiments/url';
import { readChapters } from '../../src/teaching/catalogue';
import { rerunInProcess, verifyClaim } from '../../src/teaching/claim-check';
import { judge, measureRequest, measuresOf, parseRequirements } from '../../src/teaching/figure-checks';
import { chapterSources } from './chapter-sources';

beforeAll(async () => {
  // WASM: 1,000 steps of these figures take seconds there and minutes on the CPU backend; the
  // checker's CPU re-run logic itself is tested in assignments.test.ts on a short run.
  await initBackend('wasm');
});

const chapters = readChapters(chapterSources());
const figureExercises = chapters.flatMap((chapter) => chapter.figureExercises.map((exercise) => ({ chapter, exercise })));

describe('figure-state exercises in the chapters', () => {
  it('one in every chapter with a training figure, on a figure of its own page, with a readable requirement', () => {
    for (const slug of ['adversarial-game', 'f-divergences', 'f-gan']) {
      expect(figureExercises.some(({ chapter }) => chapter.slug === slug), slug).toBe(true);
    }
    for (const { chapter, exercise } of figureExercises) {
      expect(getFigure(exercise.figure), exercise.key).toBeDefined();
      expect(chapter.figures.map((figure) => figure.id), exercise.key).toContain(exercise.figure);
      const parsed = parseRequirements(exercise.require);
      expect(parsed.ok, exercise.key).toBe(true);
      // Bounded, so that the checker's re-run is bounded too.
      expect(parsed.ok && parsed.requirements.some((r) => r.measure === 'step' && r.op === '<='), exercise.key).toBe(true);
    }
  });

  const requirementOf = (key: string) => figureExercises.find(({ exercise }) => exercise.key === key)!.exercise.require;

  it("Chapter 3: the bound meets the truth within 0.05 by step 1000 for KL (the figure's settings), not for total variation", async () => {
    const require = requirementOf('chapters/f-divergences#ex-3-11');
    const spec = getGanFigure('variational-bound')!;
    const measure = async (divergence: string) => {
      const experiment = withChanges(spec.experiment, (draft) => {
        if (draft.objective.kind === 'f-gan') draft.objective.divergence = divergence as typeof draft.objective.divergence;
      });
      const { snapshot, lastMetrics } = await rerunInProcess(experiment, 1000, measureRequest(spec));
      return { experiment, measures: measuresOf(snapshot, lastMetrics) };
    };
    const kl = await measure('kl');
    const requirements = (parseRequirements(require) as { ok: true; requirements: never }).requirements;
    expect(judge(requirements, kl.measures).satisfied, JSON.stringify(kl.measures)).toBe(true);
    const tv = await measure('tv');
    expect(judge(requirements, tv.measures).satisfied, JSON.stringify(tv.measures)).toBe(false);
    // The saved answer re-runs to the same verdict (and, on one backend, the same numbers).
    const claim = { figure: 'variational-bound', settings: encodeExperiment(kl.experiment, spec.experiment), step: 1000, backend: 'wasm', measures: { boundGap: kl.measures.boundGap } };
    const verdict = await verifyClaim(claim, { figure: 'variational-bound', require }, rerunInProcess);
    expect(verdict.status).toBe('confirmed');
    expect(verdict.recomputed?.boundGap).toBe(kl.measures.boundGap);
  }, 120_000);

  it('Chapter 4: reverse KL settles on the right bump within 1000 steps; forward KL does not', async () => {
    const require = requirementOf('chapters/f-gan#ex-4-12');
    const spec = getGanFigure('fgan-gaussian-fit')!;
    const requirements = (parseRequirements(require) as { ok: true; requirements: never }).requirements;
    const measure = async (divergence: string) => {
      const experiment = withChanges(spec.experiment, (draft) => {
        if (draft.objective.kind === 'f-gan') draft.objective.divergence = divergence as typeof draft.objective.divergence;
      });
      const { snapshot, lastMetrics } = await rerunInProcess(experiment, 1000, measureRequest(spec));
      return measuresOf(snapshot, lastMetrics);
    };
    const reverse = await measure('reverse-kl');
    expect(judge(requirements, reverse).satisfied, JSON.stringify(reverse)).toBe(true);
    const forward = await measure('kl');
    expect(judge(requirements, forward).satisfied, JSON.stringify(forward)).toBe(false);
  }, 120_000);
});
