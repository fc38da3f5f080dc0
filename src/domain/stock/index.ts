export * from './stock.values';
export * from './stock.events';
export * from './stock.commands';
export * from './stock.errors';
export { initialStockState, evolve as evolveStock, available, atp, isLowStock, isOutOfStock, openReservation, openReservations } from './stock.state';
export type { StockState, OpenReservation } from './stock.state';
export { decide as decideStock, stockDecider } from './stock.decider';
export * from './stock.stream';
export * from './stock.upcasters';
