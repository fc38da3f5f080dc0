import { z } from 'zod';

const Instant = z.string().meta({ format: 'date-time' });

/** What GET /customers/{customerId} answers, for the OpenAPI document. */
export const CustomerView = z
  .object({
    customerId: z.string(),
    email: z.string().meta({ description: 'As the latest order gave it' }),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    ordersCount: z.number().int(),
    lifetimeValue: z.record(z.string(), z.number().int()).meta({
      description:
        'By ISO 4217 currency, in minor units: the grand totals of the orders that were not cancelled, rejected or refused at payment',
    }),
    firstOrderAt: Instant,
    lastOrderAt: Instant,
    openOrders: z.number().int().meta({ description: 'Orders neither delivered nor cancelled, rejected or refused at payment' }),
    returnsCount: z.number().int(),
  })
  .loose();
