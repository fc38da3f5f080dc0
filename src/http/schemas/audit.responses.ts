import { z } from 'zod';
import { OrderView } from './order.responses';

const LoggedEvent = z.object({
  revision: z.number().int(),
  position: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: z
    .object({ occurredAt: z.string().meta({ format: 'date-time' }) })
    .loose()
    .meta({ description: 'Who acted (actor), the correlation and causation ids, and when' }),
});

export const OrderHistory = z
  .object({ orderId: z.string(), events: z.array(LoggedEvent) })
  .meta({ description: 'Every event of the order, oldest first' });

export const OrderStateAt = z
  .object({
    orderId: z.string(),
    revision: z.number().int().meta({ description: '-1 when nothing had happened yet' }),
    state: OrderView.nullable(),
  })
  .meta({ description: 'The order as it stood then, folded from its events' });

export const AuditLogPage = z.object({
  items: z.array(LoggedEvent.extend({ streamId: z.string() })),
  nextCursor: z.string().nullable(),
});
