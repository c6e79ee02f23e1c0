import { describe, expect, it } from 'vitest';
import { figureAccepts, figures, getGanFigure } from '../../src/engine/experiments/figures';
import { experimentOrThrow, parseExperiment } from '../../src/engine/experiments/schema';
import {
  decodeExperiment,
  defaultExperiment,
  encodeExperiment,
  readSharedExperiment,
  shareUrl,
  shareStateUrl,
  parseFragment,
  encodeLinkText,
  decodeLinkText,
  encodeLinkJson,
  maxLinkChars,
  maxLinkJsonChars,
} from '../../src/engine/experiments/url';

/** URL-safe base64 of a string, computed here with Node's Buffer (independent of url.ts). */
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const failurePattern = /^This link's settings could not be read: .+; showing the defaults instead\.$/;

describe('experiment links', () => {
  it('round-trips the defaults exactly', () => {
    const text = encodeExperiment(defaultExperiment());
    expect(decodeExperiment(text)).toEqual({ ok: true, experiment: defaultExperiment() });
  });

  it('uses only URL-safe characters', () => {
    const e = experimentOrThrow({ data: { kind: 'mixture-1d', components: [{ mean: -3.25, std: 0.7 }] }, seed: 4294967295 });
    const text = encodeExperiment(e);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(text)).toBe(text);
  });

  it('round-trips every figure, against the defaults and against itself', () => {
    for (const spec of Object.values(figures)) {
      // Against the (GAN) defaults only a GAN decodes: a link cannot change a figure's kind.
      if (spec.experiment.kind === 'gan') {
        expect(decodeExperiment(encodeExperiment(spec.experiment))).toEqual({ ok: true, experiment: spec.experiment });
      }
      const text = encodeExperiment(spec.experiment, spec.experiment);
      expect(decodeExperiment(text, spec.experiment)).toEqual({ ok: true, experiment: spec.experiment });
    }
  });

  it('round-trips after a change, and the link carries only the change and the seed', () => {
    const base = getGanFigure('ring-gan')!.experiment;
    const changed = structuredClone(base);
    changed.optimizers.generator.learningRate = 0.0004;
    changed.objective.kind = 'minimax';
    changed.discriminator.hidden = [32];
    changed.seed = 7;
    const text = encodeExperiment(changed, base);
    // Decode by hand: the JSON holds exactly the differences.
    expect(JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))).toEqual({
      optimizers: { generator: { learningRate: 0.0004 } },
      // A changed kind replaces the whole objective section (its fields depend on the kind).
      objective: { kind: 'minimax', r1Weight: 0 },
      discriminator: { hidden: [32] },
      seed: 7,
    });
    expect(decodeExperiment(text, base)).toEqual({ ok: true, experiment: changed });
  });

  it('round-trips a change of data kind (the whole data object is replaced)', () => {
    const base = getGanFigure('ring-gan')!.experiment;
    const changed = experimentOrThrow({ ...base, data: { kind: 'mixture-1d', components: [{ mean: 1, std: 2, weight: 3 }] } });
    const decoded = decodeExperiment(encodeExperiment(changed, base), base);
    expect(decoded).toEqual({ ok: true, experiment: changed });
  });

  it('round-trips a change of objective kind, and the removal of an optional field', () => {
    const base = experimentOrThrow({
      data: { kind: 'mixture-1d' },
      generator: { kind: 'affine', noiseDim: 1, noise: 'normal', init: { shift: [0], scale: [1] } },
      training: { generatorSteps: 0 },
    });
    expect(base.generator.init).toEqual({ shift: [0], scale: [1] });
    const changed = structuredClone(base);
    delete changed.generator.init;
    changed.objective = experimentOrThrow({ objective: { kind: 'f-gan', divergence: 'reverse-kl' } }).objective;
    const text = encodeExperiment(changed, base);
    const decoded = decodeExperiment(text, base);
    expect(decoded).toEqual({ ok: true, experiment: changed });
    if (decoded.ok) expect('init' in decoded.experiment.generator).toBe(false);
  });

  it('rejects text that is not base64', () => {
    for (const text of ['not base64!', 'abc=', 'a', '%%%%']) {
      const result = decodeExperiment(text);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(failurePattern);
        expect(result.message).toContain('base64');
      }
    }
  });

  it('rejects base64 that is not JSON', () => {
    const result = decodeExperiment(base64url('{"seed": 3'));
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(failurePattern),
    });
    if (!result.ok) expect(result.message).toContain('not valid JSON');
    const notObject = decodeExperiment(base64url('[1,2,3]'));
    expect(notObject.ok).toBe(false);
    if (!notObject.ok) expect(notObject.message).toContain('not a JSON object');
  });

  it('rejects valid JSON that is an invalid experiment, listing the field errors', () => {
    const result = decodeExperiment(base64url(JSON.stringify({ training: { batchSize: 5000 }, seed: -2 })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(failurePattern);
    expect(result.message).toContain('training.batchSize must be a whole number between 1 and 4096');
    expect(result.message).toContain('seed must be a whole number between 0 and 4294967295');
  });

  it('rejects unknown fields, including a smuggled __proto__', () => {
    const unknown = decodeExperiment(base64url('{"training":{"speed":9}}'));
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toContain('training: unknown field "speed"');
    const proto = decodeExperiment(base64url('{"__proto__":{"seed":5}}'));
    expect(proto.ok).toBe(false);
    if (!proto.ok) expect(proto.message).toContain('unknown field "__proto__"');
  });
});

