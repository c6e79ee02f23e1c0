/**
 * The f-divergence registry: one record per divergence, holding the generator f, its convex
 * conjugate f*, its derivative f′ (the optimal critic is T* = f′(p/q)), the f-GAN output activation
 * g_f, the domain of f*, and the LaTeX of each. Chapters render their tables from these records and
 * the engine computes with the same records, so text and code cannot drift.
 *
 * Conventions (gan-math.md §0, §1):
 * - D_f(P‖Q) = ∫ q f(p/q), natural log, P the first argument ("data"), Q the second ("model").
 * - A critic is T(x) = g_f(V(x)) with V(x) ∈ ℝ the network's raw output. Every g_f here is
 *   INCREASING, so a larger V always means "more real": the reverse-KL, Neyman and Hellinger
 *   activations are −e^{−v} and 1 − e^{−v} (f-GAN Table 2 as usually read), not −e^{v}, 1 − e^{v}.
 * - `js` is the standard Jensen–Shannon divergence (≤ log 2). Its f is HALF of the f that f-GAN's
 *   Table 1 lists (which integrates to 2·JS); g_f and f* are rescaled accordingly (gan-math §1.3).
 * - Pearson and Neyman follow the statistical names, which match f-GAN's f column; f-GAN's integral
 *   column has the two swapped.
 * - Pearson's conjugate is t + t²/4 on all of ℝ, as in f-GAN (the conjugate of (u − 1)² extended to
 *   u < 0). The conjugate of f on u ≥ 0 differs only for t < −2, where it is −1; the bound stays
 *   valid and T* = 2(p/q − 1) ≥ −2 lies where the two agree.
 *
 * Each record's formulas come three times, deliberately side by side: the LaTeX, the plain-number
 * function (evaluators, tests, plots) and, for training, the tensor form of g_f and f*∘g_f. The
 * tensor forms receive the TensorFlow.js namespace as an argument so that this file (and every page
 * that only draws a table or evaluates a divergence) does not load TensorFlow.js; see tensor.ts.
 */
import type * as TF from '@tensorflow/tfjs-core';
import { logLambertWOfExp, softplus, xlogx } from './numeric';

type Ops = typeof TF;
type Tensor = TF.Tensor;

/** The set on which f* is finite. Omitted bounds are ±∞. */
export interface ConjugateDomain {
  lower?: number;
  upper?: number;
  /** True when the finite bounds themselves are excluded (an open interval). */
  strict: boolean;
  latex: string;
}

/**
 * How f behaves at an end of (0, ∞). Needed where p/q under- or overflows, and for mass of P where
 * q = 0 (there D_f gains p·lim_{u→∞} f(u)/u).
 * Near u → 0 it describes f(u):     'finite': f(0⁺) = value;  'power': f(u) ≈ c·u^(−k);  'log': f(u) ≈ c·(−log u).
 * Near u → ∞ it describes f(u)/u:   'finite': f(u)/u → value; 'power': f(u)/u ≈ c·u^k;   'log': f(u)/u ≈ c·log u.
 */
export type EndBehaviour =
  | { kind: 'finite'; value: number }
  | { kind: 'power'; coefficient: number; exponent: number }
  | { kind: 'log'; coefficient: number };

export interface DivergenceLatex {
  /** f(u). */
  f: string;
  /** D_f(P‖Q) written out as an integral over x. */
  divergence: string;
  /** f*(t). */
  conjugate: string;
  /** dom f*. */
  domain: string;
  /** g_f(v). */
  activation: string;
  /** T*(x) = f′(p(x)/q(x)). */
  optimalCritic: string;
  /** f′(1). */
  derivativeAtOne: string;
}

/** What a table row needs: a name, an id and the LaTeX. The α family has one such row for all α. */
export interface DivergenceSummary {
  /** Registry key: the id used in URLs, the command line and tests ('alpha' for the α-family row). */
  id: string;
  /** What a reader types to select it (e.g. `alpha:<a>` for the family). */
  usage: string;
  name: string;
  latex: DivergenceLatex;
  /** Where the literature disagrees, and which choice this record makes. */
  conventions: readonly string[];
}

