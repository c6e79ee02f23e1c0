/**
 * The `game` kind against gan-math §11.7: Dirac-GAN (Mescheder, Geiger, Nowozin 2018) and TTUR's toy
 * saddle (Heusel et al. 2017). The reference numbers were computed independently in double precision
 * (plain Python loops over the same closed-form gradients); the session must match them to 6 digits.
 */
import { describe, expect, it } from 'vitest';
import { GameExperimentSchema, type GameExperiment } from '../../src/engine/kinds/game/schema';
import { createGameSession, gameGradient } from '../../src/engine/kinds/game/session';
import { TrainingDivergedError } from '../../src/engine/kinds/session';

const game = (input: Record<string, unknown>): GameExperiment => GameExperimentSchema.parse({ kind: 'game', ...input });

/** Runs an experiment for `steps` steps and returns the final (θ, ψ, radius). */
function finalPoint(experiment: GameExperiment, steps = experiment.training.steps): { theta: number; psi: number; radius: number } {
  const session = createGameSession(experiment);
  session.train(steps);
  const report = session.report() as { theta: number; psi: number; radius: number };
  session.dispose();
  return report;
}

describe('Dirac-GAN, the non-linear game (gan-math §11.7)', () => {
  it('simultaneous steps, h = 0.1, from (1, 1): (1.517211, 2.173529) after 1000 steps, radius 2.650690', () => {
    const end = finalPoint(game({ update: 'simultaneous', start: [1, 1], training: { steps: 1000 } }));
    expect(end.theta).toBeCloseTo(1.517211, 6);
    expect(end.psi).toBeCloseTo(2.173529, 6);
    expect(end.radius).toBeCloseTo(2.65069, 6);
  });

  it('alternating steps (ψ first, then θ against the new ψ): (0.998155, 1.002003), radius 1.414328', () => {
    const end = finalPoint(game({ update: 'alternating', start: [1, 1], training: { steps: 1000 } }));
    expect(end.theta).toBeCloseTo(0.998155, 6);
    expect(end.psi).toBeCloseTo(1.002003, 6);
    expect(end.radius).toBeCloseTo(1.414328, 6);
  });

  it('the order matters: θ first (not the engine’s order) ends elsewhere, at (0.802566, 1.167278)', () => {
    // The other order, written out with the engine's gradient, as Chapter 9 states it.
    const spec = { kind: 'dirac-gan', loss: 'gan', r1Weight: 0, instanceNoise: 0 } as const;
    let [theta, psi] = [1, 1];
    for (let i = 0; i < 1000; i++) {
      theta -= 0.1 * gameGradient(spec, theta, psi).theta;
      psi += 0.1 * gameGradient(spec, theta, psi).psi;
    }
    expect(theta).toBeCloseTo(0.802566, 6);
    expect(psi).toBeCloseTo(1.167278, 6);
  });

  it('alternating steps cycle: the radius stays within 5 % of its start over 20 000 steps', () => {
    const session = createGameSession(game({ update: 'alternating', start: [1, 1] }));
    const radii = session.train(20_000).map((m) => m.radius as number);
    expect(Math.max(...radii)).toBeLessThan(Math.SQRT2 * 1.05);
    expect(Math.min(...radii)).toBeGreaterThan(Math.SQRT2 * 0.95);
  });

  it('an R1 penalty γ = 1 converges to the equilibrium (0, 0)', () => {
    const end = finalPoint(game({ game: { kind: 'dirac-gan', r1Weight: 1 }, start: [1, 1], training: { steps: 1000 } }));
    expect(end.radius).toBeLessThan(1e-6);
    // and without it the same run spirals out (the first test), so the penalty is what converges
  });

  it('instance noise makes simultaneous steps contract on average instead of spiralling out', () => {
    // With noise σ the discriminator's expected gradient gains −E[f″]σ²ψ-like damping; 4000 steps from (1, 1).
    const noisy = finalPoint(game({ game: { kind: 'dirac-gan', instanceNoise: 1 }, start: [1, 1], training: { steps: 4000 } }));
    const plain = finalPoint(game({ start: [1, 1], training: { steps: 4000 } }));
    expect(noisy.radius).toBeLessThan(0.5);
    expect(plain.radius).toBeGreaterThan(3);
  });
});

