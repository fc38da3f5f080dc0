import { at, orderIdOf, OrderStory } from './order-story';

/** The orders of a busy week, by what happens to them. */
export const ORDERS = {
  /** web, day 3: 2 x SKU-A + 1 x SKU-B from east, shipped day 4, delivered day 6. */
  delivered: orderIdOf(1),
  /** marketplace, day 3: 5 x SKU-A split 3 east (F1, shipped day 5) + 2 west (F2, picked). */
  split: orderIdOf(2),
  /** web, day 4: 1 x SKU-C, which no location stocks: backordered. */
  backordered: orderIdOf(3),
  /** web, day 4: 1 x SKU-B allocated east, then cancelled day 5. */
  cancelled: orderIdOf(4),
  /** phone, day 5: 2 x SKU-B allocated west, then held. */
  held: orderIdOf(5),
  /** web, day 5: SKU-X is not in the catalog: rejected. */
  rejected: orderIdOf(6),
  /** web, day 5: 1 x SKU-A, the card is declined. */
  paymentFailed: orderIdOf(7),
} as const;

/** Prices: SKU-A 10.00, SKU-B 5.00, SKU-C 20.00; shipping 5.00 on every order. */
export async function busyWeek(story: OrderStory): Promise<void> {
  await story.product('SKU-A', 1000);
  await story.product('SKU-B', 500);
  await story.product('SKU-C', 2000);
  await story.location('east', 1);
  await story.location('west', 2);
  await story.policy('east', 'SKU-A', { safetyStock: 1, lowStockThreshold: 3, leadTimeDays: 5, bin: 'E-A1' });
  await story.policy('east', 'SKU-B', { bin: 'E-B1' });
  await story.policy('west', 'SKU-A', { bin: 'W-A1' });
  await story.receive('east', 'SKU-A', 10);
  await story.receive('east', 'SKU-B', 10);
  await story.receive('west', 'SKU-A', 10);
  await story.receive('west', 'SKU-B', 10);

  const o = ORDERS;
  await story.authorized(o.delivered, { at: at(3, 0), lines: [{ sku: 'SKU-A', quantity: 2 }, { sku: 'SKU-B', quantity: 1 }] });
  await story.allocate(o.delivered, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 2 }, { lineId: 'L2', locationId: 'east', quantity: 1 }], at(3, 5));

  await story.authorized(o.split, { at: at(3, 30), channel: 'marketplace', customerId: 'cust-2', lines: [{ sku: 'SKU-A', quantity: 5 }] });
  await story.allocate(o.split, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 3 }], at(3, 35));
  await story.allocate(o.split, 'a2', [{ lineId: 'L1', locationId: 'west', quantity: 2 }], at(4, 0));

  await story.shipped(o.delivered, 'F1', at(4, 60));

  await story.authorized(o.backordered, { at: at(4, 10), lines: [{ sku: 'SKU-C', quantity: 1 }] });
  await story.allocate(o.backordered, 'a1', [], at(4, 11));

  await story.authorized(o.cancelled, { at: at(4, 20), lines: [{ sku: 'SKU-B', quantity: 1 }] });
  await story.allocate(o.cancelled, 'a1', [{ lineId: 'L1', locationId: 'east', quantity: 1 }], at(4, 21));

  await story.shipped(o.split, 'F1', at(5, 0));
  await story.pick(o.split, 'F2', at(5, 5));
  await story.cancel(o.cancelled, 'customer changed their mind', at(5, 10));

  await story.authorized(o.held, { at: at(5, 20), channel: 'phone', customerId: 'cust-3', lines: [{ sku: 'SKU-B', quantity: 2 }] });
  await story.allocate(o.held, 'a1', [{ lineId: 'L1', locationId: 'west', quantity: 2 }], at(5, 21));
  await story.hold(o.held, 'address check', at(5, 22));

  await story.place(o.rejected, { at: at(5, 30), lines: [{ sku: 'SKU-X', quantity: 1, unitPrice: 100 }] });
  await story.validate(o.rejected, at(5, 31));

  await story.place(o.paymentFailed, { at: at(5, 40), lines: [{ sku: 'SKU-A', quantity: 1 }] });
  await story.validate(o.paymentFailed, at(5, 41));
  await story.failPayment(o.paymentFailed, at(5, 42));

  await story.deliver(o.delivered, 'F1', at(6, 0));
}