export interface TensorForms {
  /** g_f(v), elementwise. */
  activation(tf: Ops, v: Tensor): Tensor;
  /** f*(g_f(v)), elementwise, in a numerically stable form. */
  conjugateOfActivation(tf: Ops, v: Tensor): Tensor;
}

export interface FDivergence extends DivergenceSummary {
  /** The generator f(u), u ≥ 0 (limits at u = 0; +∞ where f is infinite). */
  f(u: number): number;
  /** The convex conjugate f*(t) = sup_u [u·t − f(u)]; +∞ outside its domain. */
  conjugate(t: number): number;
  /** f′(u); the optimal critic is T*(x) = f′(p(x)/q(x)). */
  derivative(u: number): number;
  /** f(1): 0 for a proper divergence, −log 4 for the GAN entry. */
  valueAtOne: number;
  /** f′(1): the critic value that means "cannot tell real from fake". */
  derivativeAtOne: number;
  domain: ConjugateDomain;
  /** The output activation g_f: ℝ → dom f*. Increasing. */
  activation(v: number): number;
  /** f*(g_f(v)) in a numerically stable form. */
  conjugateOfActivation(v: number): number;
  nearZero: EndBehaviour;
  nearInfinity: EndBehaviour;
  tensor: TensorForms;
}

const LOG_2 = Math.LN2;

/** Identity activation as a tensor (a copy, so the caller may dispose input and output separately). */
const identityTensor = (tf: Ops, v: Tensor) => tf.clone(v);

/** −softplus(−v) = log σ(v) as a tensor. */
const logSigmoidTensor = (tf: Ops, v: Tensor) => tf.neg(tf.softplus(tf.neg(v)));

/** 1 − e^{−v} as a tensor. */
const oneMinusExpNegTensor = (tf: Ops, v: Tensor) => tf.neg(tf.expm1(tf.neg(v)));

const FIXED_ACTIVATION_NOTE =
  'Sign inside the exponential: this book uses the increasing form exp(−v), so that a larger network output V always means "more real"; f-GAN Table 2 is read this way, but some notes and code use exp(+v). Both map ℝ onto the same domain.';

// ── The records, in reading order ───────────────────────────────────────────────────────────────

const kl: FDivergence = {
  id: 'kl',
  usage: 'kl',
  name: 'Kullback–Leibler',
  latex: {
    f: 'u \\log u',
    divergence: '\\int p(x) \\log \\frac{p(x)}{q(x)} \\, dx',
    conjugate: 'e^{t-1}',
    domain: '\\mathbb{R}',
    activation: 'v',
    optimalCritic: '1 + \\log \\frac{p(x)}{q(x)}',
    derivativeAtOne: '1',
  },
  conventions: [],
  f: (u) => xlogx(u),
  conjugate: (t) => Math.exp(t - 1),
  derivative: (u) => 1 + Math.log(u),
  valueAtOne: 0,
  derivativeAtOne: 1,
  domain: { strict: false, latex: '\\mathbb{R}' },
  activation: (v) => v,
  conjugateOfActivation: (v) => Math.exp(v - 1),
  nearZero: { kind: 'finite', value: 0 },
  nearInfinity: { kind: 'log', coefficient: 1 },
  tensor: {
    activation: identityTensor,
    conjugateOfActivation: (tf, v) => tf.exp(tf.sub(v, 1)),
  },
};

const reverseKl: FDivergence = {
  id: 'reverse-kl',
  usage: 'reverse-kl',
  name: 'Reverse Kullback–Leibler',
  latex: {
    f: '-\\log u',
    divergence: '\\int q(x) \\log \\frac{q(x)}{p(x)} \\, dx',
    conjugate: '-1 - \\log(-t)',
    domain: 't < 0',
    activation: '-e^{-v}',
    optimalCritic: '-\\frac{q(x)}{p(x)}',
    derivativeAtOne: '-1',
  },
  conventions: ['Reverse KL(P‖Q) is KL(Q‖P).', FIXED_ACTIVATION_NOTE],
  f: (u) => -Math.log(u),
  conjugate: (t) => (t < 0 ? -1 - Math.log(-t) : Infinity),
  derivative: (u) => -1 / u,
  valueAtOne: 0,
  derivativeAtOne: -1,
  domain: { upper: 0, strict: true, latex: 't < 0' },
  activation: (v) => -Math.exp(-v),
  // f*(−e^{−v}) = −1 − log(e^{−v}) = v − 1.
  conjugateOfActivation: (v) => v - 1,
  nearZero: { kind: 'log', coefficient: 1 },
  nearInfinity: { kind: 'finite', value: 0 },
  tensor: {
    activation: (tf, v) => tf.neg(tf.exp(tf.neg(v))),
    conjugateOfActivation: (tf, v) => tf.sub(v, 1),
  },
};

