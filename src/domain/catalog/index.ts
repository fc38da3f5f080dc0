export * from './product.values';
export * from './product.events';
export * from './product.commands';
export * from './product.errors';
export { initialProductState, evolve as evolveProduct } from './product.state';
export type { ProductState } from './product.state';
export { decide as decideProduct, productDecider } from './product.decider';
export * from './product.stream';