describe('Dirac-GAN, the linearised game near (0, 0)', () => {
  const tiny = 1e-7; // start so close to the equilibrium that f′(θψ) = f′(0) to 14 digits

  it('simultaneous GAN steps grow the radius by √(1 + h²/4) per step: ×3.48490 after 1000 (h = 0.1)', () => {
    const start = Math.hypot(tiny, tiny);
    const session = createGameSession(game({ start: [tiny, tiny] }));
    const radii = session.train(1000).map((m) => m.radius as number);
    expect(radii[0] / start).toBeCloseTo(Math.sqrt(1 + 0.01 / 4), 9);
    expect(radii[999] / start).toBeCloseTo(3.4849, 4);
  });

  it('simultaneous WGAN steps (f′ = 1): |λ| = √(1 + h²) = 1.00498756, ×144.773 after 1000', () => {
    const start = Math.hypot(tiny, tiny);
    const session = createGameSession(game({ game: { kind: 'dirac-gan', loss: 'wasserstein' }, start: [tiny, tiny] }));
    const radii = session.train(1000).map((m) => m.radius as number);
    expect(radii[0] / start).toBeCloseTo(1.00498756, 8);
    expect(radii[999] / start).toBeCloseTo(144.773, 2);
  });

  it('two step sizes (TTUR) still grow: |λ| = √(1 + h_G·h_D·f′(0)²)', () => {
    // The map [[1, −h_G a], [h_D a, 1]] has eigenvalues 1 ± i·a·√(h_G h_D); the radius in the scaled
    // coordinates (θ/√h_G, ψ/√h_D) grows by exactly that modulus each step.
    const [hG, hD] = [0.01, 0.1];
    const session = createGameSession(game({ learningRates: { generator: hG, discriminator: hD }, start: [tiny, tiny] }));
    const metrics = session.train(500);
    const scaled = (theta: number, psi: number) => Math.hypot(theta / Math.sqrt(hG), psi / Math.sqrt(hD));
    const growth = scaled(metrics[499].theta as number, metrics[499].psi as number) / scaled(tiny, tiny);
    expect(growth ** (1 / 500)).toBeCloseTo(Math.sqrt(1 + hG * hD * 0.25), 9);
  });

  it('the Jacobian of the gradient field at (0, 0) is [[0, −f′(0)], [f′(0), 0]]: eigenvalues ±i/2 for the GAN loss', () => {
    const spec = { kind: 'dirac-gan', loss: 'gan', r1Weight: 0, instanceNoise: 0 } as const;
    const e = 1e-6;
    // The field (θ̇, ψ̇) = (−∂L/∂θ, ∂L/∂ψ), differentiated numerically.
    const field = (t: number, p: number) => {
      const g = gameGradient(spec, t, p);
      return [-g.theta, g.psi];
    };
    const dTheta = field(e, 0).map((v, i) => (v - field(-e, 0)[i]) / (2 * e));
    const dPsi = field(0, e).map((v, i) => (v - field(0, -e)[i]) / (2 * e));
    expect(dTheta[0]).toBeCloseTo(0, 8);
    expect(dPsi[0]).toBeCloseTo(-0.5, 8);
    expect(dTheta[1]).toBeCloseTo(0.5, 8);
    expect(dPsi[1]).toBeCloseTo(0, 8);
  });
});

describe("TTUR's toy saddle f(x, y) = (1 + x²)(100 − y²)", () => {
  it('linearised multipliers at the saddle are 1 − 200·lr_x and 1 − 2·lr_y', () => {
    for (const [lrX, lrY] of [
      [1e-2, 1e-2],
      [1e-3, 1e-3],
      [1e-4, 1e-2],
      [1e-2, 1e-4],
    ]) {
      const small = 1e-8;
      const session = createGameSession(
        game({ game: { kind: 'ttur-saddle' }, learningRates: { generator: lrX, discriminator: lrY }, start: [small, small] }),
      );
      const [first] = session.train(1);
      expect((first.theta as number) / small).toBeCloseTo(1 - 200 * lrX, 9);
      expect((first.psi as number) / small).toBeCloseTo(1 - 2 * lrY, 9);
    }
  });

  it('(1e-4, 1e-2) equalises the two rates: both multipliers are 0.98', () => {
    const session = createGameSession(
      game({ game: { kind: 'ttur-saddle' }, learningRates: { generator: 1e-4, discriminator: 1e-2 }, start: [1e-8, 1e-8] }),
    );
    const [first] = session.train(1);
    expect((first.theta as number) / 1e-8).toBeCloseTo(0.98, 9);
    expect((first.psi as number) / 1e-8).toBeCloseTo(0.98, 9);
  });
});

describe('determinism and failure', () => {
  const noisy = (seed: number) =>
    game({ game: { kind: 'ttur-saddle' }, gradientNoise: 1, start: [0.5, -0.4], learningRates: { generator: 1e-3, discriminator: 1e-3 }, seed });

  it('gradient noise is seeded: the same seed gives the same trajectory, another seed another', () => {
    const run = (seed: number) => createGameSession(noisy(seed)).train(300).map((m) => [m.theta, m.psi]);
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it('instance noise is seeded too', () => {
    const run = (seed: number) =>
      createGameSession(game({ game: { kind: 'dirac-gan', instanceNoise: 0.5 }, seed })).train(100).map((m) => m.theta);
    expect(run(3)).toEqual(run(3));
    expect(run(4)).not.toEqual(run(3));
  });

  it('a runaway game throws TrainingDivergedError and then refuses to train', () => {
    const session = createGameSession(game({ game: { kind: 'dirac-gan', loss: 'wasserstein' }, learningRates: { generator: 1, discriminator: 1 } }));
    expect(() => session.train(100)).toThrow(TrainingDivergedError);
    expect(() => session.train(1)).toThrow(TrainingDivergedError);
  });

  it('the snapshot carries the trajectory and a vector field that points along the flow', () => {
    const session = createGameSession(game({}));
    session.train(10);
    const snapshot = session.snapshot({ gameTrajectory: true, gameVectorField: [-2, 2, 5] });
    expect(snapshot.game?.trajectory?.length).toBe(22);
    const values = snapshot.gameVectorField!.values;
    // At (θ, ψ) = (2, 0) (ix = 4, iy = 2): θ̇ = −f′(0)·0 = 0, ψ̇ = f′(0)·2 = 1.
    const index = 2 * (2 * 5 + 4);
    expect(values[index]).toBeCloseTo(0, 6);
    expect(values[index + 1]).toBeCloseTo(1, 6);
  });
});
