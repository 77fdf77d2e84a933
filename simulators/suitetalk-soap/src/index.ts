export * from './suitetalk-simulator';