describe('share URLs', () => {
  it('puts the experiment in the fragment after the anchor, keeps other parameters (moving old figure parameters into the fragment), and reads it back', async () => {
    const changed = structuredClone(getGanFigure('ring-gan')!.experiment);
    changed.training.discriminatorSteps = 3;
    const made = await shareUrl('https://book.example/chapters/01/?fig.gan-1d=abc&lang=en#top', 'ring-gan', changed);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const url = new URL(made.url);
    expect(url.search).toBe('?lang=en');
    expect(url.hash.startsWith('#fig-ring-gan&')).toBe(true);
    const { anchor, parameters } = parseFragment(url.hash);
    expect(anchor).toBe('fig-ring-gan');
    expect(parameters.get('fig.gan-1d')).toBe('abc');
    expect(await readSharedExperiment(url, 'ring-gan')).toEqual({ ok: true, experiment: changed });
  });

  it('still reads the old query links, and prefers the fragment when both name a figure', async () => {
    const base = getGanFigure('ring-gan')!.experiment;
    const old = { ...structuredClone(base), seed: 7 };
    const fresh = { ...structuredClone(base), seed: 8 };
    const query = `?fig.ring-gan=${encodeExperiment(old, base)}`;
    expect(await readSharedExperiment({ search: query, hash: '' }, 'ring-gan')).toEqual({ ok: true, experiment: old });
    const made = await shareUrl(`https://book.example/c/${query}`, 'ring-gan', fresh);
    if (!made.ok) throw new Error(made.message);
    expect(await readSharedExperiment({ search: query, hash: new URL(made.url).hash }, 'ring-gan')).toEqual({ ok: true, experiment: fresh });
  });

  it('returns null when the link carries nothing for a figure', async () => {
    expect(await readSharedExperiment('?lang=en', 'ring-gan')).toBeNull();
    expect(await readSharedExperiment({ search: '', hash: '#fig-gan-1d' }, 'gan-1d')).toBeNull();
  });

  it('gives the reader-facing message for a tampered parameter', async () => {
    const result = await readSharedExperiment('?fig.ring-gan=eyJ0cmFpbmluZyI6', 'ring-gan');
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.message).toMatch(failurePattern);
    const damaged = await readSharedExperiment({ search: '', hash: '#fig.ring-gan=z.AAAA' }, 'ring-gan');
    expect(damaged?.ok).toBe(false);
    if (damaged && !damaged.ok) expect(damaged.message).toMatch(failurePattern);
  });

  it('accepts a Location-like object', async () => {
    const made = await shareUrl({ href: 'http://localhost:4321/chapters/x/' }, 'gan-1d', getGanFigure('gan-1d')!.experiment);
    if (!made.ok) throw new Error(made.message);
    expect(made.url.startsWith('http://localhost:4321/chapters/x/#fig-gan-1d&fig.gan-1d=')).toBe(true);
    expect(await readSharedExperiment(new URL(made.url), 'gan-1d')).toEqual({ ok: true, experiment: getGanFigure('gan-1d')!.experiment });
  });
});

