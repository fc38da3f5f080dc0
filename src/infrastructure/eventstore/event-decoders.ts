import type { z } from 'zod';
import { ProductFamilyEvent } from '../../domain/catalog/family.events';
import { ProductEvent } from '../../domain/catalog/product.events';
import { LocationEvent } from '../../domain/location/location.events';
import { OrderEvent } from '../../domain/order/order.events';
import { orderUpcasters } from '../../domain/order/order.upcasters';
import { currentSchemaVersion, upcast, Upcasters } from '../../domain/kernel/upcasting';
import { StockEvent } from '../../domain/stock/stock.events';
import { stockUpcasters } from '../../domain/stock/stock.upcasters';
import type { StoredEvent } from './event-store';

type Event = { type: string; data: unknown };

/**
 * Reads stored events of one stream type as its domain events, and says at
 * which schema version each type is written. An event at its type's current
 * version is trusted as written (the decider produced it from a validated
 * command, and parsing every event would slow a replay several times); an
 * older one is upcast and then validated, so a shape nobody upcasts fails
 * loudly here instead of deep in a fold.
 */
export type EventCodec<E extends Event> = {
  schemaVersionOf(type: string): number;
  decode(stored: StoredEvent): StoredEvent<E>;
  /** Validates every event, current or not: for tests and audits, not for hot paths. */
  decodeStrictly(stored: StoredEvent): StoredEvent<E>;
};

const codecOf = <E extends Event>(schema: z.ZodType<E>, upcasters: Upcasters = {}): EventCodec<E> => {
  const schemaVersionOf = (type: string) => currentSchemaVersion(upcasters, type);
  const parse = (stored: StoredEvent): StoredEvent<E> => {
    const data = upcast(upcasters, stored.type, stored.metadata.schemaVersion, stored.data as Record<string, unknown>);
    return { ...stored, ...schema.parse({ type: stored.type, data }) };
  };
  return {
    schemaVersionOf,
    decode: (stored) => (stored.metadata.schemaVersion >= schemaVersionOf(stored.type) ? (stored as StoredEvent<E>) : parse(stored)),
    decodeStrictly: parse,
  };
};

export const orderEvents = codecOf(OrderEvent, orderUpcasters);
export const stockEvents = codecOf(StockEvent, stockUpcasters);
export const productEvents = codecOf(ProductEvent);
export const productFamilyEvents = codecOf(ProductFamilyEvent);
export const locationEvents = codecOf(LocationEvent);

export const decodeOrderEvent = orderEvents.decode;
export const decodeStockEvent = stockEvents.decode;
export const decodeProductEvent = productEvents.decode;
export const decodeProductFamilyEvent = productFamilyEvents.decode;
export const decodeLocationEvent = locationEvents.decode;

const codecByEventType = new Map<string, EventCodec<Event>>();
for (const [schema, codec] of [
  [OrderEvent, orderEvents],
  [StockEvent, stockEvents],
  [ProductEvent, productEvents],
  [ProductFamilyEvent, productFamilyEvents],
  [LocationEvent, locationEvents],
] as const) {
  for (const option of schema.options) codecByEventType.set(option.shape.type.value, codec);
}

/** Any stored event as today's schema reads it, whatever its stream (the audit log spans them all). */
export const decodeAnyEvent = (stored: StoredEvent): StoredEvent => codecByEventType.get(stored.type)?.decode(stored) ?? stored;

/** The schema version an event of this type is written at today (1 for a type no stream here writes). */
export const currentSchemaVersionOf = (type: string): number => codecByEventType.get(type)?.schemaVersionOf(type) ?? 1;
