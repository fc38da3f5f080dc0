import type { Decider } from '../kernel/decider';
import { hasReached } from './fulfillment-status';
import type { OrderCommand, PlaceOrder } from './order.commands';
import {
  AuthorizationMismatch,
  CaptureRequired,
  FulfillmentNotAtStep,
  HoldNotReleasable,
  LabelRequired,
  NotAPickupOrder,
  OrderAlreadyExists,
  OrderAlreadyShipped,
  OrderNotFound,
  OrderNotValidated,
  PaymentAlreadyAuthorized,
  PaymentNotAuthorized,
  PickupOrderNotShipped,
} from './order.errors';
import { mayRelease, takesOverHold } from './order-holds';
import type { OrderEvent } from './order.events';
import { decideAllocation } from './order-allocation';
import { captureAmountFor } from './order-totals';
import { assertOpen, assertWorkable, requireFulfillment, requireLive, requireStep } from './order-guards';
import { evolve, initialOrderState, notificationKey, type OrderState } from './order.state';
import { orderStatus } from './order.status';
import { validateOrderAgainstCatalog } from './order-validation';
import { hasOwnEntry } from './own-entry';
import { isPickup } from './shipping-rates';

/** How far along its journey each tracking status puts a parcel; an exception is off the journey. */
const TRACKING_PROGRESS: Record<string, number> = { in_transit: 1, out_for_delivery: 2 };

const placeOrder = (d: PlaceOrder['data'], s: OrderState): OrderEvent[] => {
  if (s.exists) throw new OrderAlreadyExists();
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: d.orderId,
        channel: d.channel,
        externalRef: d.externalRef,
        customer: d.customer,
        currency: d.currency,
        lines: d.lines.map(({ sku, quantity, unitPrice }, i) => ({ lineId: `L${i + 1}`, sku, quantity, unitPrice })),
        shippingAddress: d.shippingAddress,
        shippingMethod: d.shippingMethod,
        shippingCost: d.shippingCost,
        // Written only when a storefront charged them, so every other order's event stays as it was.
        ...(d.discount ? { discount: d.discount } : {}),
        ...(d.tax ? { tax: d.tax } : {}),
        payment: { method: d.payment.method },
        notes: d.notes,
        placedAt: d.at,
      },
    },
  ];
};

