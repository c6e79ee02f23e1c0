/**
 * Draw a figure outside the browser with the page's own plot code: run the figure's experiment (each
 * of its widget's runs) in Node, hand the widget the same RunViews the Figure shell would, and
 * serialise its svg with figure.css's light-theme styles inline, as the page's SVG export does.
 * Explorers (figures that train nothing) are drawn at their default state.
 *
 * Used by `npm run render` (static renders in public/renders/) and `npm run experiment -- --out`.
 */
import type { BackendName, BackendReport } from '../engine/types';
import { getFigure, type FigureSpec } from '../engine/experiments/figures';
import type { AnyExperiment } from '../engine/experiments/schema';
import type { StepMetrics } from '../engine/types';
import { csvWithProvenance, provenance, svgWithProvenance, type Provenance } from '../engine/provenance';
import { installDom } from './dom-shim';
import { inlineFigureStyles } from './svg-style';

/** One run's record: every step's metrics and, at each report interval, the session's report. */
export interface RunRecord {
  key: string;
  label: string;
  experiment: AnyExperiment;
  metrics: StepMetrics[];
  reports: Array<{ step: number } & Record<string, unknown>>;
}

export interface FigureRender {
  id: string;
  /** The standalone SVG document (provenance comment, inline styles, white backdrop). */
  svg: string;
  /** The plotted data (the page's "Export CSV"), with the provenance comment. */
  plotCsv: string;
  width: number;
  height: number;
  /** The training runs (empty for an explorer). */
  runs: RunRecord[];
  provenance: Provenance;
  /**
   * How the runs started (the first run's, as a figure's badge shows it): the backend they trained
   * on and why, and why not on the fast path if it was asked for and not taken; none for an explorer.
   */
  started?: { backend: BackendReport; declined?: string };
}

export interface RenderOptions {
  /** Backend to train on (default: the CPU backend, the reference for the committed renders). */
  backend?: Extract<BackendName, 'cpu' | 'wasm'>;
  /** Replace the figure's experiment (validated by the caller), e.g. with another seed or step count. */
  experiment?: AnyExperiment;
  /** Also call the session's report() at each report interval (the command line's numbers). */
  reports?: boolean;
  /** The caller started the backend already (the command line, with its fallback note); train on whatever runs. */
  backendStarted?: boolean;
  /** On WASM, train each run the fast path accepts on it ('wasm-fused'), as a figure does in a browser. */
  fused?: boolean;
}

/** Render a registered figure or explorer. Throws for an unknown id. */
export async function renderFigure(id: string, options: RenderOptions = {}): Promise<FigureRender> {
  installDom();
  const spec = getFigure(id);
  if (spec) return renderTrainingFigure(spec, options);
  const { getExplorerInfo } = await import('../components/widgets/catalogue');
  if (getExplorerInfo(id)) return renderExplorer(id);
  throw new Error(`unknown figure "${id}"`);
}

async function renderTrainingFigure(spec: FigureSpec, options: RenderOptions): Promise<FigureRender> {
  const { loadWidget } = await import('../components/widgets');
  const { initBackend } = await import('../engine/backend');
  const { createSessionOn } = await import('../engine/kinds');
  const { tf } = await import('../engine/tf');
  if (!options.backendStarted) {
    const backend = await initBackend(options.backend ?? 'cpu');
    if (backend.name !== (options.backend ?? 'cpu')) throw new Error(`the ${options.backend ?? 'cpu'} backend could not start: ${backend.reason}`);
  }

  const plot = document.createElement('div');
  document.body.append(plot);
  const widget = await loadWidget(spec.id, { figureId: spec.id, spec, plot, idleNote: '' });
  if (!widget) throw new Error(`no widget draws the figure "${spec.id}"`);
  const experiment = options.experiment ?? spec.experiment;
  const runSpecs = widget.runs?.(experiment) ?? [{ key: 'main', label: '', experiment }];
  const request = widget.snapshotRequest?.(experiment) ?? spec.snapshot;

  // Train the runs side by side and draw a frame every `frameEvery` steps, as the page does while
  // running: some widgets keep a history across frames (a trace of the fitted parameters, an axis
  // that shrinks gently), so one final draw would not look like the page.
  const running: BackendReport = { name: tf.getBackend() as BackendName, reason: `Using ${tf.getBackend()}.` };
  const started = await Promise.all(runSpecs.map((run) => createSessionOn(run.experiment, running, options.fused ? 'wasm-fused' : running.name)));
  const sessions = started.map(({ session }) => session);
  const first = started[0] ?? { backend: running };
  const records: RunRecord[] = runSpecs.map((run) => ({ key: run.key, label: run.label, experiment: run.experiment, metrics: [], reports: [] }));
  const longest = Math.max(...runSpecs.map((run) => run.experiment.training.steps));
  const frameEvery = Math.max(1, Math.ceil(longest / framesPerRender));
  const frame = () =>
    runSpecs.map((run, i) => ({
      key: run.key,
      label: run.label,
      experiment: run.experiment,
      snapshot: sessions[i].snapshot(request),
      metrics: records[i].metrics,
      step: sessions[i].step,
    }));
  let views = frame();
  try {
    widget.draw(views);
    while (sessions.some((session, i) => session.step < runSpecs[i].experiment.training.steps)) {
      sessions.forEach((session, i) => {
        const { steps, reportEvery } = runSpecs[i].experiment.training;
        const frameEnd = Math.min(steps, (Math.floor(session.step / frameEvery) + 1) * frameEvery);
        while (session.step < frameEnd) {
          const chunk = session.train(Math.min(reportEvery - (session.step % reportEvery), frameEnd - session.step));
          records[i].metrics.push(...chunk);
          if (options.reports && (session.step % reportEvery === 0 || session.step === steps)) {
            records[i].reports.push({ step: session.step, ...session.report() });
          }
        }
      });
      views = frame();
      widget.draw(views);
    }
  } finally {
    for (const session of sessions) session.dispose();
  }
  await animationFrames();
  const source = provenance({ backend: first.backend.name, figure: spec.id, seed: experiment.seed, step: views[0]?.step ?? 0 });
  const result = serialise(spec.id, widget.svg(), widget.csv(), source);
  widget.dispose?.();
  plot.remove();
  return { ...result, runs: records, started: { backend: first.backend, declined: first.declined } };
}

