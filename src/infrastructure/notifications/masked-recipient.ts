/**
 * A recipient as info-level logs show it: enough to tell two customers apart
 * in an incident ("a***@example.com"), not enough to collect addresses from
 * the logs. The full address is logged at debug only.
 */
export const maskedRecipient = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
};
