import { z } from 'zod';

const Instant = z.string().meta({ format: 'date-time' });

const OptionValues = z.record(z.string(), z.string()).meta({ description: 'The value of each of the family options, e.g. {"Size": "M"}' });

export const ProductView = z
  .object({
    sku: z.string(),
    name: z.string(),
    unitPrice: z.number().int(),
    currency: z.string(),
    active: z.boolean(),
    productId: z.string().nullable().meta({ description: 'The product family this SKU is a variant of; null for a product on its own' }),
    optionValues: OptionValues.nullable(),
    updatedAt: Instant,
  })
  .meta({
    examples: [
      { sku: 'SKU-1', name: 'Widget', unitPrice: 1999, currency: 'USD', active: true, productId: null, optionValues: null, updatedAt: '2026-01-05T10:00:00.000Z' },
    ],
  });

const ExternalSkus = z
  .object({ shopify: z.string().optional(), woocommerce: z.string().optional(), magento: z.string().optional() })
  .meta({ description: 'What each storefront calls this variant: its variant id (as a string) or its SKU there' });

const ProductOption = z.object({ name: z.string(), values: z.array(z.string()) });

export const ProductFamilyView = z
  .object({
    productId: z.string(),
    name: z.string(),
    currency: z.string(),
    options: z.array(ProductOption),
    variants: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        unitPrice: z.number().int(),
        active: z.boolean(),
        optionValues: OptionValues,
        externalSkus: ExternalSkus,
      }),
    ),
    updatedAt: Instant,
  })
  .meta({
    examples: [
      {
        productId: 'TEE',
        name: 'T-shirt',
        currency: 'USD',
        options: [
          { name: 'Size', values: ['S', 'M', 'L'] },
          { name: 'Colour', values: ['Red', 'Blue'] },
        ],
        variants: [{ sku: 'TEE-M-RED', name: 'T-shirt M red', unitPrice: 1500, active: true, optionValues: { Size: 'M', Colour: 'Red' }, externalSkus: { shopify: '44012345678901' } }],
        updatedAt: '2026-01-05T10:00:00.000Z',
      },
    ],
  });

export const LocationView = z.object({
  locationId: z.string(),
  name: z.string(),
  kind: z.enum(['warehouse', 'store']),
  priority: z.number().int(),
  address: z.object({ country: z.string(), postalCode: z.string(), region: z.string().nullable(), city: z.string().nullable() }),
  active: z.boolean(),
  updatedAt: Instant,
});
