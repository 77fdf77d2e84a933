export * from './key-ring';
export * from './secret-sealer';
