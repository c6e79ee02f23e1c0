import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { installDom } from '../../src/render/dom-shim';

installDom();
const { createPanel, createSvg, drawAxes, drawColorBar, drawLegend, keyed } = await import('../../src/components/plots');

/** What `draw` wrote to the page under `root`: one entry per mutation record. */
async function writesOf(root: Element, draw: () => void): Promise<string[]> {
  const { MutationObserver } = globalThis.window as unknown as { MutationObserver: typeof globalThis.MutationObserver };
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((batch) => records.push(...batch));
  observer.observe(root, { attributes: true, childList: true, characterData: true, subtree: true });
  draw();
  await new Promise((resolve) => setTimeout(resolve, 0));
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records.map((record) => `${record.type} ${record.attributeName ?? ''}`.trim());
}

function plot() {
  const container = document.createElement('div');
  document.body.append(container);
  const svg = createSvg(container, { width: 320, height: 220, title: 'a plot' });
  const panel = createPanel(svg, { left: 40, top: 20, width: 240, height: 150 });
  return { container, panel };
}

// Chromium restyles, lays out and repaints an svg element whenever an attribute or its text is
// written, even with the value it has; figures redraw every frame, so an unchanged redraw must write nothing.
describe('a redraw writes only what changed', () => {
  it('axes, grid and labels redrawn from the same scales write nothing; a new domain rewrites the ticks', async () => {
    const { container, panel } = plot();
    const axes = (top: number) => () =>
      drawAxes(panel, { x: scaleLinear().domain([0, 10]).range([0, 240]), y: scaleLinear().domain([0, top]).range([150, 0]), xLabel: 'step', yLabel: 'loss', grid: true });
    expect((await writesOf(container, axes(1))).length).toBeGreaterThan(50);
    expect(await writesOf(container, axes(1))).toEqual([]);
    const changed = await writesOf(container, axes(2));
    expect(changed).toContain('childList');
    expect(changed).toContain('attributes transform');
    expect(container.querySelector('.sp-axis-y')?.textContent).toContain('2.0');
  });

  it('axes drawn again from equal scales are not rebuilt at all, and a new format or label rebuilds them', async () => {
    const { container, panel } = plot();
    const options = (more: object = {}) => ({ x: scaleLinear().domain([0, 10]).range([0, 240]), xLabel: 'step', ...more });
    drawAxes(panel, options());
    // A tick taken away by hand stays away when the same axis is drawn again: d3's axis did not run.
    const ticks = () => container.querySelectorAll('.sp-axis-x .tick').length;
    const before = ticks();
    container.querySelector('.sp-axis-x .tick')!.remove();
    drawAxes(panel, options());
    expect(ticks()).toBe(before - 1);
    drawAxes(panel, options({ xFormat: (value: number) => `${value} s` }));
    expect(ticks()).toBe(before);
    expect(container.querySelector('.sp-axis-x')?.textContent).toContain('10 s');
    drawAxes(panel, options({ xFormat: (value: number) => `${value} s`, xLabel: 'time' }));
    expect(container.querySelector('.sp-axis-label')?.textContent).toBe('time');
  });

  it('a legend and a colour bar drawn again with the same entries write nothing', async () => {
    const { container, panel } = plot();
    const layer = panel.layer('legend');
    const legend = (label: string) => () =>
      drawLegend(layer, 'legend', [{ kind: 'line', label, className: 'sp-real' }, { kind: 'symbol', label: 'p_{g}', className: 'sp-generated', shape: 'cross' }], { x: 0, y: 0 });
    const colorBar = () =>
      drawColorBar(layer, 'bar', { x: 0, y: 30, width: 100, height: 8 }, (value) => [0, 0, 255, value], { min: 0, max: 1, ticks: [0, 0.5, 1], label: 'D(x)' });
    await writesOf(container, () => (legend('data')(), colorBar()));
    expect(await writesOf(container, () => (legend('data')(), colorBar()))).toEqual([]);
    expect(await writesOf(container, legend('real data'))).not.toEqual([]);
    expect(container.querySelector('.sp-legend')?.textContent).toContain('real data');
  });

  it('a critic plane redraws its heat map and contours for a new grid, and an unchanged redraw writes nothing', async () => {
    const { createCriticPlane } = await import('../../src/components/widgets/critic-plane');
    const host = document.createElement('div');
    document.body.append(host);
    const svg = createSvg(host, { width: 300, height: 300, title: 'critic' });
    const plane = createCriticPlane(svg, { left: 30, top: 10, size: 240 }, 'plane', [-2, 2], host);
    const grid = (shift: number) => {
      const x = Float32Array.from({ length: 9 }, (_, i) => -2 + i / 2);
      return { x, y: x, values: Float32Array.from({ length: 81 }, (_, k) => Math.sin(k / 9 + shift) + (k % 9) / 9) };
    };
    const first = grid(0);
    expect((await writesOf(host, () => plane.draw(first))).length).toBeGreaterThan(0);
    const contour = host.querySelector('.sp-contour')?.getAttribute('d');
    expect(contour).toBeTruthy();
    expect(await writesOf(host, () => plane.draw(first))).toEqual([]);
    expect((await writesOf(host, () => plane.draw(grid(1)))).length).toBeGreaterThan(0);
    expect(host.querySelector('.sp-contour')?.getAttribute('d')).not.toBe(contour);
  });

  it('selections still set, remove and compute attributes and text as d3 does', async () => {
    const { container, panel } = plot();
    const label = keyed(panel.layer('marks'), 'text', 'label');
    label.attr('x', 3).attr('class', 'sp-note').text('hi');
    expect(await writesOf(container, () => label.attr('x', 3).attr('class', 'sp-note').text('hi'))).toEqual([]);
    expect(await writesOf(container, () => label.attr('x', '4'))).toEqual(['attributes x']);
    label.attr('class', null);
    expect(label.node()!.hasAttribute('class')).toBe(false);
    expect(await writesOf(container, () => label.attr('class', null))).toEqual([]);
    // A label whose words sit in tspans is rewritten as plain text, even when the words are the same.
    label.text(null).append('tspan').text('hi');
    label.text('hi');
    expect(label.node()!.children.length).toBe(0);
    expect(label.text()).toBe('hi');
    label.text('');
    expect(label.node()!.childNodes.length).toBe(0);
    // Values computed per element, from the data.
    const dots = panel.layer('dots').selectAll<SVGCircleElement, number>('circle').data([1, 2, 3]).join('circle').attr('cx', (value) => value * 10);
    expect(dots.nodes().map((dot) => dot.getAttribute('cx'))).toEqual(['10', '20', '30']);
    expect(await writesOf(container, () => dots.attr('cx', (value) => value * 10))).toEqual([]);
    expect(await writesOf(container, () => dots.attr('cx', (value, index) => (index === 1 ? 0 : value * 10)))).toEqual(['attributes cx']);
  });
});
