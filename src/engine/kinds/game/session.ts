/**
 * The `game` session: gradient steps on a two-parameter game (gan-math §11.7), in double precision.
 *
 * Dirac-GAN (Mescheder, Geiger, Nowozin 2018): L(θ, ψ) = f(θψ) + f(0), the generator descends θ, the
 * discriminator ascends ψ:
 *   ∂L/∂θ = f′(θψ)·ψ,   ∂L/∂ψ = f′(θψ)·θ − γψ   (γ: R1, the gradient of −(γ/2)ψ²)
 * with f′(t) = 1/(1 + e^t) for the GAN loss (f(t) = −log(1 + e^(−t))) and f′ = 1 for WGAN. With
 * instance noise σ the real point is ε₂ and the fake θ + ε₁ (ε ∼ N(0, σ²), fresh each step):
 *   L = f(ψ(θ + ε₁)) + f(−ψε₂),  ∂L/∂θ = f′(ψ(θ + ε₁))ψ,  ∂L/∂ψ = f′(ψ(θ + ε₁))(θ + ε₁) − f′(−ψε₂)ε₂.
 *
 * TTUR's toy saddle (Heusel et al. 2017): f(θ, ψ) = (1 + θ²)(100 − ψ²), θ descends, ψ ascends:
 *   ∂f/∂θ = 2θ(100 − ψ²),   ∂f/∂ψ = −2ψ(1 + θ²).
 *
 * Simultaneous steps move both players from the same point; alternating steps move ψ first and then
 * θ against the new ψ. Gradient noise N(0, gradientNoise²) is added to each gradient.
 */
import { runProbes, type ProbeTable } from '../../probes/table';
import { createRng, type Rng } from '../../rng';
import type { Snapshot, SnapshotRequest, StepMetrics } from '../../types';
import { TrainingDivergedError, type Session } from '../session';
import type { GameExperiment, GameSpec } from './schema';

/** |θ| or |ψ| beyond which the game has run away (the spiral of simultaneous WGAN steps grows geometrically). */
const RUNAWAY = 1e6;
/** At most this many points of the trajectory are kept for drawing (older ones are thinned). */
const TRAJECTORY_LIMIT = 4000;

export interface GameGradient {
  /** ∂/∂θ of the value (θ descends it). */
  theta: number;
  /** ∂/∂ψ of the discriminator's objective (ψ ascends it). */
  psi: number;
}

const gan = (t: number) => 1 / (1 + Math.exp(t)); // f′ for f(t) = −log(1 + e^(−t))

/** The game's gradient at (θ, ψ), with the instance-noise draws ε₁, ε₂ (0 without noise). */
export function gameGradient(game: GameSpec, theta: number, psi: number, fakeNoise = 0, realNoise = 0): GameGradient {
  if (game.kind === 'ttur-saddle') return { theta: 2 * theta * (100 - psi * psi), psi: -2 * psi * (1 + theta * theta) };
  const derivative = game.loss === 'gan' ? gan : () => 1;
  const fake = theta + fakeNoise;
  return {
    theta: derivative(psi * fake) * psi,
    psi: derivative(psi * fake) * fake - derivative(-psi * realNoise) * realNoise - game.r1Weight * psi,
  };
}

/** The value the generator descends (for the record). */
export function gameValue(game: GameSpec, theta: number, psi: number): number {
  if (game.kind === 'ttur-saddle') return (1 + theta * theta) * (100 - psi * psi);
  const f = game.loss === 'gan' ? (t: number) => -Math.log1p(Math.exp(-t)) : (t: number) => t;
  return f(theta * psi) + f(0);
}

/**
 * The update direction (−∂L/∂θ, ∂L/∂ψ) (the way θ and ψ move, without noise) on a count × count
 * grid over [min, max]² of (θ, ψ), row-major with ψ outer: entries 2k and 2k + 1 for point k.
 */
export function gameVectorField(game: GameSpec, [min, max, count]: readonly [number, number, number]): Float32Array {
  const values = new Float32Array(2 * count * count);
  for (let iy = 0; iy < count; iy++) {
    for (let ix = 0; ix < count; ix++) {
      const theta = min + ((max - min) * ix) / Math.max(1, count - 1);
      const psi = min + ((max - min) * iy) / Math.max(1, count - 1);
      const gradient = gameGradient(game, theta, psi);
      values[2 * (iy * count + ix)] = -gradient.theta; // the direction θ moves
      values[2 * (iy * count + ix) + 1] = gradient.psi; // the direction ψ moves
    }
  }
  return values;
}

