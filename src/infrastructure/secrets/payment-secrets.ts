/**
 * The PaymentSecrets port: where a card token waits between the order that
 * brought it and the authorization that uses it. Nothing else may hold a
 * token: not the event log, a read model, the idempotency store or a log
 * line. The authorization job reads it once and erases it; a token nobody
 * took expires on its own after `ttlMs`.
 *
 * Keyed by order: keeping a token for an order replaces the one kept before.
 */
export interface PaymentSecrets {
  keep(orderId: string, token: string): Promise<void>;
  /** The token kept for the order, or null when there is none or it has expired. */
  read(orderId: string): Promise<string | null>;
  /** Forgets the order's token, so no file or collection keeps it (a no-op when there is none). */
  erase(orderId: string): Promise<void>;
  close(): Promise<void>;
}

export type PaymentSecretsOptions = {
  /** How long a token is kept when nobody takes it. */
  ttlMs: number;
  /** The clock expiry is judged by (tests move it). */
  now?: () => Date;
};
