/**
 * The PaymentSecrets port: where a card token waits between the order that
 * brought it and the authorization that uses it. Nothing else may hold a
 * token: not the event log, a read model, the idempotency store or a log
 * line. The authorization job reads it once and erases it; a token nobody
 * took expires on its own after `ttlMs`.
 *
 * Keyed by order: the first token kept for an order stays until it is erased
 * or expires, so a request that reuses an existing order's id cannot replace it.
 */
export interface PaymentSecrets {
  /** Keeps the token unless the order already has a live one; answers whether it did. */
  keep(orderId: string, token: string): Promise<boolean>;
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
