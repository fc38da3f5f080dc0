export * from './location.values';
export * from './location.events';
export * from './location.commands';
export * from './location.errors';
export { initialLocationState, evolve as evolveLocation } from './location.state';
export type { LocationState } from './location.state';
export { decide as decideLocation, locationDecider } from './location.decider';
export * from './location.stream';
