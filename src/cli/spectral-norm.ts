/**
 * `npm run experiment -- --spectral-norm '<matrix as JSON>' [--iterations k] [--seed s]`: the exact
 * spectral norm of a small matrix and SN-GAN's power-iteration estimates of it, as one JSON line:
 *
 *   {"sigma":5.464985704219043,"estimates":[σ̂ after iteration 1, 2, …, k]}
 *
 * - sigma is exact (to rounding): the largest singular value from a one-sided Jacobi SVD.
 * - estimates come from the power step of SN-GAN's Algorithm 1 (v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖,
 *   σ̂ = uᵀWv), started, as SN-GAN starts, from a random u₀: independent N(0, 1) entries from the
 *   book's seeded generator (src/engine/rng.ts), normalised. The same seed gives the same u₀.
 *   (gan-math §11.4's traces start from ones/‖ones‖ instead; such a start can be orthogonal to a
 *   singular vector, a random one almost surely is not.)
 * - Defaults: 10 iterations, seed 1. The matrix is an array of rows, at most 64 × 64.
 * Bad input prints one sentence on stderr and exits with code 2.
 */
import { MAX_MATRIX_SIDE, matrixProblem, powerIteration, spectralNorm, type Matrix } from '../engine/linalg';
import { createRng } from '../engine/rng';

export const BAD_INPUT_EXIT_CODE = 2;
export const DEFAULT_ITERATIONS = 10;
export const DEFAULT_SEED = 1;
export const MAX_ITERATIONS = 10_000;

export const spectralNormUsage = [
  "usage: --spectral-norm '<matrix as JSON>' [--iterations k] [--seed s]",
  `  <matrix>  an array of rows of finite numbers, at most ${MAX_MATRIX_SIDE} × ${MAX_MATRIX_SIDE}, e.g. '[[1,2],[3,4]]'`,
  `  k         power iterations, a whole number from 1 to ${MAX_ITERATIONS} (default ${DEFAULT_ITERATIONS})`,
  `  s         seed of the random start u₀ (normal entries, normalised), a whole number (default ${DEFAULT_SEED})`,
  '  Prints {"sigma":<exact σ₁ from the SVD>,"estimates":[σ̂ after each iteration]}.',
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

interface Options {
  matrix: Matrix;
  iterations: number;
  seed: number;
}

function wholeNumber(flag: string, text: string, low: number, high: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} needs a whole number from ${low} to ${high}, got "${text}"`);
  const value = Number(text.trim());
  if (value < low || value > high) throw new UsageError(`${flag} must be from ${low} to ${high}, got ${value}`);
  return value;
}

function parseArguments(args: readonly string[]): Options {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--(spectral-norm|iterations|seed)(?:=([\s\S]*))?$/.exec(args[i]);
    if (!match) throw new UsageError(`unexpected argument "${args[i]}"`);
    const [, name, inline] = match;
    const value = inline ?? args[++i];
    if (value === undefined || value.trim() === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value`);
    }
    if (name in values) throw new UsageError(`--${name} is given twice`);
    values[name] = value;
  }
  if (!('spectral-norm' in values)) throw new UsageError('--spectral-norm needs a matrix');
  let parsed: unknown;
  try {
    parsed = JSON.parse(values['spectral-norm']);
  } catch {
    throw new UsageError(`the matrix is not valid JSON (got ${JSON.stringify(values['spectral-norm'].slice(0, 40))})`);
  }
  const problem = matrixProblem(parsed);
  if (problem) throw new UsageError(problem);
  return {
    matrix: parsed as Matrix,
    iterations: 'iterations' in values ? wholeNumber('--iterations', values.iterations, 1, MAX_ITERATIONS) : DEFAULT_ITERATIONS,
    seed: 'seed' in values ? wholeNumber('--seed', values.seed, 0, 2 ** 32 - 1) : DEFAULT_SEED,
  };
}

/** SN-GAN's random start: isotropic normal entries from the seeded source (normalised by the iteration). */
export function randomStart(length: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length }, () => rng.normal());
}

/** The exact σ and the estimates, as the command prints them. */
export function spectralNormReport(matrix: Matrix, iterations: number, seed: number): { sigma: number; estimates: number[] } {
  const estimates = powerIteration(matrix, randomStart(matrix.length, seed), iterations).map(({ sigma }) => sigma);
  return { sigma: spectralNorm(matrix), estimates };
}

/** Runs the command; returns the exit code (0, or 2 for bad input). */
export function runSpectralNormCommand(args: string[], output: CommandOutput = processOutput): number {
  if (args.includes('--help') || args.includes('-h')) {
    output.out(spectralNormUsage);
    return 0;
  }
  try {
    const { matrix, iterations, seed } = parseArguments(args);
    output.out(JSON.stringify(spectralNormReport(matrix, iterations, seed)));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`experiment: ${error.message} (run with --spectral-norm --help for usage).`);
      return BAD_INPUT_EXIT_CODE;
    }
    output.err(`experiment: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
