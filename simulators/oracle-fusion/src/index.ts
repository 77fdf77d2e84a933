export * from './oracle-fusion-simulator';
