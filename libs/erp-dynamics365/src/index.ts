export * from './dynamics365-connector';
