export * from './order.values';
export * from './order.events';
export * from './order.commands';
export * from './order.errors';
export * from './fulfillment-status';
export * from './payment-status';
export * from './order.status';
export { initialOrderState, evolve as evolveOrder, notificationKey } from './order.state';
export type {
  Capture,
  FulfillmentState,
  Order,
  OrderLineState,
  OrderState,
  OrderValidation,
  PaymentState,
} from './order.state';
export { decide as decideOrder, orderDecider } from './order.decider';
export * from './order-validation';
export * from './order-totals';
export * from './shipping-rates';
export * from './order.stream';
export * from './order-next-steps';
export * from './order-pricing';
export * from './order-amounts';
export { closedAs } from './order-guards';
export * from './order.upcasters';
