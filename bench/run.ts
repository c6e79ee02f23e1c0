/**
 * `npm run bench`: training speed of two workloads on every backend, in a worker and on the main
 * thread of headless Chromium, and in Node.
 *
 *   npm run bench                       # build the site, measure everything, print a table
 *   npm run -s bench -- --json          # only a JSON array of rows on stdout (-s: no npm banner)
 *   npm run bench -- --quick            # short windows (CI smoke runs)
 *   npm run bench -- --backends wasm,cpu --contexts worker,node --no-build
 *
 * The browser half runs the site's own /bench/ page (src/pages/bench.astro) under `astro preview`
 * and calls its `window.saddleBench.run` through Playwright, one fresh page per (backend, context).
 * Progress and logs go to stderr, so stdout stays clean for --json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import type { BenchResult } from '../src/components/bench/bench';
import type { BackendName } from '../src/engine/types';
import { kernelCountIterations, timingFor, type BenchContext, type BenchRow } from './measure';
import { liveDescriptions, liveIds, liveTiming, measureBaseline, measureLive, serviceWorkersAllowed, type BaselineRow, type LiveId, type LiveRow } from './live';
import { benchNode, gpuMatmulScale, nodeBackends, WebGpuUnavailable, type NodeBackend } from './node';
import { isWorkloadId, iterationWork, workloadIds, workloads, type WorkloadId } from './workloads';

/** 'wasm-fused' is the engine's fast path for small dense GANs (src/engine/fast), not a TensorFlow.js backend. */
const allBackends: readonly BackendName[] = ['webgpu', 'wasm', 'wasm-fused', 'webgl', 'cpu'];
const allContexts: readonly BenchContext[] = ['worker', 'main', 'node'];

/**
 * Chromium's emulated GPU (SwiftShader taken as a hardware GPU): a WebGPU adapter for the backend rows.
 * Chromium then also composites and rasters every page with it, on the CPU, in its GPU process at a
 * higher priority than the page: on two cores, with three figures training, that process took a core
 * and the page's frames waited for the other. No reader's browser does that (with no GPU, Chromium
 * composites in software; chrome://gpu says which), so the live rows run without it.
 */
const gpuArgs = ['--enable-unsafe-webgpu', '--use-angle=swiftshader'];

/** The Chromium flags from docs (platform notes): quiet, sandbox-free; gpuArgs added where asked. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Keep timers and rendering at full speed in a headless, never-focused window.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

const usage = `Usage: npm run bench -- [options]

  --json                 print only a JSON array of rows on stdout (run it as "npm run -s bench -- --json"
                         so that npm's own banner stays off stdout too)
  --quick                short warm-up and windows (CI smoke runs; rougher numbers)
  --backends LIST        comma-separated subset of ${allBackends.join(',')} (default: all available)
  --contexts LIST        comma-separated subset of ${allContexts.join(',')}, or none (default: all)
  --workloads LIST       comma-separated subset of ${workloadIds.join(',')} (default: all)
  --live LIST            comma-separated subset of ${liveIds.join(',')}, or none (default: all): figures
                         training live on their chapter page, drawn (see bench/live.ts), then a
                         baseline: a blank page with frames of fixed cost beside a busy worker
  --no-gpu               run the backend rows without Chromium's emulated GPU (SwiftShader): WebGPU
                         then finds no adapter
  --live-emulated-gpu    run the live rows on the emulated GPU too (by default they run as Chromium
                         chooses by itself, as on a reader's machine: here, with no GPU, it composites
                         and rasters in software)
  --no-build             reuse the existing build instead of running "npm run build"
  --out-dir DIR          the build directory to create and serve (default: dist)
  --port N               port for "astro preview" (default: 4390)
  --help                 this text
`;

interface Options {
  json: boolean;
  quick: boolean;
  backends: BackendName[];
  /** True when the user named the backends: then an unavailable one is an error, not a skip. */
  backendsExplicit: boolean;
  contexts: BenchContext[];
  workloads: WorkloadId[];
  live: LiveId[];
  gpu: boolean;
  liveEmulatedGpu: boolean;
  build: boolean;
  outDir: string;
  port: number;
}

class UsageError extends Error {}

