import type { Platform } from '../../domain/catalog';
import { PortError } from '../port-error';

/**
 * Cancel the storefront's copy of an order the OMS cancelled; `platformOrderId`
 * is the order's external ref, exactly as the storefront sent it. None of the
 * three REST cancel calls takes an idempotency key: repeating one cancels
 * nothing more, so the key is for adapters of platforms that take one.
 */
export type ChannelCancel = { platform: Platform; platformOrderId: string; reason: string; idempotencyKey: string };

/** `already_cancelled`: the storefront had cancelled it (ours or someone's earlier call): nothing left to do. */
export type ChannelCancelOutcome = 'cancelled' | 'already_cancelled';

/** Tells a sales channel what the OMS decided about the channel's orders. */
export interface ChannelOrders {
  cancel(request: ChannelCancel): Promise<ChannelCancelOutcome>;
}

/** One platform's side of the port. */
export type PlatformOrders = { cancel(request: Omit<ChannelCancel, 'platform'>): Promise<ChannelCancelOutcome> };

/** The platform answered 429 or 5xx, or did not answer: the same call may succeed later. */
export class ChannelUnavailable extends PortError {
  readonly code = 'CHANNEL.UNAVAILABLE';
  readonly transient = true;
  constructor(
    message: string,
    /** Seconds the platform asked us to wait, when it said. */
    readonly retryAfterSeconds: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The platform refused (bad credentials, unknown order, an order it will not cancel): retrying will not help. */
export class ChannelRejected extends PortError {
  readonly code = 'CHANNEL.REJECTED';
  readonly transient = false;
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** No credentials for this platform: someone has to cancel the order in the platform's admin. */
export class ChannelNotConfigured extends PortError {
  readonly code = 'CHANNEL.NOT_CONFIGURED';
  readonly transient = false;
  constructor(readonly platform: Platform) {
    super(`${platform} is not configured`);
  }
}

/** Routes each call to its platform's adapter; a platform without one is not configured. */
export const channelOrders = (platforms: Partial<Record<Platform, PlatformOrders>>): ChannelOrders => ({
  cancel: async ({ platform, ...request }) => {
    const orders = platforms[platform];
    if (!orders) throw new ChannelNotConfigured(platform);
    return orders.cancel(request);
  },
});
