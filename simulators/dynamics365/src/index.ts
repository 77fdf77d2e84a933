export * from './dataverse-simulator';
export * from './dataverse-store';
