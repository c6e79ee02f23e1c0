/**
 * The readout's sentence about the latest losses, shared by the GAN figures in one and two
 * dimensions (a figure's module would pull in that figure's code for every figure that uses it).
 */
import type { StepMetrics } from '../../engine/worker/protocol';
import { formatNumber } from '../plots';

/** "Discriminator loss 1.21, generator loss 0.83." from the latest iteration, or nothing before the first step. */
export function lossText(metrics: readonly StepMetrics[]): string {
  const last = metrics[metrics.length - 1];
  if (!last) return '';
  return `Discriminator loss ${formatNumber(last.discriminatorLoss)}, generator loss ${formatNumber(last.generatorLoss)}.`;
}