const pearson: FDivergence = {
  id: 'pearson',
  usage: 'pearson',
  name: 'Pearson χ²',
  latex: {
    f: '(u - 1)^2',
    divergence: '\\int \\frac{\\left(p(x) - q(x)\\right)^2}{q(x)} \\, dx',
    conjugate: 't + \\tfrac{1}{4} t^2',
    domain: '\\mathbb{R}',
    activation: 'v',
    optimalCritic: '2 \\left( \\frac{p(x)}{q(x)} - 1 \\right)',
    derivativeAtOne: '0',
  },
  conventions: [
    'f-GAN Table 1 writes the integral ∫(q − p)²/p beside this f; with D_f = ∫q f(p/q), f(u) = (u − 1)² gives ∫(p − q)²/q, the standard Pearson χ².',
    'Conjugate t + t²/4 on all of ℝ, as in f-GAN (the conjugate of (u − 1)² allowed for every real u). The conjugate over u ≥ 0 equals −1 for t < −2; the identity activation can reach that region, the bound stays valid, and T* = 2(p/q − 1) ≥ −2 lies where the two agree.',
  ],
  f: (u) => (u - 1) ** 2,
  conjugate: (t) => t + (t * t) / 4,
  derivative: (u) => 2 * (u - 1),
  valueAtOne: 0,
  derivativeAtOne: 0,
  domain: { strict: false, latex: '\\mathbb{R}' },
  activation: (v) => v,
  conjugateOfActivation: (v) => v + (v * v) / 4,
  nearZero: { kind: 'finite', value: 1 },
  nearInfinity: { kind: 'power', coefficient: 1, exponent: 1 },
  tensor: {
    activation: identityTensor,
    conjugateOfActivation: (tf, v) => tf.add(v, tf.mul(0.25, tf.square(v))),
  },
};

const neyman: FDivergence = {
  id: 'neyman',
  usage: 'neyman',
  name: 'Neyman χ²',
  latex: {
    f: '\\frac{(1 - u)^2}{u}',
    divergence: '\\int \\frac{\\left(p(x) - q(x)\\right)^2}{p(x)} \\, dx',
    conjugate: '2 - 2\\sqrt{1 - t}',
    domain: 't < 1',
    activation: '1 - e^{-v}',
    optimalCritic: '1 - \\frac{q(x)^2}{p(x)^2}',
    derivativeAtOne: '0',
  },
  conventions: [
    'f-GAN Table 1 writes the integral ∫(p − q)²/q beside this f; with D_f = ∫q f(p/q), f(u) = (1 − u)²/u gives ∫(p − q)²/p, the standard Neyman χ².',
    FIXED_ACTIVATION_NOTE,
  ],
  f: (u) => (1 - u) ** 2 / u,
  conjugate: (t) => (t < 1 ? 2 - 2 * Math.sqrt(1 - t) : Infinity),
  derivative: (u) => 1 - 1 / (u * u),
  valueAtOne: 0,
  derivativeAtOne: 0,
  domain: { upper: 1, strict: true, latex: 't < 1' },
  activation: (v) => -Math.expm1(-v),
  // f*(1 − e^{−v}) = 2 − 2√(e^{−v}) = 2 − 2e^{−v/2}.
  conjugateOfActivation: (v) => 2 - 2 * Math.exp(-v / 2),
  nearZero: { kind: 'power', coefficient: 1, exponent: 1 },
  nearInfinity: { kind: 'finite', value: 1 },
  tensor: {
    activation: oneMinusExpNegTensor,
    conjugateOfActivation: (tf, v) => tf.sub(2, tf.mul(2, tf.exp(tf.mul(-0.5, v)))),
  },
};

