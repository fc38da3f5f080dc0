import { hmacSha256 } from '../../src/http/webhook-signature';

/*
 * Webhook deliveries as Shopify and WooCommerce send them, written from their
 * documentation: the Order resource of Shopify's REST Admin API (orders/create,
 * orders/cancelled) and the wc/v3 order of WooCommerce (order.created,
 * order.updated), with their signature and delivery headers. The bodies are
 * JSON text, not objects: ids above 2^53 must reach the OMS digit for digit.
 */

export const SHOPIFY_SECRET = 'shpss_test_0f3b9c2a7d1e4b68a5c0';
export const WOOCOMMERCE_SECRET = 'wc_test_secret_5e1d7a9c3b2f';

/** 2^53 is 9007199254740992: every id here is far above it, and differs from its neighbours only past the 16th digit. */
let counter = 0;
export const bigPlatformId = (): string => `92233720368547${String(75000 + ++counter).padStart(5, '0')}`;

export type StorefrontLine = { sku: string | null; quantity: number; price: string };

export type ShopifyOrderOptions = {
  id?: string;
  lines?: StorefrontLine[];
  cancelled?: boolean;
  withAddress?: boolean;
  totalPrice?: string;
  totalTax?: string;
  shipping?: string;
  currency?: string;
};

/** The documented order: 2 x 99.00 and 1 x 40.00, a 5.00 discount code, 10.00 shipping, 19.23 tax: 262.23 paid. */
export const shopifyOrderJson = (options: ShopifyOrderOptions = {}): string => {
  const id = options.id ?? bigPlatformId();
  const lines = options.lines ?? [
    { sku: 'SKU-A', quantity: 2, price: '99.00' },
    { sku: 'SKU-B', quantity: 1, price: '40.00' },
  ];
  const currency = options.currency ?? 'USD';
  const address = `{
      "first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace", "company": null,
      "address1": "12 Analytical Row", "address2": "Apt 3", "city": "Springfield",
      "province": "Illinois", "province_code": "IL", "zip": "62701",
      "country": "United States", "country_code": "US", "phone": "+15555550100",
      "latitude": 39.7817, "longitude": -89.6501
    }`;
  const lineItems = lines.map(
    (line, i) => `{
      "id": ${id.slice(0, -2)}${String(10 + i)}, "admin_graphql_api_id": "gid://shopify/LineItem/${id.slice(0, -2)}${String(10 + i)}",
      "variant_id": 48127736651801${i}, "product_id": 9021450428711${i}, "title": "Product ${i + 1}", "name": "Product ${i + 1}",
      "sku": ${line.sku === null ? 'null' : `"${line.sku}"`}, "vendor": "Acme", "quantity": ${line.quantity}, "current_quantity": ${line.quantity},
      "fulfillable_quantity": ${line.quantity}, "fulfillment_status": null, "gift_card": false, "grams": 500,
      "price": "${line.price}", "price_set": {"shop_money": {"amount": "${line.price}", "currency_code": "${currency}"},
      "presentment_money": {"amount": "${line.price}", "currency_code": "${currency}"}},
      "requires_shipping": true, "taxable": true, "total_discount": "0.00",
      "discount_allocations": [{"amount": "2.50", "discount_application_index": 0}],
      "tax_lines": [{"title": "IL State Tax", "price": "9.61", "rate": 0.0825}]
    }`,
  );
  return `{
  "id": ${id},
  "admin_graphql_api_id": "gid://shopify/Order/${id}",
  "app_id": 580111,
  "browser_ip": "203.0.113.7",
  "buyer_accepts_marketing": false,
  "cancel_reason": ${options.cancelled ? '"customer"' : 'null'},
  "cancelled_at": ${options.cancelled ? '"2026-03-02T11:05:00-05:00"' : 'null'},
  "confirmed": true,
  "contact_email": "ada@example.com",
  "created_at": "2026-03-02T10:00:00-05:00",
  "currency": "${currency}",
  "current_total_price": "${options.totalPrice ?? '262.23'}",
  "discount_applications": [{"target_type": "line_item", "type": "discount_code", "value": "5.0", "value_type": "fixed_amount", "allocation_method": "across", "target_selection": "all", "code": "SPRING5"}],
  "discount_codes": [{"code": "SPRING5", "amount": "5.00", "type": "fixed_amount"}],
  "email": "ada@example.com",
  "financial_status": "paid",
  "fulfillment_status": null,
  "name": "#1001",
  "note": "Leave at the door",
  "number": 1,
  "order_number": 1001,
  "payment_gateway_names": ["shopify_payments"],
  "phone": null,
  "presentment_currency": "${currency}",
  "processed_at": "2026-03-02T10:00:00-05:00",
  "source_name": "web",
  "subtotal_price": "233.00",
  "tags": "",
  "taxes_included": false,
  "test": false,
  "total_discounts": "5.00",
  "total_line_items_price": "238.00",
  "total_price": "${options.totalPrice ?? '262.23'}",
  "total_tax": "${options.totalTax ?? '19.23'}",
  "total_weight": 1500,
  "updated_at": "2026-03-02T10:00:01-05:00",
  "billing_address": ${address},
  "customer": {
    "id": ${id.slice(0, -4)}7777, "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
    "phone": null, "state": "enabled", "currency": "${currency}", "verified_email": true,
    "admin_graphql_api_id": "gid://shopify/Customer/${id.slice(0, -4)}7777"
  },
  "line_items": [${lineItems.join(',')}],
  "shipping_address": ${options.withAddress === false ? 'null' : address},
  "shipping_lines": [{
    "id": ${id.slice(0, -3)}555, "carrier_identifier": null, "code": "Standard", "discounted_price": "${options.shipping ?? '10.00'}",
    "price": "${options.shipping ?? '10.00'}", "source": "shopify", "title": "Standard", "tax_lines": [], "discount_allocations": []
  }],
  "refunds": [],
  "fulfillments": []
}`;
};

