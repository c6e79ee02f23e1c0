/** The f-divergence registry, its evaluators and W₁. See registry.ts and evaluate.ts. */
export * from './registry';
export * from './evaluate';
export { lambertW, lambertWOfExp } from './numeric';