const hellinger: FDivergence = {
  id: 'hellinger',
  usage: 'hellinger',
  name: 'Squared Hellinger',
  latex: {
    f: '\\left(\\sqrt{u} - 1\\right)^2',
    divergence: '\\int \\left( \\sqrt{p(x)} - \\sqrt{q(x)} \\right)^2 dx',
    conjugate: '\\frac{t}{1 - t}',
    domain: 't < 1',
    activation: '1 - e^{-v}',
    optimalCritic: '1 - \\sqrt{\\frac{q(x)}{p(x)}}',
    derivativeAtOne: '0',
  },
  conventions: [
    'Squared Hellinger without the factor ½ (f-GAN’s convention), so it ranges over [0, 2]; some texts halve it to range over [0, 1].',
    FIXED_ACTIVATION_NOTE,
  ],
  f: (u) => (Math.sqrt(u) - 1) ** 2,
  conjugate: (t) => (t < 1 ? t / (1 - t) : Infinity),
  derivative: (u) => 1 - 1 / Math.sqrt(u),
  valueAtOne: 0,
  derivativeAtOne: 0,
  domain: { upper: 1, strict: true, latex: 't < 1' },
  activation: (v) => -Math.expm1(-v),
  // f*(1 − e^{−v}) = (1 − e^{−v})/e^{−v} = e^{v} − 1.
  conjugateOfActivation: (v) => Math.expm1(v),
  nearZero: { kind: 'finite', value: 1 },
  nearInfinity: { kind: 'finite', value: 1 },
  tensor: {
    activation: oneMinusExpNegTensor,
    conjugateOfActivation: (tf, v) => tf.expm1(v),
  },
};

const js: FDivergence = {
  id: 'js',
  usage: 'js',
  name: 'Jensen–Shannon',
  latex: {
    f: '\\tfrac{1}{2} \\left[ u \\log u - (u + 1) \\log \\frac{u + 1}{2} \\right]',
    divergence:
      '\\frac{1}{2} \\int \\left[ p(x) \\log \\frac{2 p(x)}{p(x) + q(x)} + q(x) \\log \\frac{2 q(x)}{p(x) + q(x)} \\right] dx',
    conjugate: '-\\tfrac{1}{2} \\log\\left(2 - e^{2t}\\right)',
    domain: 't < \\tfrac{1}{2} \\log 2',
    activation: '\\tfrac{1}{2} \\left( \\log 2 - \\log\\left(1 + e^{-v}\\right) \\right)',
    optimalCritic: '\\tfrac{1}{2} \\log \\frac{2 p(x)}{p(x) + q(x)}',
    derivativeAtOne: '0',
  },
  conventions: [
    'This is the standard Jensen–Shannon divergence, at most log 2. f-GAN Table 1 lists f(u) = u log u − (u + 1) log((u + 1)/2), which integrates to 2·JS; this record uses half of it, so its conjugate is −½ log(2 − exp(2t)) and its activation ½(log 2 − log(1 + exp(−v))), each the f-GAN one rescaled by (½f)*(t) = ½ f*(2t).',
  ],
  f: (u) => 0.5 * (xlogx(u) - (u + 1) * Math.log((u + 1) / 2)),
  conjugate: (t) => (t < LOG_2 / 2 ? -0.5 * Math.log(2 - Math.exp(2 * t)) : Infinity),
  derivative: (u) => 0.5 * Math.log((2 * u) / (u + 1)),
  valueAtOne: 0,
  derivativeAtOne: 0,
  domain: { upper: LOG_2 / 2, strict: true, latex: 't < \\tfrac{1}{2} \\log 2' },
  activation: (v) => 0.5 * (LOG_2 - softplus(-v)),
  // 2 − e^{2g} = 2 − 2σ(v) = 2(1 − σ(v)) and −log(1 − σ(v)) = softplus(v).
  conjugateOfActivation: (v) => 0.5 * softplus(v) - 0.5 * LOG_2,
  nearZero: { kind: 'finite', value: LOG_2 / 2 },
  nearInfinity: { kind: 'finite', value: LOG_2 / 2 },
  tensor: {
    activation: (tf, v) => tf.mul(0.5, tf.sub(LOG_2, tf.softplus(tf.neg(v)))),
    conjugateOfActivation: (tf, v) => tf.sub(tf.mul(0.5, tf.softplus(v)), 0.5 * LOG_2),
  },
};

