export * from './sap-s4-connector';
