export * from './test-stack';
export * from './wait-until';
export * from './test-kafka';
export * from './ferry-processes';
export * from './tenant-onboarding';
export * from './sample-events';
export * from './ferry-environment';
