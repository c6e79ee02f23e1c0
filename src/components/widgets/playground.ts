/**
 * playground (Chapter 9): a 2-D GAN with every knob of the book (data, objective, constraint,
 * optimisers and learning rates per player, k, one-sided label smoothing, widths and depths,
 * packing and the encoder's reconstruction term), drawn by the shared plane figure (plane-gan.ts:
 * D or the critic as a heat map, samples, the generator's moves, losses and mode coverage). A
 * preset menu above the plot loads the named experiments of the chapter's gallery
 * (figures-ch9.ts): each failure the chapter describes and its fix. A preset is only an experiment,
 * so the figure's share link carries it like any other setting.
 */
import { divergenceList } from '../../engine/divergences/registry';
import { ReconstructionSchema, type Experiment } from '../../engine/experiments/schema';
import { playgroundPresets, playgroundSnapshot } from '../../engine/experiments/figures-ch9';
import { formatNumber } from '../plots';
import { architectureFieldsFor, numberAt, optimizerOptions, renderFields, selectAt, type Field, type SelectField } from './controls';
import { createPointDrawing, starterDrawing, type PointDrawing } from './point-drawing';
import { createPlaneGan } from './plane-gan';
import type { WidgetFactory } from './types';

/** The objective menu: one entry per loss family, Wasserstein once per constraint. */
const objectiveChoices: Array<{ value: string; label: string; apply(draft: Experiment): void }> = [
  { value: 'minimax', label: 'minimax (saturating)', apply: (d) => (d.objective = { kind: 'minimax', r1Weight: 0 }) },
  { value: 'non-saturating', label: 'non-saturating', apply: (d) => (d.objective = { kind: 'non-saturating', r1Weight: 0 }) },
  { value: 'least-squares', label: 'least squares', apply: (d) => (d.objective = { kind: 'least-squares', r1Weight: 0 }) },
  { value: 'hinge', label: 'hinge', apply: (d) => (d.objective = { kind: 'hinge', r1Weight: 0 }) },
  {
    value: 'wasserstein-gp',
    label: 'Wasserstein, gradient penalty',
    apply: (d) => (d.objective = { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } }),
  },
  { value: 'wasserstein-clip', label: 'Wasserstein, weight clipping', apply: (d) => (d.objective = { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } }) },
  { value: 'wasserstein-none', label: 'Wasserstein, no constraint', apply: (d) => (d.objective = { kind: 'wasserstein', constraint: { kind: 'none' } }) },
  { value: 'f-gan', label: 'f-GAN', apply: (d) => (d.objective = { kind: 'f-gan', divergence: 'kl', generatorLoss: 'non-saturating' }) },
  { value: 'energy', label: 'energy (EBGAN)', apply: (d) => (d.objective = { kind: 'energy', margin: 0.5, pullAwayWeight: 0 }) },
];

export function objectiveChoice(experiment: Experiment): string {
  const objective = experiment.objective;
  return objective.kind === 'wasserstein' ? `wasserstein-${objective.constraint.kind === 'gradient-penalty' ? 'gp' : objective.constraint.kind}` : objective.kind;
}

/** Apply an objective choice and the rules tied to it (an energy needs an autoencoder; labels only where there are labels). */
export function applyObjective(draft: Experiment, value: string): void {
  objectiveChoices.find((choice) => choice.value === value)?.apply(draft);
  const energy = draft.objective.kind === 'energy';
  draft.discriminator.kind = energy ? 'autoencoder' : 'mlp';
  if (energy) delete draft.discriminator.spectralNorm;
  if (!['minimax', 'non-saturating', 'least-squares'].includes(draft.objective.kind)) draft.training.realLabel = 1;
}