async function renderExplorer(id: string): Promise<FigureRender> {
  const { loadExplorer } = await import('../components/widgets');
  const { getExplorerInfo } = await import('../components/widgets/catalogue');
  const plot = document.createElement('div');
  const controls = document.createElement('div');
  document.body.append(plot, controls);
  const explorer = await loadExplorer(id, { figureId: id, title: getExplorerInfo(id)!.title, plot, controls, reducedMotion: true, changed() {} });
  if (!explorer) throw new Error(`no widget draws the explorer "${id}"`);
  explorer.setState(explorer.defaultState());
  // Some explorers draw in the next animation frame (a timer in the DOM shim): let it fire.
  await animationFrames();
  const result = serialise(id, explorer.svg(), explorer.csv(), provenance({ backend: 'none', figure: id }));
  explorer.dispose?.();
  plot.remove();
  controls.remove();
  return { ...result, runs: [] };
}

/** Let drawing scheduled with requestAnimationFrame (a 0 ms timer in the DOM shim) run. */
async function animationFrames(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Frames drawn per render (the page draws about 20 a second while training). */
const framesPerRender = 100;

/** The white of the light theme's page, behind the exported drawing (as the page's export does). */
const background = '#ffffff';

function serialise(id: string, live: SVGSVGElement, csv: string, source: Provenance): Omit<FigureRender, 'runs'> {
  const clone = live.cloneNode(true) as SVGSVGElement;
  inlineFigureStyles(clone);
  const [, , width, height] = (clone.getAttribute('viewBox') ?? '0 0 640 400').split(/[\s,]+/).map(Number);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('class');
  // Ids are per page (clip paths, title): prefix them so a static render never collides with a live one.
  prefixIds(clone, `sp-render-${id}-`);
  const backdrop = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [name, value] of Object.entries({ x: '0', y: '0', width: String(width), height: String(height), fill: background })) {
    backdrop.setAttribute(name, value);
  }
  const firstDrawing = Array.from(clone.children).find((child) => !['title', 'desc'].includes(child.tagName.toLowerCase()));
  clone.insertBefore(backdrop, firstDrawing ?? null);
  const text = canonicalIds('<?xml version="1.0" encoding="UTF-8"?>\n' + clone.outerHTML + '\n', id);
  return { id, svg: svgWithProvenance(text, source), plotCsv: csvWithProvenance(csv, source), width, height, provenance: source };
}

/**
 * Number the render's ids in order of first appearance (`sp-render-<figure>-1`, `-2`, …). The plot
 * code numbers ids with a per-page counter, which depends on what was drawn before in the process;
 * renumbering makes a render the same whatever else was rendered first.
 */
export function canonicalIds(svg: string, figureId: string): string {
  const prefix = `sp-render-${figureId}-`;
  const names = new Map<string, string>();
  const pattern = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[A-Za-z0-9_-]+`, 'g');
  return svg.replace(pattern, (match) => {
    if (!names.has(match)) names.set(match, `${prefix}${names.size + 1}`);
    return names.get(match)!;
  });
}

function prefixIds(root: Element, prefix: string): void {
  const renamed = new Map<string, string>();
  for (const element of [root, ...Array.from(root.querySelectorAll('[id]'))]) {
    const id = element.getAttribute('id');
    if (!id) continue;
    renamed.set(id, prefix + id);
    element.setAttribute('id', prefix + id);
  }
  for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const name of ['clip-path', 'aria-labelledby', 'aria-describedby', 'href', 'mask', 'fill']) {
      const value = element.getAttribute(name);
      if (!value) continue;
      const replaced = value
        .replace(/url\(#([^)]+)\)/g, (match, id: string) => (renamed.has(id) ? `url(#${renamed.get(id)})` : match))
        .split(' ')
        .map((token) => (name.startsWith('aria-') && renamed.has(token) ? renamed.get(token)! : token))
        .join(' ');
      if (replaced !== value) element.setAttribute(name, replaced);
    }
  }
}
