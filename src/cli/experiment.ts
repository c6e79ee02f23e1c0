/**
 * Command line: run a named figure experiment or an experiment file in Node (WASM or CPU) and
 * print its metrics as JSON lines, so that a reader can reproduce a figure and a test can check a
 * chapter's claim on the very same experiment.
 *
 *   npm run experiment -- --list
 *   npm run experiment -- --figure ring-gan [--steps N] [--seed S] [--backend cpu|wasm|wasm-fused]
 *   npm run experiment -- --figure ring-gan --out <dir>   (CSV, JSON and SVG files: reproduce.ts)
 *   npm run experiment -- --config my-experiment.json [--steps N] [--seed S]
 *   npm run experiment -- --divergence kl --p 0.1,0.9 --q 0.5,0.5
 *   npm run experiment -- --spectral-norm '[[1,2],[3,4]]' [--iterations 10] [--seed 1]
 *
 * Exit codes: 0 done; 1 training diverged; 2 bad input (one line on stderr, no stack trace).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { defaultCliBackend, experimentBackends, experimentBackendUsage, fusedNote, parseBackendOption, startCliBackend, type CliBackend } from './backend-option';
import { figures, getFigure } from '../engine/experiments/figures';
import { parseExperiment, type AnyExperiment } from '../engine/experiments/schema';
import type { StepMetrics } from '../engine/types';

const usage = `Usage: npm run experiment -- <command>

  --list                             list the named figure experiments (id and title)
  --figure <id> [--steps N] [--seed S]
                                     run a figure's experiment
  --figure <id> --out <dir>          ...and write <id>.csv (every step's metrics and the reports),
                                     <id>.json (the experiment with its provenance) and <id>.svg
  --config <file.json> [--steps N] [--seed S]
                                     run an experiment from a JSON file (missing fields take defaults)
  ${experimentBackendUsage}
  --divergence <id> --p <spec> --q <spec>
                                     evaluate an f-divergence (see the divergence command's help)
  --spectral-norm '<matrix JSON>' [--iterations k] [--seed s]
                                     exact σ₁ and power-iteration estimates (--spectral-norm --help)
  --grid sngan-robustness [--steps N] [--seed S]
                                     SN-GAN's settings A–F × three methods, one JSON line per cell
  --ebgan-grid [--steps N] [--seed S] [--models gan,ebgan,ebgan-pt]
                                     Chapter 7's toy grid search, one JSON line per cell
  --mi-sweep <mi-gaussians|mi-nonlinear> [--steps N] [--seed S] [--points a,b,…]
                                     Chapter 8's sweeps over ρ or σ, one JSON line per run
  --help                             show this text

Options may also be written --name=value (e.g. --figure=variational-bound --steps=500).
Runs every experiment kind (gan, mine, game, images). Prints one JSON line every training.reportEvery
iterations, then {"summary": {...}}. GANs on mixtures report mode coverage; f-GAN runs the critic's
bound F (criticBound) and, where P and Q are known, trueDivergence = D_f(P‖Q); Wasserstein runs
wassersteinEstimate (E_P[D] − E_Q[D] on a fresh evaluation batch); MINE runs miEstimate and miTrue;
image runs (msg-toy) report the shape classes captured and the high-quality fraction.
Exit codes: 0 done, 1 training diverged, 2 bad input.`;

/** Bad input: reported as one line on stderr with exit code 2. */
class UsageError extends Error {}

interface RunOptions {
  figure?: string;
  config?: string;
  steps?: number;
  seed?: number;
  backend?: CliBackend;
  out?: string;
}

export async function main(args: string[]): Promise<number> {
  if (args.some((arg) => arg === '--divergence' || arg.startsWith('--divergence='))) return runDivergence(args);
  if (args.some((arg) => arg === '--spectral-norm' || arg.startsWith('--spectral-norm='))) {
    return (await import('./spectral-norm')).runSpectralNormCommand(args);
  }
  if (args.some((arg) => arg === '--grid' || arg.startsWith('--grid='))) return (await import('./robustness-grid')).runGridCommand(args);
  if (args.includes('--ebgan-grid')) return (await import('./ebgan-grid')).runEbganGridCommand(args);
  if (args.some((arg) => arg === '--mi-sweep' || arg.startsWith('--mi-sweep='))) return (await import('./mi-sweep')).runMiSweepCommand(args);
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return 0;
  }
  if (args.includes('--list')) {
    if (args.length > 1) throw new UsageError('--list takes no other options');
    for (const spec of Object.values(figures)) console.log(`${spec.id}\t${spec.title}`);
    return 0;
  }
  const options = parseRunOptions(args);
  const { experiment, source } = loadExperiment(options);
  if (options.out !== undefined) {
    if (options.figure === undefined) throw new UsageError('--out needs --figure <id> (it draws the figure)');
    const choice = options.backend ?? defaultCliBackend;
    await startCliBackend(choice);
    const { reproduceFigure } = await import('./reproduce');
    const { files, started } = await reproduceFigure({ figure: options.figure, out: options.out, experiment, fused: choice === 'wasm-fused' });
    const note = started && fusedNote(started);
    if (note) console.error(note);
    for (const file of files) console.log(file);
    return 0;
  }
  return runExperiment(experiment, source, options.backend ?? defaultCliBackend);
}

