export * from './oracle-fusion-connector';