const dataChoices: Array<{ value: string; label: string; data: Experiment['data'] }> = [
  { value: 'ring', label: 'ring of 8 Gaussians', data: { kind: 'ring', modes: 8, radius: 2, std: 0.05 } },
  { value: 'grid', label: 'grid of 25 Gaussians', data: { kind: 'grid', size: 5, spacing: 1, std: 0.05 } },
  { value: 'swiss-roll', label: 'Swiss roll', data: { kind: 'swiss-roll', scale: 0.2, noise: 0.05 } },
  { value: 'two-moons', label: 'two moons', data: { kind: 'two-moons', noise: 0.05 } },
  { value: 'points', label: 'draw your own', data: { kind: 'points', points: starterDrawing(), spread: 0.05 } },
];

/** The plane's extent for the data (the heat map follows it). */
export function planeExtent(experiment: Experiment): number {
  const data = experiment.data;
  if (data.kind === 'ring') return data.radius + 1;
  if (data.kind === 'grid') return ((data.size - 1) * data.spacing) / 2 + 1;
  if (data.kind === 'swiss-roll') return 4.5 * Math.PI * data.scale + 0.6;
  if (data.kind === 'points') {
    // A drawing keeps the plane of ±3 it is drawn on (so the plane never moves under the pointer),
    // unless a link brings points from further out.
    const furthest = Math.max(...data.points.flat().map(Math.abs));
    return furthest <= 3 ? 3 : Math.ceil(furthest + 3 * data.spread + 0.5);
  }
  return 2.5;
}

function playgroundFields(experiment: Experiment): Field[] {
  const objective = experiment.objective;
  const fields: Field[] = [
    {
      type: 'select',
      paths: ['data'],
      label: 'Data',
      options: dataChoices.map(({ value, label }) => ({ value, label })),
      get: (e) => e.data.kind,
      set: (draft, value) => {
        draft.data = structuredClone(dataChoices.find((choice) => choice.value === value)!.data);
      },
    } satisfies SelectField,
    {
      type: 'select',
      paths: ['objective', 'discriminator.kind'],
      label: 'Objective',
      options: objectiveChoices.map(({ value, label }) => ({ value, label })),
      get: objectiveChoice,
      set: applyObjective,
    } satisfies SelectField,
  ];
  if (objective.kind === 'f-gan') {
    fields.push(selectAt('objective.divergence', 'Divergence f', divergenceList.map((divergence) => ({ value: divergence.id, label: divergence.name }))));
  }
  if (experiment.data.kind === 'points') fields.push(numberAt('data.spread', 'Spread of each drawn point'));
  if (objective.kind === 'wasserstein' && objective.constraint.kind === 'clip') fields.push(numberAt('objective.constraint.c', 'Clip c'));
  if (objective.kind === 'wasserstein' && objective.constraint.kind === 'gradient-penalty') {
    fields.push(numberAt('objective.constraint.weight', 'Penalty weight λ'));
  }
  if ('r1Weight' in objective) fields.push(numberAt('objective.r1Weight', 'R1 weight γ'));
  if (objective.kind === 'energy') fields.push(numberAt('objective.margin', 'Margin m'));
  if (experiment.discriminator.kind === 'mlp') {
    fields.push({
      type: 'select',
      paths: ['discriminator.spectralNorm'],
      label: 'Spectral normalisation (D)',
      options: [
        { value: 'off', label: 'off' },
        { value: 'on', label: 'on (1 power iteration)' },
      ],
      get: (e) => (e.discriminator.spectralNorm ? 'on' : 'off'),
      set: (draft, value) => {
        if (value === 'on') draft.discriminator.spectralNorm = { powerIterations: 1 };
        else delete draft.discriminator.spectralNorm;
      },
    });
  }
  if (experiment.discriminator.kind === 'mlp') {
    fields.push(
      numberAt('discriminator.packing', 'Packing m (PacGAN)', {
        hint: 'D scores m samples at a time; 1 = off.',
        get: (e) => e.discriminator.packing ?? 1,
        set: (draft, value) => {
          if (value === 1) delete draft.discriminator.packing;
          else draft.discriminator.packing = value;
        },
      }),
    );
  }
  if (experiment.generator.kind === 'mlp') {
    fields.push({
      type: 'select',
      paths: ['reconstruction'],
      label: 'Encoder and reconstruction (against dropping)',
      options: [
        { value: 'off', label: 'off' },
        { value: 'on', label: 'on' },
      ],
      get: (e) => (e.reconstruction ? 'on' : 'off'),
      set: (draft, value) => {
        if (value === 'on') draft.reconstruction = ReconstructionSchema.parse({});
        else delete draft.reconstruction;
      },
    });
    if (experiment.reconstruction) fields.push(numberAt('reconstruction.weight', 'Reconstruction weight λ'), numberAt('reconstruction.codeWeight', 'Code weight μ'));
  }
  if (['minimax', 'non-saturating', 'least-squares'].includes(objective.kind)) {
    fields.push(numberAt('training.realLabel', 'Real label (one-sided smoothing)', { hint: '1 = none; Salimans et al. use 0.9.' }));
  }
  fields.push(
    selectAt('optimizers.discriminator.kind', 'D optimiser', optimizerOptions),
    numberAt('optimizers.discriminator.learningRate', 'D learning rate'),
    selectAt('optimizers.generator.kind', 'G optimiser', optimizerOptions),
    numberAt('optimizers.generator.learningRate', 'G learning rate'),
    numberAt('optimizers.discriminator.beta1', 'Adam β₁ (D)'),
    numberAt('optimizers.generator.beta1', 'Adam β₁ (G)'),
    numberAt('training.discriminatorSteps', 'k (D steps per G step)'),
    numberAt('training.batchSize', 'Batch size'),
    ...architectureFieldsFor(['generator']),
    ...architectureFieldsFor(['discriminator']),
    numberAt('training.steps', 'Steps'),
  );
  return fields;
}

