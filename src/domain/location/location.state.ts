import type { LocationEvent } from './location.events';
import type { LocationDetails } from './location.values';

export type LocationState =
  | { readonly exists: false }
  | ({ readonly exists: true; readonly active: boolean } & LocationDetails);

export const initialLocationState = (): LocationState => ({ exists: false });

export const evolve = (s: LocationState, e: LocationEvent): LocationState => {
  if (e.type === 'LocationRegistered') {
    const { locationId, name, kind, priority, address, active } = e.data;
    return { exists: true, active, locationId, name, kind, priority, address };
  }
  if (!s.exists) return s; // nothing to change before registration
  switch (e.type) {
    case 'LocationUpdated': {
      const { name, kind, priority, address } = e.data;
      return { ...s, name, kind, priority, address };
    }
    case 'LocationDeactivated':
      return { ...s, active: false };
    case 'LocationReactivated':
      return { ...s, active: true };
  }
};
