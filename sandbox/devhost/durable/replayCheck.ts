import { describeLeaf, type RawAction } from "./actions.js";
import type { InstanceRecord } from "./types.js";

/** Why the replayed actions contradict the recorded ones (non-determinism), or undefined. */
export function checkReplay(inst: InstanceRecord, leaves: RawAction[]): string | undefined {
  const n = Math.min(leaves.length, inst.leaves.length);
  for (let i = 0; i < n; i++) {
    const was = inst.leaves[i];
    const now = describeLeaf(leaves[i] as RawAction);
    if (was && (was.kind !== now.kind || was.name !== now.name)) {
      return `Non-deterministic workflow detected: a previous execution of this orchestration scheduled ${was.kind} '${was.name}' as action #${i}, but the replay scheduled ${now.kind} '${now.name}'. Was the orchestrator code changed while this instance was running?`;
    }
  }
  if (leaves.length < inst.leaves.length) {
    const was = inst.leaves[leaves.length];
    return `Non-deterministic workflow detected: a previous execution of this orchestration scheduled ${was?.kind} '${was?.name}' as action #${leaves.length}, but the replay did not schedule it. Was the orchestrator code changed while this instance was running?`;
  }
  return undefined;
}
