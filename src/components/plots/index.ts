/** Plot primitives: small marks on shared d3 scales. */
export * from './frame';
export * from './axes';
export * from './marks';
export * from './symbols';
export * from './heatmap';
export * from './legend';
export * from './palette';
export * from './format';
export * from './handles';
export * from './contour';
export * from './layout';