class GameSession implements Session {
  readonly experiment: GameExperiment;
  private theta: number;
  private psi: number;
  private steps = 0;
  private readonly noiseRng: Rng;
  private readonly trajectory: number[] = [];
  private divergence: TrainingDivergedError | null = null;

  constructor(experiment: GameExperiment) {
    this.experiment = experiment;
    [this.theta, this.psi] = experiment.start;
    this.noiseRng = createRng(experiment.seed);
    this.trajectory.push(this.theta, this.psi);
  }

  get step(): number {
    return this.steps;
  }

  train(count: number): StepMetrics[] {
    if (this.divergence) throw this.divergence;
    const metrics: StepMetrics[] = [];
    for (let i = 0; i < Math.max(0, Math.floor(count)); i++) {
      this.advance();
      this.steps++;
      if (!(Math.abs(this.theta) < RUNAWAY && Math.abs(this.psi) < RUNAWAY)) {
        this.divergence = new TrainingDivergedError(
          this.steps,
          `The game ran away at step ${this.steps}: (θ, ψ) reached (${this.theta.toPrecision(3)}, ${this.psi.toPrecision(3)}). ` +
            'Simultaneous steps spiral outwards; try alternating steps, a smaller step size or a penalty.',
          metrics,
        );
        throw this.divergence;
      }
      this.record();
      metrics.push({
        step: this.steps,
        theta: this.theta,
        psi: this.psi,
        radius: Math.hypot(this.theta, this.psi),
        value: gameValue(this.experiment.game, this.theta, this.psi),
      });
    }
    return metrics;
  }

  private advance(): void {
    const { game, update, learningRates, gradientNoise } = this.experiment;
    const sigma = game.kind === 'dirac-gan' ? game.instanceNoise : 0;
    const draw = () => (sigma > 0 ? sigma * this.noiseRng.normal() : 0);
    const noisy = (value: number) => (gradientNoise > 0 ? value + gradientNoise * this.noiseRng.normal() : value);
    if (update === 'simultaneous') {
      const gradient = gameGradient(game, this.theta, this.psi, draw(), draw());
      this.theta -= learningRates.generator * noisy(gradient.theta);
      this.psi += learningRates.discriminator * noisy(gradient.psi);
    } else {
      this.psi += learningRates.discriminator * noisy(gameGradient(game, this.theta, this.psi, draw(), draw()).psi);
      this.theta -= learningRates.generator * noisy(gameGradient(game, this.theta, this.psi, draw(), draw()).theta);
    }
  }

  private record(): void {
    this.trajectory.push(this.theta, this.psi);
    if (this.trajectory.length > 2 * TRAJECTORY_LIMIT) {
      // Keep every other point, so a long run still draws its whole shape.
      const thinned = this.trajectory.filter((_, i) => i % 4 < 2);
      this.trajectory.splice(0, this.trajectory.length, ...thinned);
    }
  }

  /** The current point (θ, ψ), and the requested probes of `gameProbes`. */
  snapshot(request: SnapshotRequest): Snapshot {
    return runProbes(gameProbes, request, this, { step: this.steps, dim: 2, game: { theta: this.theta, psi: this.psi } });
  }

  /** The path so far (θ₀, ψ₀, θ₁, ψ₁, …), thinned past TRAJECTORY_LIMIT points. */
  get path(): Float32Array {
    return Float32Array.from(this.trajectory);
  }

  get point(): { theta: number; psi: number } {
    return { theta: this.theta, psi: this.psi };
  }

  report(): Record<string, unknown> {
    return { theta: this.theta, psi: this.psi, radius: Math.hypot(this.theta, this.psi) };
  }

  dispose(): void {}
}

/** The game probes (see SnapshotRequest), in the order they run. */
const gameProbes: ProbeTable<GameSession> = {
  gameTrajectory: (session) => ({ game: { ...session.point, trajectory: session.path } }),
  gameVectorField: (session, field) => ({ gameVectorField: { range: [field[0], field[1], field[2]], values: gameVectorField(session.experiment.game, field) } }),
};

export function createGameSession(experiment: GameExperiment): Session {
  return new GameSession(experiment);
}