function listOption<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = items.filter((item) => !allowed.includes(item as T));
  if (unknown.length || items.length === 0) {
    throw new UsageError(`--${name} takes a comma-separated list of ${allowed.join(', ')}; got "${value}".`);
  }
  // In the canonical order, without repeats.
  return allowed.filter((item) => items.includes(item));
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      backends: { type: 'string' },
      contexts: { type: 'string' },
      workloads: { type: 'string' },
      live: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'no-gpu': { type: 'boolean', default: false },
      'live-emulated-gpu': { type: 'boolean', default: false },
      'out-dir': { type: 'string', default: 'dist' },
      port: { type: 'string', default: '4390' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new UsageError(`--port must be a whole number from 1024 to 65535; got "${values.port}".`);
  const workloadList = listOption(values.workloads, workloadIds, 'workloads');
  if (!workloadList.every(isWorkloadId)) throw new UsageError('unknown workload');
  return {
    json: values.json,
    quick: values.quick,
    backends: listOption(values.backends, allBackends, 'backends'),
    backendsExplicit: values.backends !== undefined,
    contexts: values.contexts === 'none' ? [] : listOption(values.contexts, allContexts, 'contexts'),
    workloads: workloadList,
    live: values.live === 'none' ? [] : listOption(values.live, liveIds, 'live'),
    gpu: !values['no-gpu'],
    liveEmulatedGpu: values['live-emulated-gpu'],
    build: !values['no-build'],
    outDir: values['out-dir'],
    port,
  };
}

const log = (text: string) => process.stderr.write(`${text}\n`);

// ── Child processes ─────────────────────────────────────────────────────────────────────────────

