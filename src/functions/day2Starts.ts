import type { Day2QueueOperation } from "../request/index.js";
import { noBody } from "./operationBodies.js";
import type { OperationStart } from "./operationIntake.js";
import { poolAddBody, poolRemoveBody, scaleBody } from "./poolBodies.js";
import { upgradeBody } from "./upgradeChecks.js";

/** Every day-2 operation's start (kind, body check), the same behind its HTTP route and its queue message. */
export const day2Starts: Record<Day2QueueOperation, OperationStart> = {
  stop: { kind: "stop", check: noBody },
  start: { kind: "start", check: noBody },
  // Deprovision also cleans up after a provisioning that failed and kept what it made.
  deprovision: { kind: "deprovision", check: noBody, afterFailure: true },
  upgrade: { kind: "upgrade", check: upgradeBody },
  scale: { kind: "scale", check: scaleBody },
  "pools.add": { kind: "poolAdd", check: poolAddBody },
  "pools.remove": { kind: "poolRemove", check: poolRemoveBody },
};
