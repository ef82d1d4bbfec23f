/** Thrown when an event would carry something that looks like a secret; the event is not sent. */
export class SecretInEventError extends Error {
  override name = "SecretInEventError";
  constructor(
    /** JSON path of the offending field, e.g. `data.kubeconfig`. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Refusing to publish an event: ${path} ${reason}`);
  }
}

/** Type guard that works across duplicate package copies. */
export function isSecretInEventError(e: unknown): e is SecretInEventError {
  return e instanceof Error && e.name === "SecretInEventError";
}
