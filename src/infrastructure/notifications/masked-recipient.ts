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

/** A phone number as info-level logs show it: country code and last two digits ("+44***89"). */
export const maskedPhone = (phone: string): string => (phone.length < 7 ? '***' : `${phone.slice(0, 3)}***${phone.slice(-2)}`);