const gan: FDivergence = {
  id: 'gan',
  usage: 'gan',
  name: 'GAN',
  latex: {
    f: 'u \\log u - (u + 1) \\log (u + 1)',
    divergence: '\\int \\left[ p(x) \\log \\frac{p(x)}{p(x) + q(x)} + q(x) \\log \\frac{q(x)}{p(x) + q(x)} \\right] dx',
    conjugate: '-\\log\\left(1 - e^{t}\\right)',
    domain: 't < 0',
    activation: '-\\log\\left(1 + e^{-v}\\right)',
    optimalCritic: '\\log \\frac{p(x)}{p(x) + q(x)}',
    derivativeAtOne: '-\\log 2',
  },
  conventions: [
    'D_GAN = 2·JS − log 4, so D_GAN(P‖P) = f(1) = −log 4, not 0. With D(x) = σ(V(x)) the objective is Goodfellow et al.’s value function E_P log D + E_Q log(1 − D).',
  ],
  f: (u) => xlogx(u) - (u + 1) * Math.log1p(u),
  conjugate: (t) => (t < 0 ? -Math.log(-Math.expm1(t)) : Infinity),
  derivative: (u) => Math.log(u / (u + 1)),
  valueAtOne: -Math.log(4),
  derivativeAtOne: -LOG_2,
  domain: { upper: 0, strict: true, latex: 't < 0' },
  activation: (v) => -softplus(-v),
  // f*(log σ(v)) = −log(1 − σ(v)) = softplus(v).
  conjugateOfActivation: (v) => softplus(v),
  nearZero: { kind: 'finite', value: 0 },
  nearInfinity: { kind: 'finite', value: 0 },
  tensor: {
    activation: logSigmoidTensor,
    conjugateOfActivation: (tf, v) => tf.softplus(v),
  },
};

const tv: FDivergence = {
  id: 'tv',
  usage: 'tv',
  name: 'Total variation',
  latex: {
    f: '\\tfrac{1}{2} \\lvert u - 1 \\rvert',
    divergence: '\\tfrac{1}{2} \\int \\lvert p(x) - q(x) \\rvert \\, dx',
    conjugate: 't',
    domain: '\\lvert t \\rvert \\le \\tfrac{1}{2}',
    activation: '\\tfrac{1}{2} \\tanh v',
    optimalCritic: '\\tfrac{1}{2} \\operatorname{sign}\\left( \\frac{p(x)}{q(x)} - 1 \\right)',
    derivativeAtOne: '0',
  },
  conventions: [
    'TV = sup_A |P(A) − Q(A)| ∈ [0, 1], from f(u) = ½|u − 1|. f is not differentiable at 1: its subgradients there are [−½, ½], and this record uses 0.',
  ],
  f: (u) => 0.5 * Math.abs(u - 1),
  conjugate: (t) => (Math.abs(t) <= 0.5 ? t : Infinity),
  derivative: (u) => 0.5 * Math.sign(u - 1),
  valueAtOne: 0,
  derivativeAtOne: 0,
  domain: { lower: -0.5, upper: 0.5, strict: false, latex: '\\lvert t \\rvert \\le \\tfrac{1}{2}' },
  activation: (v) => 0.5 * Math.tanh(v),
  conjugateOfActivation: (v) => 0.5 * Math.tanh(v),
  nearZero: { kind: 'finite', value: 0.5 },
  nearInfinity: { kind: 'finite', value: 0.5 },
  tensor: {
    activation: (tf, v) => tf.mul(0.5, tf.tanh(v)),
    conjugateOfActivation: (tf, v) => tf.mul(0.5, tf.tanh(v)),
  },
};

/**
 * Jeffrey's conjugate. With w = W(e^{1−t}) (so w + log w = 1 − t), f*(t) = w + 1/w + t − 2, which
 * equals 1/w − log w − 1: the form computed here, from y = log w, with no cancellation.
 */
function jeffreyConjugate(t: number): number {
  const logW = logLambertWOfExp(1 - t);
  return Math.exp(-logW) - logW - 1;
}