export type ShopifyTopic = 'orders/create' | 'orders/cancelled' | 'orders/updated';

/** The headers Shopify sends with a delivery: topic, shop, API version, webhook id and the signature of the body. */
export const shopifyHeaders = (body: string, topic: ShopifyTopic, webhookId: string, secret = SHOPIFY_SECRET) => ({
  'Content-Type': 'application/json',
  'X-Shopify-Topic': topic,
  'X-Shopify-Hmac-Sha256': hmacSha256(secret, body, 'base64'),
  'X-Shopify-Shop-Domain': 'oms-test.myshopify.com',
  'X-Shopify-API-Version': '2025-07',
  'X-Shopify-Webhook-Id': webhookId,
  'X-Shopify-Triggered-At': '2026-03-02T15:00:01.000Z',
});

export type WooCommerceOrderOptions = {
  id?: string;
  status?: string;
  lines?: { sku: string | null; quantity: number; subtotal: string; total: string }[];
  withAddress?: boolean;
  total?: string;
};

/** The documented order: 2 x 99.00 and 1 x 40.00, a 10.00 coupon, 4.90 flat-rate shipping, 15.30 tax: 248.20 paid. */
export const wooCommerceOrderJson = (options: WooCommerceOrderOptions = {}): string => {
  const id = options.id ?? bigPlatformId();
  const lines = options.lines ?? [
    { sku: 'SKU-A', quantity: 2, subtotal: '198.00', total: '190.00' },
    { sku: 'SKU-B', quantity: 1, subtotal: '40.00', total: '38.00' },
  ];
  const person = (withEmail: boolean) => `{
    "first_name": "Grace", "last_name": "Hopper", "company": "",
    "address_1": ${options.withAddress === false ? '""' : '"7 Compiler Lane"'}, "address_2": "",
    "city": "Arlington", "state": "VA", "postcode": ${options.withAddress === false ? '""' : '"22201"'}, "country": "US",
    ${withEmail ? '"email": "grace@example.com",' : ''} "phone": "+15555550111"
  }`;
  const lineItems = lines.map(
    (line, i) => `{
      "id": ${315 + i}, "name": "Product ${i + 1}", "product_id": ${93 + i}, "variation_id": 0, "quantity": ${line.quantity},
      "tax_class": "", "subtotal": "${line.subtotal}", "subtotal_tax": "0.00", "total": "${line.total}", "total_tax": "0.00",
      "taxes": [], "meta_data": [], "sku": ${line.sku === null ? 'null' : `"${line.sku}"`},
      "price": ${Number(line.total) / line.quantity}, "image": {"id": "", "src": ""}, "parent_name": null
    }`,
  );
  return `{
  "id": ${id},
  "parent_id": 0,
  "status": "${options.status ?? 'processing'}",
  "currency": "USD",
  "version": "9.1.2",
  "prices_include_tax": false,
  "date_created": "2026-03-02T10:00:00",
  "date_modified": "2026-03-02T10:00:02",
  "discount_total": "10.00",
  "discount_tax": "0.00",
  "shipping_total": "4.90",
  "shipping_tax": "0.00",
  "cart_tax": "15.30",
  "total": "${options.total ?? '248.20'}",
  "total_tax": "15.30",
  "customer_id": 12,
  "order_key": "wc_order_Zx81hQpL0aTmB",
  "billing": ${person(true)},
  "shipping": ${person(false)},
  "payment_method": "stripe",
  "payment_method_title": "Credit Card (Stripe)",
  "transaction_id": "ch_3Ot0aX2eZvKYlo2C1",
  "customer_ip_address": "203.0.113.9",
  "customer_user_agent": "Mozilla/5.0",
  "created_via": "checkout",
  "customer_note": "Ring twice",
  "date_completed": null,
  "date_paid": "2026-03-02T10:00:02",
  "cart_hash": "4a7f0c1e9b2d",
  "number": "${id}",
  "meta_data": [],
  "line_items": [${lineItems.join(',')}],
  "tax_lines": [{"id": 318, "rate_code": "US-VA-TAX-1", "rate_id": 1, "label": "Tax", "compound": false, "tax_total": "15.30", "shipping_tax_total": "0.00", "meta_data": []}],
  "shipping_lines": [{"id": 316, "method_title": "Flat rate", "method_id": "flat_rate", "instance_id": "1", "total": "4.90", "total_tax": "0.00", "taxes": [], "meta_data": []}],
  "fee_lines": [],
  "coupon_lines": [{"id": 317, "code": "welcome10", "discount": "10.00", "discount_tax": "0.00", "meta_data": []}],
  "refunds": [],
  "currency_symbol": "$",
  "_links": {"self": [{"href": "https://shop.example.com/wp-json/wc/v3/orders/${id}"}], "collection": [{"href": "https://shop.example.com/wp-json/wc/v3/orders"}]}
}`;
};

export type WooCommerceTopic = 'order.created' | 'order.updated' | 'order.deleted';

/** The headers WooCommerce sends with a delivery: source, topic, resource, event, signature, webhook and delivery ids. */
export const wooCommerceHeaders = (body: string, topic: WooCommerceTopic, deliveryId: string, secret = WOOCOMMERCE_SECRET) => ({
  'Content-Type': 'application/json',
  'User-Agent': 'WooCommerce/9.1.2 Hookshot (WordPress/6.6.1)',
  'X-WC-Webhook-Source': 'https://shop.example.com/',
  'X-WC-Webhook-Topic': topic,
  'X-WC-Webhook-Resource': topic.split('.')[0]!,
  'X-WC-Webhook-Event': topic.split('.')[1]!,
  'X-WC-Webhook-Signature': hmacSha256(secret, body, 'base64'),
  'X-WC-Webhook-ID': '3',
  'X-WC-Webhook-Delivery-ID': deliveryId,
});
