/** An entity's name and key, as the client API and the entity trigger payload spell them. */
export interface EntityKey {
  name: string;
  key: string;
}

/** The scheduler id an entity's inbox and state live under: `@name@key` with the name lower-cased (DTFx's rule). */
export function entitySchedulerId(name: string, key: string): string {
  return `@${name.toLowerCase()}@${key}`;
}

/** True for a scheduler id of an entity rather than an orchestration instance id. */
export function isEntitySchedulerId(id: string): boolean {
  return id.startsWith("@");
}

/** Parses `@name@key`. */
export function parseEntityId(id: string): EntityKey {
  const second = id.indexOf("@", 1);
  return { name: id.slice(1, second), key: id.slice(second + 1) };
}
