import { z } from 'zod';

export const Role = z.enum(['client', 'warehouse', 'analyst', 'auditor', 'admin']);
export type Role = z.infer<typeof Role>;

/** Who is calling: the key's role, and the one sales channel it is bound to, if any. */
export type Principal = { keyId: string; role: Role; channel: string | null };

/** A key bound to a channel sees and changes only that channel's orders. */
export const canSeeChannel = (principal: Principal, channel: string): boolean =>
  principal.channel === null || principal.channel === channel;
