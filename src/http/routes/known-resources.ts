import { CommandHandlers } from '../../commands/command-handlers';
import { productStreamId } from '../../domain/catalog';
import { locationStreamId } from '../../domain/location';
import { notFound } from '../problem';

/**
 * A resource a request names must exist, read from its own stream so a
 * product or location registered a moment ago counts: stock received for a
 * SKU the catalog does not know, or at a location never registered, would be
 * phantom stock in available-to-promise and forecasts.
 */
export const knownResources = (handlers: CommandHandlers) => ({
  async product(sku: string): Promise<void> {
    const { state } = await handlers.products.load(productStreamId(sku));
    if (!state.exists) throw notFound(`no product ${sku}`);
  },
  async location(locationId: string): Promise<void> {
    const { state } = await handlers.locations.load(locationStreamId(locationId));
    if (!state.exists) throw notFound(`no location ${locationId}`);
  },
  async stockTarget(locationId: string, sku: string): Promise<void> {
    await this.location(locationId);
    await this.product(sku);
  },
});
