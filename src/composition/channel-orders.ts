import { Config } from '../config';
import { ChannelOrders, channelOrders } from '../infrastructure/channels/channel-orders';
import { magentoOrders } from '../infrastructure/channels/magento-orders';
import { shopifyOrders } from '../infrastructure/channels/shopify-orders';
import { wooCommerceOrders } from '../infrastructure/channels/woocommerce-orders';

/** Each storefront platform whose credentials are set; the others are not configured. */
export const channelOrdersOf = (config: Config): ChannelOrders =>
  channelOrders({
    ...(config.OMS_SHOPIFY_SHOP && config.OMS_SHOPIFY_ADMIN_TOKEN
      ? { shopify: shopifyOrders({ shop: config.OMS_SHOPIFY_SHOP, token: config.OMS_SHOPIFY_ADMIN_TOKEN }) }
      : {}),
    ...(config.OMS_WOOCOMMERCE_URL && config.OMS_WOOCOMMERCE_CONSUMER_KEY && config.OMS_WOOCOMMERCE_CONSUMER_SECRET
      ? {
          woocommerce: wooCommerceOrders({
            url: config.OMS_WOOCOMMERCE_URL,
            consumerKey: config.OMS_WOOCOMMERCE_CONSUMER_KEY,
            consumerSecret: config.OMS_WOOCOMMERCE_CONSUMER_SECRET,
          }),
        }
      : {}),
    ...(config.OMS_MAGENTO_URL && config.OMS_MAGENTO_TOKEN ? { magento: magentoOrders({ baseUrl: config.OMS_MAGENTO_URL, token: config.OMS_MAGENTO_TOKEN }) } : {}),
  });