/**
 * The same as a tensor op: six Newton steps on e^y + y = 1 − t from log(softplus(1 − t)) (float32
 * converges in four), and the exact gradient (f*)′(t) = 1/w = e^{−y} (the u where f′(u) = t).
 */
function jeffreyConjugateTensor(tf: Ops, t: Tensor): Tensor {
  const conjugate = tf.customGrad((...inputs: Array<Tensor | TF.GradSaveFunc>) => {
    const [input, save] = inputs as [Tensor, TF.GradSaveFunc];
    const x = tf.sub(1, input);
    let y = tf.log(tf.softplus(tf.maximum(x, -80)));
    for (let step = 0; step < 6; step++) {
      const expY = tf.exp(y);
      y = tf.sub(y, tf.div(tf.sub(tf.add(expY, y), x), tf.add(expY, 1)));
    }
    save([y]);
    const value = tf.sub(tf.sub(tf.exp(tf.neg(y)), y), 1);
    return { value, gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(dy, tf.exp(tf.neg(saved[0]))) };
  });
  return conjugate(t);
}

const jeffrey: FDivergence = {
  id: 'jeffrey',
  usage: 'jeffrey',
  name: 'Jeffrey',
  latex: {
    f: '(u - 1) \\log u',
    divergence: '\\int \\left( p(x) - q(x) \\right) \\log \\frac{p(x)}{q(x)} \\, dx',
    conjugate: 'W\\!\\left(e^{1-t}\\right) + \\frac{1}{W\\!\\left(e^{1-t}\\right)} + t - 2',
    domain: '\\mathbb{R}',
    activation: 'v',
    optimalCritic: '1 + \\log \\frac{p(x)}{q(x)} - \\frac{q(x)}{p(x)}',
    derivativeAtOne: '0',
  },
  conventions: ['Jeffrey = KL + reverse KL. W is the principal branch of the Lambert W function, w·eʷ = z.'],
  f: (u) => (u - 1) * Math.log(u),
  conjugate: jeffreyConjugate,
  derivative: (u) => 1 + Math.log(u) - 1 / u,
  valueAtOne: 0,
  derivativeAtOne: 0,
  domain: { strict: false, latex: '\\mathbb{R}' },
  activation: (v) => v,
  conjugateOfActivation: jeffreyConjugate,
  nearZero: { kind: 'log', coefficient: 1 },
  nearInfinity: { kind: 'log', coefficient: 1 },
  tensor: {
    activation: identityTensor,
    conjugateOfActivation: jeffreyConjugateTensor,
  },
};

// ── The α family ────────────────────────────────────────────────────────────────────────────────

/**
 * The LaTeX of the α-divergence with α written as `a` (either '\\alpha' or a number). `regime`
 * picks the activation and domain: α < 1, α > 1, or both (the family row of a table).
 */
function alphaLatex(a: string, regime: 'below-one' | 'above-one' | 'family'): DivergenceLatex {
  const belowDomain = `t < \\frac{1}{1 - ${a}}`;
  const belowActivation = `\\frac{1}{1 - ${a}} - \\log\\left(1 + e^{-v}\\right)`;
  const belowConjugate = `\\frac{1}{${a}} \\left( 1 + (${a} - 1) t \\right)^{\\frac{${a}}{${a} - 1}} - \\frac{1}{${a}}`;
  const aboveConjugate = `\\frac{1}{${a}} \\left( \\max\\{0,\\, 1 + (${a} - 1) t\\} \\right)^{\\frac{${a}}{${a} - 1}} - \\frac{1}{${a}}`;
  const choose = (below: string, above: string) =>
    regime === 'below-one'
      ? below
      : regime === 'above-one'
        ? above
        : `\\begin{cases} ${below} & ${a} < 1 \\\\ ${above} & ${a} > 1 \\end{cases}`;
  return {
    f: `\\frac{u^{${a}} - 1 - ${a}(u - 1)}{${a}(${a} - 1)}`,
    divergence: `\\frac{1}{${a}(${a} - 1)} \\int \\left[ p(x)^{${a}} q(x)^{1 - ${a}} - q(x) - ${a} \\left( p(x) - q(x) \\right) \\right] dx`,
    conjugate: choose(belowConjugate, aboveConjugate),
    domain: choose(belowDomain, '\\mathbb{R}'),
    activation: choose(belowActivation, 'v'),
    optimalCritic: `\\frac{1}{${a} - 1} \\left( \\left( \\frac{p(x)}{q(x)} \\right)^{${a} - 1} - 1 \\right)`,
    derivativeAtOne: '0',
  };
}

