/**
 * The experiment: one plain, JSON-serialisable object. Its top-level `kind` says which model it is:
 * 'gan' (every GAN of the book; the default, so JSON without a `kind` — every link and saved file
 * from before kinds existed — is still a GAN), 'mine' (a mutual-information estimator), 'game' (a
 * two-parameter game) or 'images' (a small image GAN on synthetic shapes). Each kind's section
 * lives in its folder under kinds/; this file joins them and gives every caller one parser with
 * messages that name the field.
 */
import { z } from '../zod';
import { GameExperimentSchema, type GameExperiment } from '../kinds/game/schema';
import { ImagesExperimentSchema, type ImagesExperiment } from '../kinds/images/schema';
import { GanExperimentSchema, type GanExperiment, type GanExperimentInput } from '../kinds/gan/schema';
import { MineExperimentSchema, type MineExperiment } from '../kinds/mine/schema';
import { nextTask } from '../next-task';

export * from '../kinds/gan/schema';
export * from '../kinds/mine/schema';
export * from '../kinds/game/schema';
export * from '../kinds/images/schema';

export const experimentKinds = ['gan', 'mine', 'game', 'images'] as const;
export type ExperimentKind = (typeof experimentKinds)[number];

/** A missing `kind` means 'gan'; anything else is left for the union to judge. */
function withDefaultKind(input: unknown): unknown {
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && !Object.hasOwn(input, 'kind')) {
    return { kind: 'gan', ...input };
  }
  return input;
}

// What follows (the union, and the modules that import it) in a task of its own (next-task.ts).
await nextTask();

export const ExperimentSchema = z.preprocess(
  withDefaultKind,
  z.discriminatedUnion('kind', [GanExperimentSchema, MineExperimentSchema, GameExperimentSchema, ImagesExperimentSchema], {
    error: `must be one of: ${experimentKinds.join(', ')}`,
  }),
);

/** A complete, validated experiment of any kind (every default filled in). */
export type AnyExperiment = GanExperiment | MineExperiment | GameExperiment | ImagesExperiment;
/**
 * The GAN experiment, under the name most of the book's code uses (every figure of chapters 1–7 is a
 * GAN). Code that handles every kind uses AnyExperiment.
 */
export type Experiment = GanExperiment;
/** What a user may write for a GAN: any field may be left out and takes its default. */
export type ExperimentInput = GanExperimentInput;

/** A validation problem: the path to the field (for controls) and a sentence naming it. */
export interface ExperimentIssue {
  path: (string | number)[];
  message: string;
}

export type ParseResult<T extends AnyExperiment = AnyExperiment> =
  | { ok: true; experiment: T }
  | { ok: false; errors: string[]; issues: ExperimentIssue[] };

/** Validate a user's experiment of any kind; every error names the field and the allowed values or range. */
export function parseExperiment(input: unknown): ParseResult {
  const result = ExperimentSchema.safeParse(input);
  if (result.success) return { ok: true, experiment: result.data };
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)), message: describeIssue(issue) }));
  return { ok: false, errors: issues.map((issue) => issue.message), issues };
}

/** Like parseExperiment, but only a GAN is acceptable (figures and widgets of the GAN kind). */
export function parseGanExperiment(input: unknown): ParseResult<GanExperiment> {
  const parsed = parseExperiment(input);
  if (!parsed.ok || parsed.experiment.kind === 'gan') return parsed as ParseResult<GanExperiment>;
  const message = `kind must be 'gan' here (got '${parsed.experiment.kind}')`;
  return { ok: false, errors: [message], issues: [{ path: ['kind'], message }] };
}

/** Like parseExperiment, but throws an Error whose message lists every problem. */
export function anyExperimentOrThrow(input: unknown): AnyExperiment {
  const result = parseExperiment(input);
  if (!result.ok) throw new Error(`Invalid experiment: ${result.errors.join('; ')}`);
  return result.experiment;
}

/** A GAN experiment, or an Error listing every problem. */
export function experimentOrThrow(input: unknown): GanExperiment {
  const result = parseGanExperiment(input);
  if (!result.ok) throw new Error(`Invalid experiment: ${result.errors.join('; ')}`);
  return result.experiment;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : 'experiment';
  if (issue.code === 'unrecognized_keys') {
    return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') return `${field} must be an object`;
  return `${field} ${issue.message}`;
}
