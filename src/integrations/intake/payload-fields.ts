import { z } from 'zod';

/** A platform id: digits as a string (parseExactJson leaves ids above 2^53 as strings) or a safe integer. */
export const PlatformId = z.union([z.string().regex(/^\d{1,40}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).transform(String);

/** A decimal amount as platforms send money: a string such as "19.99". */
export const DecimalString = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount such as "19.99"');

/** Text a platform may leave out, send as null or send empty: all the same to us. */
export const OptionalText = z
  .string()
  .nullish()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : null));

/** A person's name from its parts, null when every part is blank. */
export const fullName = (...parts: (string | null)[]): string | null => parts.filter((part) => part !== null).join(' ') || null;
