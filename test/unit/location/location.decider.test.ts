import { foldEvents } from '../../../src/domain/kernel/decider';
import {
  InvalidLocation,
  LocationEvent,
  LocationNotFound,
  locationDecider,
  locationStreamId,
  type LocationDetails,
} from '../../../src/domain/location';
import { deciderSpec } from '../../support/decider-spec';
import {
  address,
  deactivateLocation,
  defineLocation,
  locationDeactivated,
  locationReactivated,
  locationRegistered,
  locationUpdated,
} from './location.builders';

const given = deciderSpec(locationDecider);

describe('location stream id', () => {
  it('is location-<id>', () => expect(locationStreamId('wh-east')).toBe('location-wh-east'));
});

describe('DefineLocation', () => {
  it('registers a new location', () => given().when(defineLocation()).then([locationRegistered()]));

  it('registers a new location inactive when asked', () =>
    given().when(defineLocation({ active: false })).then([locationRegistered({ active: false })]));

  it('registers a store without region or city', () =>
    given()
      .when(defineLocation({ kind: 'store', address: address({ region: null, city: null }) }))
      .then([locationRegistered({ kind: 'store', address: address({ region: null, city: null }) })]));

  it('does nothing when nothing changed', () => given(locationRegistered()).when(defineLocation()).then([]));

  it.each<[string, Partial<LocationDetails>]>([
    ['name', { name: 'East DC' }],
    ['kind', { kind: 'store' }],
    ['priority', { priority: 0 }],
    ['country', { address: address({ country: 'CA' }) }],
    ['postal code', { address: address({ postalCode: '10002' }) }],
    ['region', { address: address({ region: null }) }],
    ['city', { address: address({ city: 'Brooklyn' }) }],
  ])('records a change of %s with the full new details', (_, changes) =>
    given(locationRegistered()).when(defineLocation(changes)).then([locationUpdated(changes)]));

  it('deactivates', () => given(locationRegistered()).when(defineLocation({ active: false })).then([locationDeactivated()]));

  it('reactivates', () =>
    given(locationRegistered(), locationDeactivated()).when(defineLocation()).then([locationReactivated()]));

  it('records the update before the change of activity', () =>
    given(locationRegistered())
      .when(defineLocation({ priority: 5, active: false }))
      .then([locationUpdated({ priority: 5 }), locationDeactivated()]));

  it('compares with the latest state, not the registration', () =>
    given(locationRegistered(), locationUpdated({ priority: 5 }), locationDeactivated())
      .when(defineLocation({ priority: 5, active: false }))
      .then([]));

  it.each<[string, Partial<LocationDetails>, string]>([
    ['an empty name', { name: '' }, 'name'],
    ['a blank name', { name: '  ' }, 'name'],
    ['a negative priority', { priority: -1 }, 'priority'],
    ['a fractional priority', { priority: 1.5 }, 'priority'],
    ['a country that is not ISO alpha-2', { address: address({ country: 'USA' }) }, 'address.country'],
    ['an empty postal code', { address: address({ postalCode: '' }) }, 'address.postalCode'],
    ['an empty region (null says none)', { address: address({ region: '' }) }, 'address.region'],
  ])('refuses %s', (_, details, path) => {
    const error = given().when(defineLocation(details)).thenThrows(InvalidLocation, 'LOCATION.INVALID');
    expect(error.details).toEqual({ errors: [{ path, message: expect.any(String) }] });
  });

  it('refuses an unknown kind', () => {
    given()
      .when(defineLocation({ kind: 'depot' as LocationDetails['kind'] }))
      .thenThrows(InvalidLocation);
  });
});

describe('DeactivateLocation', () => {
  it('deactivates an active location', () =>
    given(locationRegistered()).when(deactivateLocation()).then([locationDeactivated()]));

  it('does nothing when already inactive', () =>
    given(locationRegistered(), locationDeactivated()).when(deactivateLocation()).then([]));

  it('refuses an unknown location', () => {
    const error = given().when(deactivateLocation()).thenThrows(LocationNotFound, 'LOCATION.NOT_FOUND');
    expect(error.details).toEqual({ locationId: 'wh-east' });
  });
});

describe('location state', () => {
  it('does not exist before registration', () => expect(locationDecider.initialState()).toEqual({ exists: false }));

  it('follows updates and (de|re)activations', () => {
    const events = [locationRegistered(), locationUpdated({ name: 'East DC', priority: 3 }), locationDeactivated()];
    expect(foldEvents(locationDecider, events)).toEqual({
      exists: true,
      active: false,
      locationId: 'wh-east',
      name: 'East DC',
      kind: 'warehouse',
      priority: 3,
      address: address(),
    });
    expect(foldEvents(locationDecider, [...events, locationReactivated()])).toMatchObject({ active: true });
  });

  it('every event matches the published event schema', () => {
    const events = [locationRegistered(), locationUpdated({ kind: 'store' }), locationDeactivated(), locationReactivated()];
    for (const event of events) expect(LocationEvent.parse(event)).toEqual(event);
  });
});
