import { z } from 'zod';
import { notFound } from '../problem';
import { defineRoute } from '../route';
import { CustomerView } from '../schemas/customer.responses';
import { RouteDependencies } from './route-dependencies';

export const customerRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'get',
    path: '/customers/{customerId}',
    summary: "A customer: contact details, order count, lifetime value, open orders (a channel's key sees its channel's orders only)",
    tag: 'Orders',
    roles: ['analyst', 'admin', 'client'],
    params: z.object({ customerId: z.string().min(1).max(128) }).strict(),
    success: { status: 200, description: 'The customer', schema: CustomerView },
    async handle({ params, context }) {
      const customer = await deps.queries.customers.get(params.customerId, context.principal?.channel ?? null);
      if (!customer) throw notFound(`no customer ${params.customerId}`);
      return { status: 200, body: customer };
    },
  }),
];
