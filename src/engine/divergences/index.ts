/**
 * The f-divergence registry (registry.ts), its evaluators and W₁ (evaluate.ts).
 * Free of TensorFlow.js, so pages that only draw or evaluate stay light. For training, import the
 * tensor forms of g_f and f*∘g_f from './tensor' (activationTensor, conjugateOfActivationTensor).
 */
export * from './registry';
export * from './evaluate';
export { lambertW, lambertWOfExp } from './numeric';