const ALPHA_CONVENTIONS = [
  'α = 2 gives ½·Pearson χ², α = −1 gives ½·Neyman χ², α = ½ gives 2·squared Hellinger; α → 1 tends to KL and α → 0 to reverse KL.',
  'f-GAN Table 1 prints the integral with P and Q exchanged (α ↔ 1 − α) relative to its own f; this record follows f.',
  'For α > 1, f-GAN takes g_f(v) = v on all of ℝ. The conjugate over u ≥ 0 is then (1/α)·max{0, 1 + (α − 1)t}^{α/(α−1)} − 1/α: constant −1/α below t = −1/(α − 1), where the power formula is undefined.',
];

/** The α-divergence record for one α ∉ {0, 1}. */
export function createAlphaDivergence(alpha: number): FDivergence {
  if (!Number.isFinite(alpha) || alpha === 0 || alpha === 1) {
    throw new RangeError(`alpha must be a finite number other than 0 and 1 (got ${alpha})`);
  }
  const a = alpha;
  const scale = 1 / (a * (a - 1));
  const power = a / (a - 1);
  const a_latex = a < 0 ? `(${a})` : `${a}`;
  const belowOne = a < 1;

  const f = (u: number) => (u ** a - 1 - a * (u - 1)) * scale;
  // For α < 1, f* is finite for t < 1/(1 − α); at the bound itself only when α < 0 (then −1/α).
  const upper = 1 / (1 - a);
  const conjugate = belowOne
    ? (t: number) => {
        if (t < upper) return (1 + (a - 1) * t) ** power / a - 1 / a;
        return t === upper && a < 0 ? -1 / a : Infinity;
      }
    : (t: number) => Math.max(0, 1 + (a - 1) * t) ** power / a - 1 / a;

  return {
    id: `alpha:${a}`,
    usage: `alpha:${a}`,
    name: `α-divergence (α = ${a})`,
    latex: alphaLatex(a_latex, belowOne ? 'below-one' : 'above-one'),
    conventions: ALPHA_CONVENTIONS,
    f,
    conjugate,
    derivative: (u) => (u ** (a - 1) - 1) / (a - 1),
    valueAtOne: 0,
    derivativeAtOne: 0,
    domain: belowOne
      ? { upper, strict: a > 0, latex: alphaLatex(a_latex, 'below-one').domain.replace('<', a > 0 ? '<' : '\\le') }
      : { strict: false, latex: '\\mathbb{R}' },
    activation: belowOne ? (v) => upper - softplus(-v) : (v) => v,
    // α < 1: 1 + (α − 1)·g_f(v) = (1 − α)·softplus(−v) > 0, so no cancellation near the bound.
    conjugateOfActivation: belowOne ? (v) => ((1 - a) * softplus(-v)) ** power / a - 1 / a : conjugate,
    nearZero: a > 0 ? { kind: 'finite', value: 1 / a } : { kind: 'power', coefficient: scale, exponent: -a },
    nearInfinity: a > 1 ? { kind: 'power', coefficient: scale, exponent: a - 1 } : { kind: 'finite', value: upper },
    tensor: belowOne
      ? {
          activation: (tf, v) => tf.sub(upper, tf.softplus(tf.neg(v))),
          conjugateOfActivation: (tf, v) =>
            tf.sub(tf.mul(1 / a, tf.pow(tf.mul(1 - a, tf.softplus(tf.neg(v))), power)), 1 / a),
        }
      : {
          activation: identityTensor,
          // relu keeps the base ≥ 0, where pow and its gradient are finite (the power exceeds 1).
          conjugateOfActivation: (tf, v) =>
            tf.sub(tf.mul(1 / a, tf.pow(tf.relu(tf.add(1, tf.mul(a - 1, v))), power)), 1 / a),
        },
  };
}

