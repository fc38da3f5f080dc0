import { productDecider, productFamilyDecider } from '../domain/catalog';
import { locationDecider } from '../domain/location';
import { orderDecider } from '../domain/order';
import { stockDecider } from '../domain/stock';
import { locationEvents, orderEvents, productEvents, productFamilyEvents, stockEvents } from '../infrastructure/eventstore/event-decoders';
import { EventStore } from '../infrastructure/eventstore/event-store';
import { CommandHandler, CommandHandlerOptions } from './command-handler';

/** One handler per aggregate type, all over the same event store. */
export const createCommandHandlers = (store: EventStore, options: CommandHandlerOptions = {}) => ({
  orders: new CommandHandler(store, orderDecider, options, orderEvents),
  stock: new CommandHandler(store, stockDecider, options, stockEvents),
  products: new CommandHandler(store, productDecider, options, productEvents),
  locations: new CommandHandler(store, locationDecider, options, locationEvents),
  productFamilies: new CommandHandler(store, productFamilyDecider, options, productFamilyEvents),
});

export type CommandHandlers = ReturnType<typeof createCommandHandlers>;
