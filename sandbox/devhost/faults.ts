/** What `POST /admin/faults` (master key) takes: each field given replaces the current setting. */
export interface DevhostFaultSettings {
  /**
   * Durable starts (`POST …/orchestrators/{name}`) answer 503, as the extension does when the task hub's storage
   * cannot be reached; reads still answer. Off by default.
   */
  refuseStarts?: boolean;
  /**
   * Per Service Bus function, how many of its next successful invocations end with the message abandoned instead
   * of completed: a host that lost the message's lock (or crashed) after the function ran, so Service Bus
   * delivers the message again.
   */
  abandonAfterSuccess?: Record<string, number>;
  /**
   * The task hub's workers take no work, as when no worker holds the backend's partitions: starts, events and
   * timers are still accepted and journaled, but no episode, entity batch or activity begins (those running
   * finish) until it is turned off, and then everything waiting runs. Off by default.
   */
  holdDispatch?: boolean;
}

/** Faults a test turns on in a running devhost, to see what the app does when the host or its storage fails. */
export class DevhostFaults {
  private settings: Required<DevhostFaultSettings> = {
    refuseStarts: false,
    abandonAfterSuccess: {},
    holdDispatch: false,
  };
  /** Told when `holdDispatch` changes (the Durable engine). */
  onHoldDispatch: (held: boolean) => void = () => {};

  /** Applies `POST /admin/faults`; throws on a body that is not one. */
  set(body: unknown): DevhostFaultSettings {
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("send a JSON object");
    const { refuseStarts, abandonAfterSuccess, holdDispatch } = body as DevhostFaultSettings;
    if (refuseStarts !== undefined) this.settings.refuseStarts = refuseStarts === true;
    if (abandonAfterSuccess !== undefined) this.settings.abandonAfterSuccess = { ...abandonAfterSuccess };
    if (holdDispatch !== undefined && (holdDispatch === true) !== this.settings.holdDispatch) {
      this.settings.holdDispatch = holdDispatch === true;
      this.onHoldDispatch(this.settings.holdDispatch);
    }
    return this.current();
  }

  current(): DevhostFaultSettings {
    return {
      refuseStarts: this.settings.refuseStarts,
      abandonAfterSuccess: { ...this.settings.abandonAfterSuccess },
      holdDispatch: this.settings.holdDispatch,
    };
  }

  get refuseStarts(): boolean {
    return this.settings.refuseStarts;
  }

  /** Whether this successful invocation of `fn` must abandon its message (and counts it). */
  takeAbandon(fn: string): boolean {
    const left = this.settings.abandonAfterSuccess[fn] ?? 0;
    if (left <= 0) return false;
    this.settings.abandonAfterSuccess[fn] = left - 1;
    return true;
  }
}
