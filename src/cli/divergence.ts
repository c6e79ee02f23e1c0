/**
 * `npm run experiment -- --divergence <id> --p <spec> --q <spec>`: one divergence between two
 * distributions, printed as one JSON line, e.g. {"divergence":"kl","value":0.10644} or
 * {"divergence":"pearson","value":"Infinity"}. For teachers checking answers and for reproducers.
 *
 * <id>   kl, reverse-kl, pearson, neyman, hellinger, js, gan, tv, jeffrey, alpha:<a> (a ∉ {0, 1}), w1.
 * <spec> a comma-separated probability list, a distribution on 0, 1, 2, … (e.g. 0.1,0.2,0.3,0.4),
 *        or normal:<mean>,<std> (e.g. normal:0,1).
 *
 * Rules, decided here and documented in the usage text:
 * - probabilities must be ≥ 0 and sum to 1 within 1e−6;
 * - lists of different lengths are padded with zeros (both are distributions on 0, 1, 2, …);
 * - a std must be > 0; both specs must be lists or both normals.
 * Bad input prints one line on stderr and exits with code 2.
 *
 * Also runnable on its own: npx tsx src/cli/divergence.ts --divergence kl --p 0.5,0.5 --q 0.9,0.1
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DivergenceInputError,
  PROBABILITY_SUM_TOLERANCE,
  evaluate,
  type DistributionSpec,
} from '../engine/divergences/evaluate';
import { UnknownDivergenceError, divergenceIds, getDivergence } from '../engine/divergences/registry';

export const BAD_INPUT_EXIT_CODE = 2;

export const divergenceUsage = [
  'usage: --divergence <id> --p <spec> --q <spec>',
  `  <id>   ${[...divergenceIds, 'w1'].join(', ')}`,
  '  <spec> probabilities on 0, 1, 2, … as a comma-separated list (e.g. 0.1,0.2,0.3,0.4), or normal:<mean>,<std>',
  `  Probabilities must be non-negative and sum to 1 within ${PROBABILITY_SUM_TOLERANCE}; a shorter list is padded with zeros.`,
  '  Prints {"divergence":"<id>","value":<number or "Infinity">}.',
].join('\n');

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const processOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

class UsageError extends Error {}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string, what: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) throw new UsageError(`${what}: "${text}" is not a number`);
  return Number(trimmed);
}

/** A spec from its command-line text: `normal:<mean>,<std>` or a probability list. */
export function parseSpec(text: string, label: string): DistributionSpec {
  if (text.startsWith('normal:')) {
    const parts = text.slice('normal:'.length).split(',');
    if (parts.length !== 2) throw new UsageError(`--${label.toLowerCase()}: write a normal as normal:<mean>,<std> (got "${text}")`);
    const mean = parseNumber(parts[0], `--${label.toLowerCase()} mean`);
    const std = parseNumber(parts[1], `--${label.toLowerCase()} std`);
    if (!(std > 0)) throw new UsageError(`--${label.toLowerCase()}: the std must be positive (got ${std})`);
    return { kind: 'normal', mean, std };
  }
  if (/^[a-z]+:/i.test(text)) {
    throw new UsageError(`--${label.toLowerCase()}: unknown spec "${text}"; use a probability list or normal:<mean>,<std>`);
  }
  const probs = text.split(',').map((part, index) => parseNumber(part, `--${label.toLowerCase()} entry ${index}`));
  return { kind: 'discrete', probs };
}

function parseArguments(args: readonly string[]): { id: string; p: string; q: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--(divergence|p|q)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const [, name, inline] = match;
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value`);
    }
    if (name in values) throw new UsageError(`--${name} given twice`);
    values[name] = value;
  }
  for (const name of ['divergence', 'p', 'q']) {
    if (!(name in values)) throw new UsageError(`missing --${name}`);
  }
  return { id: values.divergence, p: values.p, q: values.q };
}

/** The JSON line for a result; +∞ is written as the string "Infinity" (JSON has no infinity). */
export function formatResult(id: string, value: number): string {
  return JSON.stringify({ divergence: id, value: value === Infinity ? 'Infinity' : value });
}

/** Runs the command; returns the exit code (0, or 2 for bad input). */
export function runDivergenceCommand(args: string[], output: CommandOutput = processOutput): number {
  if (args.includes('--help') || args.includes('-h')) {
    output.out(divergenceUsage);
    return 0;
  }
  try {
    const { id, p, q } = parseArguments(args);
    if (id !== 'w1' && !id.startsWith('alpha:') && !divergenceIds.includes(id)) {
      throw new UsageError(`unknown divergence "${id}"; known: ${[...divergenceIds, 'w1'].join(', ')}`);
    }
    const value = evaluate(id, parseSpec(p, 'P'), parseSpec(q, 'Q'));
    if (Number.isNaN(value) || value === -Infinity) throw new Error(`the evaluation gave ${value}`);
    output.out(formatResult(id === 'w1' ? id : getDivergence(id).id, value));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DivergenceInputError || error instanceof UnknownDivergenceError) {
      output.err(`error: ${error.message} (run with --help for usage)`);
      return BAD_INPUT_EXIT_CODE;
    }
    output.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = runDivergenceCommand(process.argv.slice(2));
