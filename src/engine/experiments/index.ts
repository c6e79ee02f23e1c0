/** The experiments room: the schema, the figure registry, and experiments in URLs. */
export * from './schema';
export * from './figures';
export * from './url';
