import { describe, expect, it } from 'vitest';
import { figures, getGanFigure } from '../../src/engine/experiments/figures';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import {
  decodeExperiment,
  defaultExperiment,
  encodeExperiment,
  readSharedExperiment,
  shareUrl,
} from '../../src/engine/experiments/url';

/** URL-safe base64 of a string, computed here with Node's Buffer (independent of url.ts). */
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const failurePattern = /^This link's settings could not be read: .+; showing the defaults instead\.$/;

describe('experiment links', () => {
  it('round-trips the defaults exactly', () => {
    const text = encodeExperiment(defaultExperiment);
    expect(decodeExperiment(text)).toEqual({ ok: true, experiment: defaultExperiment });
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
  it('puts the experiment in a per-figure parameter, keeps other parameters, and reads it back', () => {
    const changed = structuredClone(getGanFigure('ring-gan')!.experiment);
    changed.training.discriminatorSteps = 3;
    const link = shareUrl('https://book.example/chapters/01/?fig.gan-1d=abc&lang=en#top', 'ring-gan', changed);
    const url = new URL(link);
    expect(url.hash).toBe('#fig-ring-gan');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.get('fig.gan-1d')).toBe('abc');
    expect(readSharedExperiment(url.search, 'ring-gan')).toEqual({ ok: true, experiment: changed });
  });

  it('returns null when the link carries nothing for a figure', () => {
    expect(readSharedExperiment('?lang=en', 'ring-gan')).toBeNull();
    expect(readSharedExperiment('', 'gan-1d')).toBeNull();
  });

  it('gives the reader-facing message for a tampered parameter', () => {
    const result = readSharedExperiment('?fig.ring-gan=eyJ0cmFpbmluZyI6', 'ring-gan');
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.message).toMatch(failurePattern);
  });

  it('accepts a Location-like object', () => {
    const link = shareUrl({ href: 'http://localhost:4321/chapters/x/' }, 'gan-1d', getGanFigure('gan-1d')!.experiment);
    expect(link.startsWith('http://localhost:4321/chapters/x/?fig.gan-1d=')).toBe(true);
    expect(readSharedExperiment(new URL(link).search, 'gan-1d')).toEqual({ ok: true, experiment: getGanFigure('gan-1d')!.experiment });
  });
});