/** Run a command to completion, its output on our stderr; reject on a non-zero exit. */
function runCommand(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(process.stderr);
    child.stderr.pipe(process.stderr);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/** `astro preview` in its own process group, so that stopping it stops npx's children too. */
class PreviewServer {
  private readonly child: ChildProcess;
  private output = '';
  private exited: Promise<void>;
  private hasExited = false;

  constructor(outDir: string, readonly port: number) {
    this.child = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port), '--outDir', outDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolvePromise) =>
      this.child.on('exit', () => {
        this.hasExited = true;
        resolvePromise();
      }),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Wait until the bench page is served; fail early if the server exits (e.g. port taken). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.hasExited) throw new Error(`astro preview exited before serving:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/bench/`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`astro preview did not serve ${this.url}/bench/ within ${timeoutMs / 1000} s:\n${this.output}`);
  }

  async stop(): Promise<void> {
    if (this.hasExited || this.child.pid === undefined) return;
    const group = -this.child.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Synchronous last resort (process 'exit' handlers cannot await). */
  killNow(): void {
    if (this.hasExited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// ── The browser half ────────────────────────────────────────────────────────────────────────────

/** Per (backend, context) page: generous, since WebGPU on a software adapter is very slow. */
const pageTimeoutMs = 15 * 60_000;

interface SkipNote {
  backend: BackendName;
  context: BenchContext;
  /** Set when one workload was skipped (the fast path refuses it), not the whole backend. */
  workload?: WorkloadId;
  reason: string;
}

async function benchBrowser(options: Options, failures: string[], skips: SkipNote[], machine: Machine, live: LiveRow[], baselines: BaselineRow[]): Promise<BenchRow[]> {
  const pageContexts = options.contexts.filter((context): context is 'worker' | 'main' => context !== 'node');
  if (pageContexts.length === 0 && options.live.length === 0) return [];
  const outDir = resolve(options.outDir);
  if (options.build) {
    log(`Building the site into ${outDir} …`);
    await runCommand('npm', ['run', 'build', '--', '--outDir', outDir]);
  }
  if (!existsSync(join(outDir, 'bench', 'index.html')) || !existsSync(join(outDir, 'chapters', 'adversarial-game', 'index.html'))) {
    throw new Error(`${outDir}/bench/index.html is missing: build the site first (drop --no-build).`);
  }

  if (await portInUse(options.port)) {
    throw new Error(`port ${options.port} is already in use (another preview server?): choose another with --port.`);
  }
  const server = new PreviewServer(outDir, options.port);
  const killOnExit = () => server.killNow();
  process.once('exit', killOnExit);
  let browser: Browser | null = null;
  try {
    await server.ready();
    log(`Serving ${outDir} at ${server.url}`);
    const launch = (emulatedGpu: boolean) =>
      chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: emulatedGpu ? [...chromiumArgs, ...gpuArgs] : chromiumArgs });
    // The backend rows' browser, then, where it differs, the live rows'.
    browser = await launch(pageContexts.length ? options.gpu : options.liveEmulatedGpu);
    machine.browser = `headless Chromium ${browser.version()}${options.gpu ? '' : ', no GPU (--no-gpu)'}`;
    const rows: BenchRow[] = [];
    for (const backend of options.backends) {
      for (const context of pageContexts) {
        const label = `${backend} (${context === 'main' ? 'main thread' : 'worker'})`;
        log(`Measuring ${label} …`);
        const browserContext = await browser.newContext();
        const page = await browserContext.newPage();
        page.on('console', (message) => {
          if (message.type() === 'error' || message.text().startsWith('[bench]')) log(`  page: ${message.text()}`);
        });
        page.on('pageerror', (error) => log(`  page error: ${error.message}`));
        try {
          await page.goto(`${server.url}/bench/`);
          await page.waitForFunction(() => window.saddleBench !== undefined, undefined, { timeout: 60_000 });
          const request = { backends: [backend], contexts: [context], workloads: options.workloads, quick: options.quick };
          const result = await withTimeout(
            page.evaluate((runOptions) => window.saddleBench!.run(runOptions), request) as Promise<BenchResult>,
            pageTimeoutMs,
            `${label} took longer than ${pageTimeoutMs / 60_000} minutes`,
          );
          rows.push(...result.rows);
          for (const skip of result.skipped) {
            const text = `${skip.backend} (${skip.context})${skip.workload ? `, ${skip.workload},` : ''} skipped: ${skip.reason}`;
            // A backend named on the command line must run; a workload the fast path refuses is only a note.
            if (options.backendsExplicit && !skip.workload) failures.push(text);
            skips.push(skip);
            log(`  ${text}`);
          }
        } catch (error) {
          failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
          log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          await browserContext.close();
        }
      }
    }
    const timing = options.quick ? liveTiming.quick : liveTiming.full;
    if (options.live.length && pageContexts.length && options.liveEmulatedGpu !== options.gpu) {
      await browser.close();
      browser = await launch(options.liveEmulatedGpu);
    }
    for (const id of options.live) {
      log(`Measuring live: ${id} …`);
      try {
        live.push(await measureLive(browser, server.url, id, timing, log));
      } catch (error) {
        failures.push(`live ${id}: ${error instanceof Error ? error.message : String(error)}`);
        log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (options.live.length) {
      log('Measuring the machine alone (baseline) …');
      baselines.push(await measureBaseline(browser, timing));
    }
    return rows;
  } finally {
    await browser?.close();
    await server.stop();
    process.off('exit', killOnExit);
  }
}

/** True if something already listens on 127.0.0.1:port (then it, not our build, would answer). */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ── Output ──────────────────────────────────────────────────────────────────────────────────────

/** What the numbers were measured on: they mean little without it. */
interface Machine {
  cpu: string;
  cores: number;
  browser: string | null;
  loadAtStart: number;
  loadAtEnd: number;
}

/** A whole number as such; otherwise one decimal (an iteration whose kernels vary from step to step). */
function formatKernelCount(count: number): string {
  if (!Number.isFinite(count)) return 'n/a';
  return Number.isInteger(count) ? String(count) : count.toFixed(1);
}

function formatTable(rows: BenchRow[], skips: SkipNote[], options: Options, machine: Machine): string {
  const header = ['workload', 'backend', 'context', 'steps/s', 'GFLOP/s', 'peak GFLOP/s', '% of peak', 'kernels/iter', 'longest task'];
  const lines = rows.map((row) => [
    row.workload,
    row.note ? `${row.backend}*` : row.backend,
    row.context,
    row.stepsPerSecond.toFixed(1),
    row.gflops.toFixed(3),
    row.peakGflops.toFixed(2),
    ((100 * row.gflops) / row.peakGflops).toFixed(1),
    formatKernelCount(row.kernelsPerIteration),
    row.longestTaskMs === null ? 'n/a' : row.longestTaskMs === 0 ? '< 50 ms' : `${Math.round(row.longestTaskMs)} ms`,
  ]);
  const numeric = new Set([3, 4, 5, 6, 7]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) =>
    cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const timing = timingFor(options.quick);
  const notes = [
    '',
    `steps/s: training iterations per second over a ${timing.windowMs / 1000} s window, after a warm-up of ≥ ${timing.warmupMs / 1000} s and ≥ ${timing.minWarmupSteps} iterations.`,
    `GFLOP/s: analytic matmul FLOPs per iteration × steps/s (${workloadIds
      .filter((id) => options.workloads.includes(id))
      .map((id) => `${id}: ${(iterationWork(workloads[id].experiment).flops / 1e6).toFixed(2)} MFLOP`)
      .join(', ')}; see bench/workloads.ts).`,
    `peak: the best of repeated n×n matmuls, n ∈ {${timing.matmulSizes.join(', ')}} (results read back), same backend and context; % of peak = GFLOP/s ÷ peak.` +
      (rows.some((row) => row.backend === 'webgpu' && row.context === 'node') ? ` WebGPU in Node: n ∈ {${timing.matmulSizes.map((n) => n * gpuMatmulScale).join(', ')}}.` : ''),
    `kernels/iter: kernels the engine dispatches per iteration, from tf.profile after the window: (a call of ${1 + kernelCountIterations} iterations − a call of 1) ÷ ${kernelCountIterations}.`,
    '  Worker rows: counted in a dedicated worker on the same backend. On wasm a transposed product counts once (it runs a transpose and a product).',
    'longest task: longest main-thread task (Long Tasks API: only tasks over 50 ms are reported) from trainer creation to the end of the window.',
  ];
  if (rows.some((row) => row.note)) notes.push(`*: webgpu runs on a ${rows.find((row) => row.note)!.note}.`);
  if (rows.some((row) => row.backend === 'wasm-fused')) {
    notes.push(
      'wasm-fused: the engine\'s fast path (src/engine/fast: hand-written WebAssembly SIMD kernels, whole iterations without TensorFlow.js kernels);',
      '  it trains as a figure does (Trainer.createFused; a worker row through the figures\' own TrainingClient); peak = the WASM backend\'s matmul peak in the same context.',
    );
  }
  for (const skip of skips) notes.push(`not measured: ${skip.backend} (${skip.context})${skip.workload ? `, ${skip.workload}` : ''}: ${skip.reason}`);
  notes.push(
    `machine: ${machine.cpu}, ${machine.cores} cores${machine.browser ? `, ${machine.browser}` : ''}; ` +
      `1-minute load average ${machine.loadAtStart.toFixed(1)} at the start, ${machine.loadAtEnd.toFixed(1)} at the end.`,
  );
  return [format(header), format(header.map((_, i) => '-'.repeat(widths[i]))), ...lines.map(format), ...notes].join('\n');
}

function formatLiveTable(rows: LiveRow[], options: Options): string {
  const header = ['live', 'steps/s', 'snapshot share', 'frames/s', 'main ms/frame', 'main busy', 'longest task', 'traced: longest (CPU)', 'most CPU', 'load'];
  const lines = rows.map((row) => [
    row.scenario,
    Object.entries(row.stepsPerSecond)
      .map(([figureId, rate]) => (Object.keys(row.stepsPerSecond).length > 1 ? `${figureId} ${rate.toFixed(0)}` : rate.toFixed(1)))
      .join(', '),
    `${(100 * row.snapshotShare).toFixed(1)} %`,
    row.framesPerSecond.toFixed(1),
    row.mainMsPerFrame.toFixed(1),
    `${(100 * row.mainBusyShare).toFixed(0)} %`,
    row.longestTaskMs === 0 ? '< 50 ms' : `${Math.round(row.longestTaskMs)} ms`,
    `${Math.round(row.tracedTasks.longestMs)} ms (${Math.round(row.tracedTasks.longestCpuMs)} ms)`,
    `${Math.round(row.tracedTasks.mostCpuMs)} ms`,
    `${row.load[0].toFixed(1)} → ${row.load[1].toFixed(1)}`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const timing = options.quick ? liveTiming.quick : liveTiming.full;
  const notes = [
    '',
    ...rows.map((row) => `${row.scenario}: ${liveDescriptions[row.scenario]}; a window of ${row.screen[0]} × ${row.screen[1]} px.`),
    `Live rows: a ${timing.windowMs / 1000} s window after ${timing.warmupMs / 1000} s of training, on the page in headless Chromium (three-figures: a window as tall as its page),`,
    options.liveEmulatedGpu
      ? '  on its emulated GPU (--live-emulated-gpu: SwiftShader composites and rasters on the CPU, in a process at a higher priority than the page, as on no reader\'s machine);'
      : '  with no flag choosing its GPU, as on a reader\'s machine (where it has no GPU it composites and rasters in software; --live-emulated-gpu for the emulated GPU);',
    '  each figure on the backend it chooses, training steps raised by a share link so that no figure finishes; ' +
      (serviceWorkersAllowed
        ? 'service workers allowed (SW_ALLOW: a first visit; its worker registers only once no figure trains, so not in the window).'
        : 'service workers blocked (SW_ALLOW=1 allows them, as on a first visit).'),
    '  steps/s: from each figure\'s step counter.',
    '  snapshot share: worker ms taking snapshots ÷ worker ms training, at the figures\' own snapshot rates. frames/s: progress messages (each one redraw) received.',
    '  main ms/frame: main-thread busy time (Chrome\'s TaskDuration) ÷ frames; main busy: that time ÷ the window. longest task: over the window, Long Tasks API.',
    '  traced: the same window traced (Chromium, category toplevel): the main thread\'s longest task, wall time (and the CPU time the thread ran in it); most CPU: the largest CPU time of any one task.',
    '  A task much longer than its CPU time was waiting, for a core (the training worker holds one of the machine\'s) or for the compositor.',
  ];
  return [format(header), format(header.map((_, i) => '-'.repeat(widths[i]))), ...lines.map(format), ...notes].join('\n');
}

function formatBaseline(row: BaselineRow): string {
  const { longestMs, longestCpuMs } = row.tracedTasks;
  return (
    `baseline: a blank page spending ${row.frameCpuMs} ms of CPU on each frame beside ${row.workers} busy worker${row.workers > 1 ? 's' : ''}: ` +
    `longest task ${Math.round(longestMs)} ms (${Math.round(longestCpuMs)} ms CPU), ${row.over50} of ${row.tasks} tasks over 50 ms; load ${row.load[0].toFixed(1)} → ${row.load[1].toFixed(1)}.\n` +
    '  What this machine alone makes of a frame of that cost: read the live rows\' longest tasks against it.'
  );
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  let options: Options | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(usage);
    return 0;
  }

  // With --json, stdout carries only the JSON: anything a library logs goes to stderr instead.
  if (options.json) console.log = console.info = (...args: unknown[]) => console.error(...args);

  const failures: string[] = [];
  const skips: SkipNote[] = [];
  const rows: BenchRow[] = [];
  const live: LiveRow[] = [];
  const baselines: BaselineRow[] = [];
  const machine: Machine = { cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', cores: cpus().length, browser: null, loadAtStart: loadavg()[0], loadAtEnd: 0 };

  // Node first, alone: nothing else competes for the two cores while it measures.
  const backendsInNode = options.contexts.includes('node') ? options.backends.filter((b): b is NodeBackend => nodeBackends.includes(b as NodeBackend)) : [];
  for (const backend of backendsInNode) {
    log(`Measuring ${backend} (Node) …`);
    try {
      const { rows: measured, refused } = await benchNode(backend, options.workloads, timingFor(options.quick), { allowFallback: options.backendsExplicit });
      rows.push(...measured);
      for (const { workload, reason } of refused) {
        skips.push({ backend, context: 'node', workload, reason });
        log(`  ${workload} skipped: ${reason}`);
      }
    } catch (error) {
      if (error instanceof WebGpuUnavailable && !options.backendsExplicit) {
        skips.push({ backend, context: 'node', reason: error.message });
        log(`  skipped: ${error.message}`);
        continue;
      }
      failures.push(`${backend} (Node): ${error instanceof Error ? error.message : String(error)}`);
      log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  try {
    rows.push(...(await benchBrowser(options, failures, skips, machine, live, baselines)));
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }

  const order = (row: BenchRow) =>
    [workloadIds.indexOf(row.workload), allContexts.indexOf(row.context), allBackends.indexOf(row.backend)];
  rows.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });

  machine.loadAtEnd = loadavg()[0];
  // --json: an array of rows; live rows, when measured, follow as objects with a `scenario` field, then the baseline with a `frameCpuMs` field.
  if (options.json) process.stdout.write(`${JSON.stringify([...rows, ...live, ...baselines], null, 2)}\n`);
  else {
    if (rows.length) process.stdout.write(`${formatTable(rows, skips, options, machine)}\n`);
    if (live.length) process.stdout.write(`\n${formatLiveTable(live, options)}\n`);
    for (const baseline of baselines) process.stdout.write(`${formatBaseline(baseline)}\n`);
    if (!rows.length) process.stdout.write(`machine: 1-minute load average ${machine.loadAtStart.toFixed(1)} at the start, ${machine.loadAtEnd.toFixed(1)} at the end.\n`);
  }

  if (failures.length) {
    log(`\nThe benchmark had ${failures.length} failure${failures.length > 1 ? 's' : ''}:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  if (rows.length === 0 && live.length === 0) {
    log('No measurements were made.');
    return 1;
  }
  return 0;
}

// Ctrl-C: leave through process.exit so the 'exit' handler stops the preview server.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