describe('compressed links, the cap and echoed input', () => {
  /** A state of about `bytes` characters of JSON: a long array of distinct numbers (compresses poorly). */
  const bulky = (bytes: number) => ({ values: Array.from({ length: Math.ceil(bytes / 9) }, (_, i) => Number((i * 0.6180339887) % 1).toFixed(6)) });

  it('compresses long states with raw DEFLATE (z. prefix) and round-trips them; short ones stay plain base64', async () => {
    expect(await encodeLinkText({ seed: 3 })).toBe(encodeLinkJson({ seed: 3 }));
    const state = { text: 'abcabcabc'.repeat(400) };
    const text = await encodeLinkText(state);
    expect(text.startsWith('z.')).toBe(true);
    expect(text.length).toBeLessThan(encodeLinkJson(state).length / 10);
    expect(await decodeLinkText(text)).toEqual({ ok: true, value: state });
  });

  it('a 100 KB link is refused with one sentence naming the cap; a large share is refused likewise', async () => {
    const text = encodeLinkJson(bulky(75_000)); // base64 of 75 KB JSON: about 100 KB
    expect(text.length).toBeGreaterThan(100_000);
    const link = `https://book.example/c/#fig-ring-gan&fig.ring-gan=${text}`;
    expect(link.length).toBeGreaterThan(100 * 1024);
    const result = await readSharedExperiment(new URL(link), 'ring-gan');
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/carries 1\d\d KB of settings for this figure, more than the 32 KB/) });
    const share = await shareStateUrl('https://book.example/c/', 'ring-gan', bulky(200_000));
    expect(share.ok).toBe(false);
    if (!share.ok) expect(share.message).toMatch(/too large for a link .* at most 32 KB/);
  });

  it('a short compressed link that inflates beyond the limit is refused without inflating it all', async () => {
    const bomb = await encodeLinkText({ text: 'a'.repeat(maxLinkJsonChars * 4) });
    expect(bomb.length).toBeLessThan(maxLinkChars);
    const result = await decodeLinkText(bomb);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/unpack to more than/) });
  });

  it('a 100 KB unknown key (compressed into a small link) is echoed clipped, not in full', async () => {
    const key = 'k'.repeat(100_000);
    const made = await shareStateUrl('https://book.example/c/', 'ring-gan', { [key]: 1, seed: 1 });
    if (!made.ok) throw new Error(made.message);
    expect(made.chars).toBeLessThan(1000);
    const result = await readSharedExperiment(new URL(made.url), 'ring-gan');
    expect(result?.ok).toBe(false);
    if (result && !result.ok) {
      expect(result.message).toMatch(failurePattern);
      expect(result.message.length).toBeLessThan(700);
    }
  });
});

describe('what a figure accepts', () => {
  it('a valid 1-D experiment on the ring figure gets the figure\'s sentence, not the experiment', async () => {
    const ring = getGanFigure('ring-gan')!;
    const oneD = { ...structuredClone(ring.experiment), data: structuredClone(getGanFigure('gan-1d')!.experiment.data) };
    expect(parseExperiment(oneD).ok).toBe(true);
    expect(figureAccepts(ring, oneD)).toMatch(/draws two-dimensional data.*one-dimensional data/);
    const made = await shareUrl('https://book.example/c/', 'ring-gan', oneD);
    if (!made.ok) throw new Error(made.message);
    const result = await readSharedExperiment(new URL(made.url), 'ring-gan');
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/two-dimensional data.*Showing the figure's defaults instead\.$/) });
  });

  it('2-D data on the 1-D figures is refused; the figure\'s own experiment and small changes are accepted', () => {
    for (const [id, spec] of Object.entries(figures)) {
      expect(figureAccepts(spec, spec.experiment), id).toBeNull();
      if (spec.experiment.kind === 'gan' && spec.experiment.data.kind === 'mixture-1d') {
        expect(figureAccepts(spec, { ...spec.experiment, data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 } }), id).toMatch(/one-dimensional data/);
      }
    }
    const gan1d = getGanFigure('gan-1d')!;
    expect(figureAccepts(gan1d, { ...gan1d.experiment, seed: 9 })).toBeNull();
  });

  it('Figures 3.2 and 4.1 ask for Q a one-dimensional Gaussian (affine generator, one normal noise coordinate)', () => {
    for (const id of ['variational-bound', 'fgan-gaussian-fit']) {
      const spec = getGanFigure(id)!;
      const wider = experimentOrThrow({ ...spec.experiment, generator: { ...spec.experiment.generator, init: undefined, noiseDim: 2 } });
      expect(figureAccepts(spec, wider), id).toMatch(/one-dimensional Gaussian/);
      const mlp = experimentOrThrow({ ...spec.experiment, generator: { kind: 'mlp', noiseDim: 1, hidden: [8] } });
      expect(figureAccepts(spec, mlp), id).toMatch(/one-dimensional Gaussian/);
    }
  });
});

describe('explorer links', () => {
  it('word a rejected state like the training figures (field, then what it must be), never zod\'s "Invalid input"', async () => {
    const { z } = await import('zod');
    const { readSharedState } = await import('../../src/components/figure/state-link');
    const schema = z.strictObject({ mode: z.enum(['discrete', 'continuous']), alpha: z.number().min(-5).max(5), p: z.array(z.number()).min(2) });
    const text = encodeLinkJson({ mode: 'sideways', alpha: 'x', p: [1], extra: true });
    const result = await readSharedState({ search: '', hash: `#fig-x&fig.x=${text}` }, 'x', schema);
    expect(result?.ok).toBe(false);
    if (!result || result.ok) return;
    expect(result.message).toMatch(failurePattern);
    expect(result.message).toContain('mode must be one of: "discrete", "continuous"');
    expect(result.message).toContain('alpha must be a number');
    expect(result.message).toContain('p must be at least 2 entries long');
    expect(result.message).toContain('settings: unknown field "extra"');
    expect(result.message).not.toMatch(/Invalid input/);
  });
});