function parseRunOptions(args: string[]): RunOptions {
  const options: RunOptions = {};
  for (let i = 0; i < args.length; i++) {
    // --name=value is the same as --name value.
    const inline = /^(--[a-z-]+)=(.*)$/.exec(args[i]);
    const flag = inline ? inline[1] : args[i];
    const value = inline ? inline[2] : args[i + 1];
    const needValue = () => {
      if (value === undefined || value === '' || (!inline && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      if (!inline) i++;
      return value;
    };
    switch (flag) {
      case '--figure':
        options.figure = needValue();
        break;
      case '--config':
        options.config = needValue();
        break;
      case '--out':
        options.out = needValue();
        break;
      case '--steps':
        options.steps = wholeNumber(flag, needValue());
        break;
      case '--seed':
        options.seed = wholeNumber(flag, needValue());
        break;
      case '--backend':
        options.backend = parseBackendOption(
          needValue(),
          (message) => {
            throw new UsageError(message);
          },
          experimentBackends,
        );
        break;
      default:
        throw new UsageError(`unknown option "${flag}" (try --help)`);
    }
  }
  if (options.figure !== undefined && options.config !== undefined) throw new UsageError('give either --figure or --config, not both');
  if (options.figure === undefined && options.config === undefined) throw new UsageError('give --list, --figure <id> or --config <file.json> (try --help)');
  return options;
}

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number, got "${text}"`);
  return Number(text);
}

function loadExperiment(options: RunOptions): { experiment: AnyExperiment; source: Record<string, string> } {
  let input: unknown;
  let source: Record<string, string>;
  if (options.figure !== undefined) {
    const spec = getFigure(options.figure);
    if (!spec) {
      throw new UsageError(`unknown figure "${options.figure}"; known figures: ${Object.keys(figures).join(', ')}`);
    }
    input = structuredClone(spec.experiment);
    source = { figure: spec.id };
  } else {
    const path = options.config!;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read the config file "${path}"${code ? ` (${code})` : ''}`);
    }
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`the config file "${path}" is not valid JSON: ${(error as Error).message}`);
    }
    source = { config: path };
  }
  // Overrides go through the schema like everything else, so --steps 0 gets the schema's message.
  if (isObject(input)) {
    // A file saved by the page or by --out carries where it came from; the run does not need it.
    delete input.provenance;
    if (options.steps !== undefined) input.training = { ...(isObject(input.training) ? input.training : {}), steps: options.steps };
    if (options.seed !== undefined) input.seed = options.seed;
  }
  const parsed = parseExperiment(input);
  if (!parsed.ok) throw new UsageError(`invalid experiment: ${parsed.errors.join('; ')}`);
  return { experiment: parsed.experiment, source };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function runExperiment(experiment: AnyExperiment, source: Record<string, string>, backendChoice: CliBackend): Promise<number> {
  // Loaded here, not at the top: --help, --list and bad input answer without starting TensorFlow.js.
  const started = await startCliBackend(backendChoice);
  const { createSessionOn, TrainingDivergedError } = await import('../engine/kinds');
  // Plain TensorFlow.js unless the fast path was asked for (createSessionOn says why it declines).
  const created = await createSessionOn(experiment, started, backendChoice === 'wasm-fused' ? 'wasm-fused' : started.name);
  const { session, backend } = created;
  const note = fusedNote(created);
  if (note) console.error(note);
  const startedAt = performance.now();
  const { steps, reportEvery } = experiment.training;

  let last: StepMetrics | undefined;
  let lastReport: Record<string, unknown> = {};
  try {
    while (session.step < steps) {
      // Train up to the next multiple of reportEvery, so reports fall on round step numbers.
      const chunk = session.train(Math.min(reportEvery - (session.step % reportEvery), steps - session.step));
      last = chunk[chunk.length - 1] ?? last;
      lastReport = session.report();
      if (last) console.log(JSON.stringify({ ...last, ...lastReport }));
    }
  } catch (error) {
    if (error instanceof TrainingDivergedError) {
      console.error(`experiment: ${error.message}`);
      session.dispose();
      return 1;
    }
    throw error;
  }
  const { step: _finalStep, ...finalMetrics } = last ?? { step: 0 };
  const summary = {
    ...source,
    kind: experiment.kind,
    steps: session.step,
    ...finalMetrics,
    ...lastReport,
    backend: backend.name,
    seed: experiment.seed,
    wallSeconds: Number(((performance.now() - startedAt) / 1000).toFixed(3)),
  };
  console.log(JSON.stringify({ summary }));
  session.dispose();
  return 0;
}

/** `--divergence …` belongs to the divergence module (issue 3); it is loaded only when asked for. */
async function runDivergence(args: string[]): Promise<number> {
  let command: { runDivergenceCommand?: (args: string[]) => number | Promise<number> };
  try {
    // A variable specifier: the CLI still type-checks and runs when the module does not exist yet.
    const modulePath = './divergence.ts';
    command = await import(/* @vite-ignore */ modulePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('divergence')) {
      throw new UsageError('the --divergence command is not available yet (src/cli/divergence.ts is missing)');
    }
    throw error;
  }
  if (typeof command.runDivergenceCommand !== 'function') {
    throw new UsageError('the --divergence command is not available yet (src/cli/divergence.ts exports no runDivergenceCommand)');
  }
  return command.runDivergenceCommand(args);
}

// Run when executed directly (npm run experiment / tsx), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`experiment: ${error.message}`);
        process.exitCode = 2;
      } else {
        console.error(`experiment: internal error: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      }
    },
  );
}
