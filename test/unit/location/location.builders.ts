import type { LocationAddress, LocationCommand, LocationDetails, LocationEvent } from '../../../src/domain/location';

export const LOCATION = 'wh-east';
export const AT = '2025-03-01T10:00:00.000Z';

export const address = (changes: Partial<LocationAddress> = {}): LocationAddress => ({
  country: 'US',
  postalCode: '10001',
  region: 'NY',
  city: 'New York',
  ...changes,
});

const east: LocationDetails = { locationId: LOCATION, name: 'East warehouse', kind: 'warehouse', priority: 1, address: address() };

export const locationRegistered = (details: Partial<LocationDetails & { active: boolean }> = {}): LocationEvent => ({
  type: 'LocationRegistered',
  data: { ...east, active: true, ...details, registeredAt: AT },
});

export const locationUpdated = (details: Partial<LocationDetails> = {}): LocationEvent => ({
  type: 'LocationUpdated',
  data: { ...east, ...details, updatedAt: AT },
});

export const locationDeactivated = (): LocationEvent => ({
  type: 'LocationDeactivated',
  data: { locationId: LOCATION, deactivatedAt: AT },
});

export const locationReactivated = (): LocationEvent => ({
  type: 'LocationReactivated',
  data: { locationId: LOCATION, reactivatedAt: AT },
});

export const defineLocation = (details: Partial<LocationDetails & { active: boolean }> = {}): LocationCommand => ({
  type: 'DefineLocation',
  data: { ...east, active: true, ...details, at: AT },
});

export const deactivateLocation = (): LocationCommand => ({
  type: 'DeactivateLocation',
  data: { locationId: LOCATION, at: AT },
});
