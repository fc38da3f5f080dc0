import { productDecider } from '../domain/catalog';
import { locationDecider } from '../domain/location';
import { orderDecider } from '../domain/order';
import { stockDecider } from '../domain/stock';
import { EventStore } from '../infrastructure/eventstore/event-store';
import { CommandHandler, CommandHandlerOptions } from './command-handler';

/** One handler per aggregate type, all over the same event store. */
export const createCommandHandlers = (store: EventStore, options: CommandHandlerOptions = {}) => ({
  orders: new CommandHandler(store, orderDecider, options),
  stock: new CommandHandler(store, stockDecider, options),
  products: new CommandHandler(store, productDecider, options),
  locations: new CommandHandler(store, locationDecider, options),
});

export type CommandHandlers = ReturnType<typeof createCommandHandlers>;
