import { z } from 'zod';
import { CurrencyCode, Quantity, Sku } from '../../domain/kernel/value-objects';
import { parcelsFor } from '../../commands/shipping/parcels';
import { HttpProblem } from '../problem';
import { defineRoute } from '../route';
import { RouteDependencies } from './route-dependencies';
import { ShippingAddressBody } from './schemas';


const QuoteBody = z
  .object({
    lines: z.array(z.object({ sku: Sku, quantity: Quantity }).strict()).min(1).max(500),
    shippingAddress: ShippingAddressBody,
    currency: CurrencyCode,
  })
  .strict();

const QuoteView = z.object({
  carrier: z.string(),
  service: z.string().meta({ description: "One of ours (standard, express, next_day, pickup) or the carrier's own service name" }),
  amount: z.number().int().meta({ description: 'Minor units of `currency`' }),
  currency: z.string(),
  estimatedDeliveryDate: z.string().meta({ format: 'date' }).nullable(),
});

export const shippingRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'post',
    path: '/shipping/quotes',
    summary: 'What shipping these lines to this address would cost, from every configured carrier, cheapest first',
    tag: 'Shipping',
    roles: ['client', 'admin'],
    body: QuoteBody,
    success: { status: 200, description: 'Quotes; nothing is bought', schema: z.object({ quotes: z.array(QuoteView) }) },
    async handle({ body }) {
      const products = await Promise.all(body.lines.map((line) => deps.queries.catalog.product(line.sku)));
      const unknown = body.lines.flatMap((line, i) => (products[i]?.active ? [] : [{ path: `lines.${i}.sku`, message: `${line.sku} is not an active product` }]));
      if (unknown.length > 0) {
        throw new HttpProblem(400, 'Bad Request', 'every line must name an active product', { code: 'SHIPPING.UNKNOWN_SKU', errors: unknown });
      }
      // Parcels leave from the warehouse allocation prefers: the one a quote can know of before an order exists.
      const { items } = await deps.queries.catalog.locations({ active: true }, { limit: 500 });
      const from = items.find((location) => location.kind === 'warehouse');
      if (!from) {
        throw new HttpProblem(409, 'Conflict', 'no active warehouse to ship from', { code: 'SHIPPING.NO_WAREHOUSE' });
      }
      const units = body.lines.reduce((sum, line) => sum + line.quantity, 0);
      const quotes = await deps.quoteShipping({
        shipFrom: { locationId: from.locationId, name: from.name, ...from.address },
        shipTo: { ...body.shippingAddress, country: body.shippingAddress.country.toUpperCase() },
        parcels: parcelsFor(units),
        currency: body.currency,
      });
      return { status: 200, body: { quotes } };
    },
  }),
];
