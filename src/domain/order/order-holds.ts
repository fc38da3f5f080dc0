import type { HoldActor } from './order.values';

/**
 * A hold placed by an admin or by fraud screening is lifted by an admin only;
 * a client lifts only a hold its own channel placed. A hold recorded before
 * holds named their placer is read as an admin's (order.upcasters.ts).
 */
export const mayRelease = (heldBy: HoldActor | null, releaser: HoldActor): boolean =>
  releaser.by === 'admin' || (releaser.by === 'client' && heldBy?.by === 'client' && heldBy.channel === releaser.channel);

/** An admin's or fraud screening's hold on an order a client holds takes the hold over, so the client can no longer lift it. */
export const takesOverHold = (holder: HoldActor, heldBy: HoldActor | null): boolean => holder.by !== 'client' && heldBy?.by === 'client';
