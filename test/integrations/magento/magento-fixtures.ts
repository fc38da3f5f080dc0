import { StoredMagentoOrder } from './magento-server';

/**
 * A Magento 2 order as `GET /rest/V1/orders` lists it (the sales order
 * entity with its items, billing address, payment and shipping assignment).
 */
export function magentoOrder(overrides: Partial<StoredMagentoOrder> & { entity_id: number; updated_at: string }): StoredMagentoOrder {
  const address = {
    address_type: 'shipping',
    city: 'Calder',
    country_id: 'US',
    email: 'roni_cost@example.com',
    entity_id: overrides.entity_id * 2,
    firstname: 'Veronica',
    lastname: 'Costello',
    parent_id: overrides.entity_id,
    postcode: '49628-7978',
    region: 'Michigan',
    region_code: 'MI',
    region_id: 33,
    street: ['6146 Honey Bluff Parkway'],
    telephone: '(555) 229-3326',
  };
  return {
    base_currency_code: 'USD',
    base_discount_amount: -4.5,
    base_grand_total: 45.5,
    created_at: overrides.updated_at,
    customer_email: 'roni_cost@example.com',
    customer_firstname: 'Veronica',
    customer_id: 1,
    customer_is_guest: 0,
    customer_lastname: 'Costello',
    discount_amount: -4.5,
    grand_total: 45.5,
    increment_id: String(overrides.entity_id).padStart(9, '0'),
    order_currency_code: 'USD',
    shipping_amount: 10,
    shipping_description: 'Flat Rate - Fixed',
    state: 'new',
    status: 'pending',
    store_id: 1,
    subtotal: 40,
    tax_amount: 0,
    total_item_count: 1,
    total_qty_ordered: 2,
    items: [
      {
        item_id: overrides.entity_id * 10,
        order_id: overrides.entity_id,
        sku: 'MJ01-M-Red',
        name: 'Beaumont Summit Kit',
        product_type: 'simple',
        qty_ordered: 2,
        price: 20,
        original_price: 20,
        discount_amount: 4.5,
        row_total: 40,
      },
    ],
    billing_address: { ...address, address_type: 'billing' },
    payment: { account_status: null, additional_information: ['Check / Money order'], method: 'checkmo', amount_ordered: 45.5 },
    extension_attributes: {
      shipping_assignments: [{ shipping: { address, method: 'flatrate_flatrate', total: { shipping_amount: 10 } }, items: [] }],
    },
    ...overrides,
  };
}
