import { productDecider, productFamilyDecider } from '../domain/catalog';
import { locationDecider } from '../domain/location';
import { orderDecider } from '../domain/order';
import { Decider, DomainEvent } from '../domain/kernel/decider';
import { stockDecider } from '../domain/stock';
import { locationEvents, orderEvents, productEvents, productFamilyEvents, stockEvents } from '../infrastructure/eventstore/event-decoders';
import { EventStore } from '../infrastructure/eventstore/event-store';
import { AggregateRepository, EventSourcedRepository, StreamCodec } from './aggregate-repository';
import { CachingRepository, StreamCacheOptions } from './caching-repository';
import { CommandHandler, CommandHandlerOptions } from './command-handler';

export type CommandHandlersOptions = CommandHandlerOptions & {
  /** Keep the latest state of recently used streams in memory (see CachingRepository); without it every command reads its whole stream. */
  streamCache?: StreamCacheOptions;
};

/** One handler per aggregate type, all over the same event store. */
export const createCommandHandlers = (store: EventStore, options: CommandHandlersOptions = {}) => {
  const { streamCache, ...handlerOptions } = options;
  const handlerOf = <Command extends DomainEvent, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>, codec: StreamCodec<Event>) => {
    const repository: AggregateRepository<Event, State> = new EventSourcedRepository(store, decider, codec);
    return new CommandHandler(streamCache ? new CachingRepository(repository, streamCache) : repository, decider, handlerOptions, codec);
  };
  return {
    orders: handlerOf(orderDecider, orderEvents),
    stock: handlerOf(stockDecider, stockEvents),
    products: handlerOf(productDecider, productEvents),
    locations: handlerOf(locationDecider, locationEvents),
    productFamilies: handlerOf(productFamilyDecider, productFamilyEvents),
  };
};

export type CommandHandlers = ReturnType<typeof createCommandHandlers>;