/** The α family as one table row (α symbolic). */
export const alphaFamilySummary: DivergenceSummary = {
  id: 'alpha',
  usage: 'alpha:<a>',
  name: 'α-divergence',
  latex: alphaLatex('\\alpha', 'family'),
  conventions: ALPHA_CONVENTIONS,
};

// ── Lookup ──────────────────────────────────────────────────────────────────────────────────────

/** The fixed divergences in reading order. */
export const divergenceList: readonly FDivergence[] = [kl, reverseKl, pearson, neyman, hellinger, js, gan, tv, jeffrey];

/** The rows of the divergence table in reading order: the fixed divergences, then the α family. */
export const divergenceTableRows: readonly DivergenceSummary[] = [...divergenceList, alphaFamilySummary];

/** Conventions that apply across the registry (for a chapter's "conventions" box). */
export const registryConventions: readonly string[] = [
  'D_f(P‖Q) = ∫ q(x) f(p(x)/q(x)) dx with the natural logarithm; P is the data, Q the model.',
  'Every output activation g_f is increasing: a larger network output V means "more real". The reverse-KL, Neyman and Hellinger activations therefore use exp(−v).',
  'js is the standard Jensen–Shannon divergence (at most log 2), half of what f-GAN’s listed f integrates to.',
  'Pearson χ² = ∫(p − q)²/q and Neyman χ² = ∫(p − q)²/p, as their f imply; f-GAN’s Table 1 has the two integrals swapped.',
  'α-divergences follow their f; f-GAN’s printed integral has P and Q exchanged.',
];

const fixedById = new Map(divergenceList.map((divergence) => [divergence.id, divergence]));
const alphaCache = new Map<number, FDivergence>();

/** Every id accepted by getDivergence, for messages and menus (`alpha:<a>` stands for the family). */
export const divergenceIds: readonly string[] = [...divergenceList.map((divergence) => divergence.id), 'alpha:<a>'];

export class UnknownDivergenceError extends Error {
  constructor(id: string, reason?: string) {
    super(reason ?? `unknown divergence "${id}"; known: ${divergenceIds.join(', ')}`);
    this.name = 'UnknownDivergenceError';
  }
}

/** The record for an id: one of `divergenceIds`, or `alpha:<a>` with a number a ∉ {0, 1}. */
export function getDivergence(id: string): FDivergence {
  const fixed = fixedById.get(id);
  if (fixed) return fixed;
  const alphaMatch = /^alpha:(.+)$/.exec(id);
  if (alphaMatch) {
    const text = alphaMatch[1].trim();
    const alpha = text === '' ? NaN : Number(text);
    if (!Number.isFinite(alpha) || alpha === 0 || alpha === 1) {
      throw new UnknownDivergenceError(id, `"${id}": α must be a number other than 0 and 1 (e.g. alpha:0.5, alpha:-1, alpha:2)`);
    }
    let record = alphaCache.get(alpha);
    if (!record) {
      record = createAlphaDivergence(alpha);
      alphaCache.set(alpha, record);
    }
    return record;
  }
  throw new UnknownDivergenceError(id);
}

/** True when getDivergence(id) would succeed (for schema checks and menus). */
export function isDivergenceId(id: string): boolean {
  try {
    getDivergence(id);
    return true;
  } catch {
    return false;
  }
}

/** True when t lies in dom f*. */
export function inConjugateDomain(divergence: FDivergence, t: number): boolean {
  const { lower, upper, strict } = divergence.domain;
  if (Number.isNaN(t)) return false;
  if (lower !== undefined && (strict ? t <= lower : t < lower)) return false;
  if (upper !== undefined && (strict ? t >= upper : t > upper)) return false;
  return true;
}

/** f(0⁺), possibly +∞. */
export function valueAtZero(divergence: FDivergence): number {
  return divergence.nearZero.kind === 'finite' ? divergence.nearZero.value : Infinity;
}

/** f′(∞) = lim_{u→∞} f(u)/u, possibly +∞: what each unit of P-mass where q = 0 adds to D_f. */
export function slopeAtInfinity(divergence: FDivergence): number {
  return divergence.nearInfinity.kind === 'finite' ? divergence.nearInfinity.value : Infinity;
}
