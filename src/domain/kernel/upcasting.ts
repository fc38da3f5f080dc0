/**
 * How the data of one event type written at an older schema version is read
 * as the next version's: `steps[v - 1]` turns version v into v + 1, so an event
 * type's current version is one more than its number of steps.
 */
export type UpcastSteps = readonly ((data: Record<string, unknown>) => Record<string, unknown>)[];

export type Upcasters = Readonly<Record<string, UpcastSteps>>;

export const currentSchemaVersion = (upcasters: Upcasters, type: string): number => (upcasters[type]?.length ?? 0) + 1;

/** The data of an event written at `schemaVersion`, as the current version of its type reads it. */
export const upcast = (upcasters: Upcasters, type: string, schemaVersion: number, data: Record<string, unknown>): Record<string, unknown> => {
  const steps = upcasters[type] ?? [];
  let current = data;
  for (let version = Math.max(1, schemaVersion); version <= steps.length; version += 1) current = steps[version - 1]!(current);
  return current;
};
