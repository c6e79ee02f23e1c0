/** What figures draw, as small pure functions over a session's state. A snapshot is a record of their outputs. */
export { gridAxis, gridPoints, inputGradientNormsOnGrid, type AxisSpec } from './grid';
export { layerSingularValues, weightGradientNorms } from './layers';
export { activationGradientNorms, type OffsetNetwork } from './activations';
