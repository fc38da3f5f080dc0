import type { Decider } from '../kernel/decider';
import type { LocationCommand } from './location.commands';
import { InvalidLocation, LocationNotFound } from './location.errors';
import type { LocationEvent } from './location.events';
import { evolve, initialLocationState, type LocationState } from './location.state';
import { LocationDetails, type LocationAddress } from './location.values';

const validDetails = (candidate: LocationDetails): LocationDetails => {
  const parsed = LocationDetails.safeParse(candidate);
  if (!parsed.success) throw new InvalidLocation(parsed.error.issues);
  return parsed.data;
};

const sameAddress = (a: LocationAddress, b: LocationAddress): boolean =>
  a.country === b.country && a.postalCode === b.postalCode && a.region === b.region && a.city === b.city;

const sameDetails = (a: LocationDetails, b: LocationDetails): boolean =>
  a.name === b.name && a.kind === b.kind && a.priority === b.priority && sameAddress(a.address, b.address);

export const decide = (command: LocationCommand, s: LocationState): LocationEvent[] => {
  switch (command.type) {
    case 'DefineLocation': {
      const { active, at, ...candidate } = command.data;
      const d = validDetails(candidate);
      if (!s.exists) return [{ type: 'LocationRegistered', data: { ...d, active, registeredAt: at } }];
      const events: LocationEvent[] = [];
      if (!sameDetails(d, s)) events.push({ type: 'LocationUpdated', data: { ...d, updatedAt: at } });
      if (active !== s.active) {
        events.push(
          active
            ? { type: 'LocationReactivated', data: { locationId: d.locationId, reactivatedAt: at } }
            : { type: 'LocationDeactivated', data: { locationId: d.locationId, deactivatedAt: at } },
        );
      }
      return events;
    }
    case 'DeactivateLocation': {
      const { locationId, at } = command.data;
      if (!s.exists) throw new LocationNotFound(locationId);
      if (!s.active) return [];
      return [{ type: 'LocationDeactivated', data: { locationId, deactivatedAt: at } }];
    }
  }
};

export const locationDecider: Decider<LocationCommand, LocationEvent, LocationState> = {
  initialState: initialLocationState,
  decide,
  evolve,
};
