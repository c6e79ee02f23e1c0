/**
 * What the schema says about one field of an experiment: its label and help (zod metadata: `title`
 * and `description`), its range and whether it is whole. Controls read these instead of copying the
 * schema's numbers, so a range changed in the schema changes every control that edits the field.
 */
import type { z } from 'zod';
import { ExperimentSchema, type AnyExperiment } from './schema';

export interface FieldInfo {
  label?: string;
  help?: string;
  min?: number;
  max?: number;
  integer: boolean;
}

type Schema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

const wrappers = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** The schema's metadata, read at every wrapper on the way to the field (the outermost wins). */
function metaOf(schema: Schema): { title?: string; description?: string } {
  return (schema.meta?.() as { title?: string; description?: string } | undefined) ?? {};
}

/**
 * The zod schema of the field at `path` (dot-separated) in an experiment like `experiment`, which
 * picks the branch of every discriminated union (the objective's kind, the data's kind, …), with the
 * metadata met on the way. Undefined if the path does not exist for this experiment.
 */
function fieldSchema(experiment: AnyExperiment, path: string): { schema: Schema; meta: { title?: string; description?: string } } | undefined {
  let schema = ExperimentSchema as unknown as Schema;
  let value: unknown = experiment;
  const meta: { title?: string; description?: string } = {};
  const remember = (from: Schema) => {
    const own = metaOf(from);
    meta.title ??= own.title;
    meta.description ??= own.description;
  };
  const keys = path.split('.');
  for (let depth = 0; ; ) {
    remember(schema);
    const def = schema._zod.def;
    if (def.type === 'pipe') schema = def.out as Schema;
    else if (wrappers.has(def.type)) schema = def.innerType as Schema;
    else if (def.type === 'union') {
      const discriminator = def.discriminator as string | undefined;
      const options = def.options as Schema[];
      const chosen = options.find((option) => {
        const shape = (option._zod.def.shape ?? {}) as Record<string, Schema>;
        return discriminator && shape[discriminator]?.safeParse((value as Record<string, unknown> | undefined)?.[discriminator]).success;
      });
      if (!chosen) return undefined;
      schema = chosen;
    } else if (depth === keys.length) {
      return { schema, meta };
    } else if (def.type === 'object') {
      const next = (def.shape as Record<string, Schema>)[keys[depth]];
      if (!next) return undefined;
      value = (value as Record<string, unknown> | undefined)?.[keys[depth++]];
      schema = next;
    } else if (def.type === 'array') {
      value = (value as unknown[] | undefined)?.[Number(keys[depth++])];
      schema = def.element as Schema;
    } else if (def.type === 'tuple') {
      const next = (def.items as Schema[])[Number(keys[depth])];
      if (!next) return undefined;
      value = (value as unknown[] | undefined)?.[Number(keys[depth++])];
      schema = next;
    } else return undefined;
  }
}

/** Label, help, range and wholeness of the field at `path`, as the schema states them. */
export function fieldInfo(experiment: AnyExperiment, path: string): FieldInfo | undefined {
  const found = fieldSchema(experiment, path);
  if (!found) return undefined;
  const { schema, meta } = found;
  const number = schema as unknown as { minValue?: number | null; maxValue?: number | null; isInt?: boolean };
  return {
    ...(meta.title ? { label: meta.title } : {}),
    ...(meta.description ? { help: meta.description } : {}),
    ...(typeof number.minValue === 'number' && Number.isFinite(number.minValue) ? { min: number.minValue } : {}),
    ...(typeof number.maxValue === 'number' && Number.isFinite(number.maxValue) ? { max: number.maxValue } : {}),
    integer: number.isInt === true,
  };
}
