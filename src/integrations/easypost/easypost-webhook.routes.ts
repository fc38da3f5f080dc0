import { z } from 'zod';
import { recordCarrierScan } from '../../commands/shipping/record-carrier-scan';
import { trackingStatusOf } from '../../infrastructure/carriers/easypost/easypost-mapping';
import { parseJsonOr } from '../../infrastructure/parse-json';
import { HttpProblem } from '../../http/problem';
import { defineRoute } from '../../http/route';
import { RouteDependencies } from '../../http/routes/route-dependencies';
import { enabledSecret, invalidSignature } from '../intake/signed-webhook';
import { EasyPostEvent, EasyPostEventDoc, EasyPostTracker, TRACKER_EVENTS } from './easypost-event';
import { isSignedByEasyPost } from './easypost-signature';

const WebhookAnswer = z.object({
  outcome: z.enum(['recorded', 'unchanged', 'unknown_tracking_code', 'ignored']).meta({
    description: 'recorded: the order changed; unchanged: nothing new (a repeat, or older than what is known); the others change nothing',
  }),
});

const invalidBody = (message: string) =>
  new HttpProblem(400, 'Bad Request', message, { code: 'INTEGRATION.INVALID_BODY', errors: [{ path: 'body', message }] });

/**
 * EasyPost's tracking webhooks: a signed Event whose Tracker moved on is
 * recorded on the fulfilment with that tracking number. Answers 404 while no
 * secret is configured, 401 (nothing recorded) for a missing or wrong
 * signature, and 200 for everything it accepts, acted on or not, so EasyPost
 * does not send it again.
 */
export const easyPostWebhookRoute = (deps: RouteDependencies, configuredSecret: string | undefined) =>
  defineRoute({
    method: 'post',
    path: '/integrations/easypost/webhooks',
    summary: 'EasyPost tracking events (tracker.created, tracker.updated), signed with X-Hmac-Signature',
    tag: 'Integrations',
    roles: 'public',
    rawBody: { description: 'An EasyPost Event, exactly as EasyPost sent it (the signature covers these bytes)', schema: EasyPostEventDoc },
    success: { status: 200, description: 'Accepted (see outcome)', schema: WebhookAnswer },
    async handle({ rawBody, headers, context }) {
      const secret = enabledSecret('easypost', configuredSecret, 'OMS_EASYPOST_WEBHOOK_SECRET');
      if (!isSignedByEasyPost(secret, rawBody, headers['x-hmac-signature'])) throw invalidSignature();
      const event = EasyPostEvent.safeParse(parseJsonOr(rawBody.toString('utf8'), undefined));
      if (!event.success) throw invalidBody('not an EasyPost Event');
      if (!TRACKER_EVENTS.has(event.data.description)) return { status: 200, body: { outcome: 'ignored' } };
      const tracker = EasyPostTracker.safeParse(event.data.result);
      if (!tracker.success) throw invalidBody(`${event.data.description} without a Tracker as its result`);

      const { tracking_code: trackingCode, status: carrierStatus, tracking_details: details } = tracker.data;
      const status = trackingStatusOf(carrierStatus);
      const shipment = await deps.queries.shipments.byTrackingNumber(trackingCode);
      if (!shipment) return { status: 200, body: { outcome: 'unknown_tracking_code' } };
      if (!status) return { status: 200, body: { outcome: 'ignored' } };

      const latest = [...details].reverse().find((d) => d.status === carrierStatus);
      const outcome = await recordCarrierScan(
        deps.handlers,
        {
          orderId: shipment.orderId,
          fulfillmentId: shipment.fulfillmentId,
          status,
          carrierStatus,
          detail: latest?.message ?? null,
          at: deps.now().toISOString(),
        },
        { actor: 'integration:easypost', correlationId: context.correlationId, causationId: event.data.id ?? null },
      );
      if (outcome.exception) {
        const alert = { orderId: shipment.orderId, fulfillmentId: shipment.fulfillmentId, stage: 'delivery' as const, code: carrierStatus };
        deps.logger.warn({ ...alert, trackingNumber: trackingCode, correlationId: context.correlationId }, 'the carrier could not deliver a shipment');
        deps.metrics.deliveryExceptions.inc({ stage: alert.stage, code: alert.code });
      }
      return { status: 200, body: { outcome: outcome.appended > 0 ? 'recorded' : 'unchanged' } };
    },
  });
