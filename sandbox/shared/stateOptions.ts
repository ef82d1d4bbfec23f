import type { FsyncPolicy } from "./journal.js";

/**
 * The state options every stand-in takes, with one spelling and one meaning (each stand-in documents its defaults).
 * Keeping them alike lets `sandbox/start.ts`, the CLIs and the tests pass the same words to all three.
 */
export interface StandInStateOptions {
  /**
   * The directory this stand-in owns, used as given: its journal (`journal-<n>.jsonl`, `snapshot.jsonl`) and
   * everything else it keeps live in it, and it writes nothing outside it (a shared certificate goes where
   * `certDir` says). Two stand-ins must not share one.
   */
  stateDir?: string;
  /** When journal records reach the disk: `always` fsyncs each commit, `never` leaves it to the OS (a killed process loses nothing either way). */
  fsync?: FsyncPolicy;
  /** Rewrite the journal into a snapshot once its log grows past this many bytes (bounds replay time). */
  compactAfterBytes?: number;
}

/** Parses a `--fsync` CLI value; anything else than `always` or `never` is refused with the flag named. */
export function parseFsyncPolicy(value: string): FsyncPolicy {
  if (value === "always" || value === "never") return value;
  throw new Error(`--fsync must be 'always' or 'never', not '${value}'`);
}
