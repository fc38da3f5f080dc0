/**
 * An event's data as an auditor may see it. Orders placed before card tokens
 * moved to the secret store carry `payment.token` in their OrderPlaced event;
 * the log is append-only, so the token is left out on every read instead.
 */
export const redactPaymentSecrets = (type: string, data: unknown): unknown => {
  if (type !== 'OrderPlaced' || !isRecord(data) || !isRecord(data.payment) || !('token' in data.payment)) return data;
  const { token: _token, ...payment } = data.payment;
  return { ...data, payment };
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
