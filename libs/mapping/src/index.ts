export * from './entity-mapper';
export * from './tenant-rules';
export * from './canonical-event-router';
export * from './expression-references';