export const decide = (command: OrderCommand, s: OrderState): OrderEvent[] => {
  if (command.type === 'PlaceOrder') return placeOrder(command.data, s);
  if (!s.exists) throw new OrderNotFound(command.type);
  const { type } = command;

  switch (type) {
    case 'ValidateOrder': {
      if (s.validation !== 'pending' || s.cancelled) return []; // decided already, or nothing left to decide
      const reasons = validateOrderAgainstCatalog(s, command.data.catalog);
      const at = command.data.at;
      return reasons.length === 0
        ? [{ type: 'OrderValidated', data: { validatedAt: at } }]
        : [{ type: 'OrderRejected', data: { reasons, rejectedAt: at } }];
    }

    case 'RecordPaymentAuthorized': {
      const { authorizationId, amount, at } = command.data;
      if (s.payment.authorizationId === authorizationId) return [];
      assertOpen(s, type);
      if (s.payment.authorizationId !== null) {
        throw new PaymentAlreadyAuthorized(type, s.payment.authorizationId, authorizationId);
      }
      if (s.validation !== 'validated') {
        throw new OrderNotValidated(type);
      }
      return [{ type: 'PaymentAuthorized', data: { authorizationId, amount, authorizedAt: at } }];
    }

    case 'RecordPaymentFailed': {
      const { code, reason, at } = command.data;
      if (s.payment.status === 'failed') return [];
      assertOpen(s, type);
      if (s.validation !== 'validated') {
        throw new OrderNotValidated(type);
      }
      if (s.payment.authorizationId !== null) {
        throw new PaymentAlreadyAuthorized(type, s.payment.authorizationId, null);
      }
      return [{ type: 'PaymentFailed', data: { code, reason, failedAt: at } }];
    }

    case 'RecordAllocation':
      return decideAllocation(s, command.data);

    case 'MarkFulfillmentPicked': {
      const { fulfillmentId, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (hasReached(f.status, 'picked')) return [];
      assertWorkable(s, type);
      requireLive(f, type);
      return [{ type: 'FulfillmentPicked', data: { fulfillmentId, pickedAt: at } }];
    }

    case 'MarkFulfillmentPacked': {
      const { fulfillmentId, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (hasReached(f.status, 'packed')) return [];
      assertWorkable(s, type);
      requireStep(f, 'picked', type);
      return [{ type: 'FulfillmentPacked', data: { fulfillmentId, packedAt: at } }];
    }

    case 'MarkReadyForPickup': {
      const { fulfillmentId, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (hasReached(f.status, 'ready_for_pickup')) return [];
      if (!isPickup(s)) throw new NotAPickupOrder(type, s.shippingMethod);
      assertWorkable(s, type);
      requireStep(f, 'packed', type);
      return [{ type: 'FulfillmentReadyForPickup', data: { fulfillmentId, readyAt: at } }];
    }

    case 'RecordShipmentLabel': {
      const { fulfillmentId, carrier, service, trackingNumber, labelUrl, cost, at } = command.data;
      const estimatedDeliveryDate = command.data.estimatedDeliveryDate ?? null;
      const f = requireFulfillment(s, fulfillmentId);
      if (f.label) return [];
      if (isPickup(s)) throw new PickupOrderNotShipped(type);
      assertOpen(s, type);
      requireStep(f, 'packed', type);
      return [
        {
          type: 'ShipmentLabelCreated',
          data: { fulfillmentId, carrier, service, trackingNumber, labelUrl, cost, estimatedDeliveryDate, createdAt: at },
        },
      ];
    }

    case 'RecordTrackingUpdate': {
      const { fulfillmentId, status, detail, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (!f.label) throw new LabelRequired(type, fulfillmentId);
      if (f.tracking?.status === status && f.tracking.detail === detail) return []; // the carrier said it again
      // Scans arrive late and out of order: one from earlier in the journey than what is known is old news.
      const reached = f.status === 'delivered' ? Number.POSITIVE_INFINITY : (TRACKING_PROGRESS[f.tracking?.status ?? ''] ?? 0);
      if (status !== 'exception' && TRACKING_PROGRESS[status]! < reached) return [];
      assertOpen(s, type);
      return [{ type: 'ShipmentTrackingUpdated', data: { fulfillmentId, status, detail, updatedAt: at } }];
    }

    case 'RecordDeliveryException': {
      const { fulfillmentId, stage, code, reason, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (f.exception?.stage === stage && f.exception.code === code) return []; // told again
      // A parcel delivered (or an order cancelled) has nothing left to go wrong with.
      if (f.status === 'delivered' || f.status === 'cancelled') return [];
      if (stage === 'delivery' && !f.label) throw new LabelRequired(type, fulfillmentId);
      return [{ type: 'DeliveryExceptionRecorded', data: { fulfillmentId, stage, code, reason, recordedAt: at } }];
    }

    case 'MarkFulfillmentShipped': {
      const { fulfillmentId, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (hasReached(f.status, 'shipped')) return [];
      if (isPickup(s)) throw new PickupOrderNotShipped(type);
      assertWorkable(s, type);
      requireStep(f, 'packed', type);
      if (!f.label) throw new LabelRequired(type, fulfillmentId);
      return [{ type: 'FulfillmentShipped', data: { fulfillmentId, shippedAt: at } }];
    }

    case 'RecordPaymentCaptured': {
      const { fulfillmentId, captureId, amount, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (s.payment.capturedFulfillments.some((c) => c.fulfillmentId === fulfillmentId)) return [];
      if (!hasReached(f.status, 'shipped')) {
        throw new FulfillmentNotAtStep(type, fulfillmentId, f.status, 'shipped');
      }
      if (s.payment.authorizationId === null || s.payment.status === 'voided') {
        throw new PaymentNotAuthorized(type, s.payment.status);
      }
      return [{ type: 'PaymentCaptured', data: { fulfillmentId, captureId, amount, capturedAt: at } }];
    }

    case 'RecordPaymentCaptureSkipped': {
      const { fulfillmentId, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (s.payment.capturedFulfillments.some((c) => c.fulfillmentId === fulfillmentId)) return [];
      if (!hasReached(f.status, 'shipped')) {
        throw new FulfillmentNotAtStep(type, fulfillmentId, f.status, 'shipped');
      }
      const amount = captureAmountFor(s, fulfillmentId);
      if (amount !== 0) {
        throw new CaptureRequired(type, fulfillmentId, amount);
      }
      return [{ type: 'PaymentCaptureSkipped', data: { fulfillmentId, reason: 'zero_amount', skippedAt: at } }];
    }

    case 'MarkFulfillmentDelivered': {
      const { fulfillmentId, at } = command.data;
      const f = requireFulfillment(s, fulfillmentId);
      if (f.status === 'delivered') return [];
      if (isPickup(s)) {
        // Collected at the store: the goods change hands here, so the order must be open and not held.
        assertWorkable(s, type);
        requireStep(f, 'ready_for_pickup', type);
      } else {
        requireStep(f, 'shipped', type);
      }
      return [{ type: 'FulfillmentDelivered', data: { fulfillmentId, deliveredAt: at } }];
    }

    case 'HoldOrder': {
      const { reason, at, by, channel } = command.data;
      if (s.onHold && !takesOverHold({ by, channel }, s.heldBy)) return [];
      assertOpen(s, type);
      const status = orderStatus(s);
      if (status === 'shipped' || status === 'delivered') {
        throw new OrderAlreadyShipped(type, Object.keys(s.fulfillments));
      }
      return [{ type: 'OrderHeld', data: { reason, heldAt: at, by, channel } }];
    }

    case 'ReleaseOrder': {
      const { at, by, channel } = command.data;
      if (!s.onHold) return [];
      if (!mayRelease(s.heldBy, { by, channel })) throw new HoldNotReleasable(s.heldBy?.by ?? 'admin');
      return [{ type: 'OrderReleased', data: { releasedAt: at } }];
    }

    case 'CancelOrder': {
      const { reason, at } = command.data;
      if (s.cancelled) return [];
      const shipped = Object.values(s.fulfillments).filter((f) => hasReached(f.status, 'shipped'));
      if (shipped.length > 0) throw new OrderAlreadyShipped(type, shipped.map((f) => f.fulfillmentId));
      assertOpen(s, type);
      return [{ type: 'OrderCancelled', data: { reason, cancelledAt: at } }];
    }

    case 'RecordPaymentVoided': {
      const { authorizationId, amount, at } = command.data;
      if (s.payment.authorizationId !== authorizationId) {
        throw s.payment.authorizationId === null
          ? new PaymentNotAuthorized(type, s.payment.status)
          : new AuthorizationMismatch(type, s.payment.authorizationId, authorizationId);
      }
      if (s.payment.status === 'voided') return [];
      return [{ type: 'PaymentVoided', data: { authorizationId, amount, voidedAt: at } }];
    }

    case 'RecordCustomerNotified': {
      const { notification, key, recipient, messageId, at } = command.data;
      if (hasOwnEntry(s.notifications, notificationKey(notification, key))) return [];
      return [{ type: 'CustomerNotified', data: { notification, key, recipient, messageId, notifiedAt: at } }];
    }
  }
};

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: initialOrderState,
  decide,
  evolve,
};