/** The preset whose experiment equals this one (seed aside), if any. */
export function presetOf(experiment: Experiment): string {
  const key = (e: Experiment) => JSON.stringify({ ...e, seed: 0 });
  return playgroundPresets.find((preset) => key(preset.experiment) === key(experiment))?.id ?? 'custom';
}

export const createPlayground: WidgetFactory = (context) => {
  let drawing: PointDrawing | null = null;
  const plane = createPlaneGan(context, {
    planeOverlay({ layer, x, y, size, plot }) {
      drawing = createPointDrawing(layer, x, y, size, plot);
      return drawing;
    },
    snapshotRequest(experiment) {
      const extent = planeExtent(experiment);
      return { ...playgroundSnapshot, discriminatorGrid: { x: [-extent, extent, 40], y: [-extent, extent, 40] } };
    },
    quickControls(host) {
      renderFields(host, [
        {
          type: 'select',
          paths: ['preset'],
          label: 'Preset',
          options: [...playgroundPresets.map(({ id, label }) => ({ value: id, label })), { value: 'custom', label: 'custom settings' }],
          get: presetOf,
          set: (draft, value) => {
            const preset = playgroundPresets.find((candidate) => candidate.id === value);
            if (preset) Object.assign(draft, structuredClone(preset.experiment), { seed: draft.seed });
          },
        },
      ]);
      const toolbar = drawing?.toolbar(host);
      if (toolbar) host.panel.append(toolbar);
    },
    controls(host) {
      renderFields(host, playgroundFields(host.experiment));
    },
    describe(run) {
      const estimate = run.snapshot?.wassersteinEstimate;
      const preset = playgroundPresets.find((candidate) => candidate.id === presetOf(run.experiment));
      return [
        preset ? `Preset: ${preset.label}.` : '',
        run.experiment.objective.kind === 'wasserstein' && Number.isFinite(estimate)
          ? `The critic's estimate of W₁ (E_P D − E_Q D on 1000 samples each): ${formatNumber(estimate!, 3)}.`
          : '',
      ]
        .filter(Boolean)
        .join(' ');
    },
  });
  return plane;
};
