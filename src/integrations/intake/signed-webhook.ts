import { z } from 'zod';
import { DomainError } from '../../domain/kernel/domain-error';
import { HttpProblem } from '../../http/problem';
import { RouteResult } from '../../http/route';
import { DigestEncoding, hasValidHmacSha256 } from '../../http/webhook-signature';
import { parseExactJson } from './exact-json';
import { IntakeOutcome } from './storefront-order';

/** What a webhook delivery is answered with: always 200 once signed, so the platform stops sending it. */
export const WebhookReceipt = z.object({
  outcome: z.enum(['placed', 'already_placed', 'cancelled', 'already_cancelled', 'not_cancelled', 'ignored', 'ping']),
  orderId: z.string().nullable(),
  /** Why nothing was done (an ignored topic, a payload that cannot be an order), for the platform's delivery log. */
  reason: z.string().optional(),
});
export type WebhookReceipt = z.infer<typeof WebhookReceipt>;

export const receipt = (body: WebhookReceipt): RouteResult => ({ status: 200, body });

export const ignored = (reason: string): WebhookReceipt => ({ outcome: 'ignored', orderId: null, reason });

/** The secret of an integration, or 404 when it is unset: the integration is not enabled. */
export const enabledSecret = (platform: string, secret: string | undefined, variable: string): string => {
  if (secret) return secret;
  throw new HttpProblem(404, 'Not Found', `the ${platform} integration is not enabled: set ${variable}`, { code: 'INTEGRATION.NOT_ENABLED' });
};

/** Refuses, appending nothing, a delivery whose signature is missing or is not the HMAC of its exact bytes. */
export const assertSigned = (secret: string, rawBody: Buffer, signature: string | string[] | undefined, encoding: DigestEncoding): void => {
  const presented = typeof signature === 'string' ? signature : undefined;
  if (!hasValidHmacSha256(secret, rawBody, presented, encoding)) throw invalidSignature();
};

export const invalidSignature = () =>
  new HttpProblem(401, 'Unauthorized', 'the webhook signature is missing or does not match the body', { code: 'INTEGRATION.INVALID_SIGNATURE' });

/** The signed body as JSON, big integers kept exact; a signed body that is not JSON is a 400. */
export const signedJson = (rawBody: Buffer): unknown => {
  try {
    return parseExactJson(rawBody.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'Bad Request', 'the webhook body is not valid JSON', { code: 'REQUEST.MALFORMED_JSON' });
  }
};

export const headerOf = (value: string | string[] | undefined): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * Runs the intake, turning a refusal of the order itself (a total above the
 * ceiling, amounts that cannot be exact) into an answer the platform accepts:
 * sending it again would be refused again.
 */
export const answerIntake = async (run: () => Promise<IntakeOutcome>): Promise<WebhookReceipt> => {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) return ignored(`${error.code}: ${error.message}`);
    throw error;
  }
};
