/**
 * Magento's error body `{message, parameters}` as one sentence: its
 * placeholders filled, `%1` from a list of parameters or `%name` from an
 * object. Any other body is shown as it came, cut short.
 */
export const magentoMessage = (body: unknown): string => {
  const { message, parameters } = (typeof body === 'object' && body !== null ? body : {}) as { message?: unknown; parameters?: unknown };
  if (typeof message !== 'string') return (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 200);
  const named = (parameters ?? {}) as Record<string, unknown>;
  const listed = Array.isArray(parameters) ? parameters : Object.values(named);
  return message.replace(/%(\w+)/g, (whole, key: string) => {
    const value = /^\d+$/.test(key) ? listed[Number(key) - 1] : named[key];
    return value === undefined ? whole : String(value);
  });
};
