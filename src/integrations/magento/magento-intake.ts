import { v7 as uuidv7 } from 'uuid';
import { Logger } from '../../infrastructure/observability/logger';
import { WebhookReceipt } from '../intake/signed-webhook';
import { StorefrontIntake } from '../intake/storefront-order';
import { StorefrontAction, takeStorefrontDelivery } from '../intake/storefront-webhook';
import { MAGENTO_CANCELLED, magentoStorefrontOrder } from './magento-mapping';
import { MagentoOrder, MagentoOrderKey } from './magento-order';

export const MAGENTO = 'magento' as const;

const actionFor = (order: MagentoOrder): StorefrontAction =>
  order.state === MAGENTO_CANCELLED ? { kind: 'cancel', reason: `cancelled in Magento (order #${order.increment_id})` } : { kind: 'place' };

/**
 * Records one pulled Magento order through the storefront intake, as a
 * webhook delivery would: placed once, cancelled when Magento cancelled it.
 * The order's version (id and update time) names the delivery, so pulling
 * the same version again after a crash appends nothing new.
 */
export const magentoIntake =
  (intake: StorefrontIntake, logger: Logger) =>
  async (pulled: MagentoOrderKey): Promise<WebhookReceipt> => {
    const delivery = { platform: MAGENTO, deliveryId: `${pulled.entity_id}@${pulled.updated_at}`, correlationId: uuidv7() };
    const receipt = await takeStorefrontDelivery(intake, delivery, { payload: pulled, schema: MagentoOrder, map: magentoStorefrontOrder, action: actionFor });
    const fields = { entityId: pulled.entity_id, updatedAt: pulled.updated_at, ...receipt };
    if (receipt.outcome === 'ignored' || receipt.outcome === 'not_cancelled') logger.warn(fields, 'magento order not taken');
    else logger.debug(fields, 'magento order taken');
    return receipt;
  };
