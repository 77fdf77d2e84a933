export * from './sap-s4-simulator';
