/** Changes the figure shell proposes after a failure, for any experiment kind. */
import type { AnyExperiment } from './schema';

const tenth = (rate: number) => Math.max(1e-6, Number((rate / 10).toPrecision(3)));

/** A copy with every learning rate divided by ten (the way on after a divergence). */
export function withLowerLearningRates(experiment: AnyExperiment): AnyExperiment {
  const draft = structuredClone(experiment);
  switch (draft.kind) {
    case 'gan':
      for (const optimizer of [draft.optimizers.discriminator, draft.optimizers.generator]) optimizer.learningRate = tenth(optimizer.learningRate);
      break;
    case 'mine':
      draft.optimizer.learningRate = tenth(draft.optimizer.learningRate);
      break;
    case 'images':
      for (const optimizer of [draft.optimizers.discriminator, draft.optimizers.generator]) optimizer.learningRate = tenth(optimizer.learningRate);
      break;
    case 'game':
      draft.learningRates.generator = tenth(draft.learningRates.generator);
      draft.learningRates.discriminator = tenth(draft.learningRates.discriminator);
      break;
  }
  return draft;
}
