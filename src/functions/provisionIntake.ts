import type * as df from "durable-functions";
import { PROVISION } from "../orchestrators/provision.js";
import { type ProvisionInput, provisionInstanceId, type QueuedRequest } from "../orchestrators/provisionInput.js";
import type { ProvisioningPlan } from "../request/index.js";
import { findRun } from "./findRun.js";
import { intake, provisionInputOf } from "./intake.js";
import { invalidRequest, type Refusal, refusal } from "./intakeRefusal.js";
import { getServices } from "./services.js";

/** What a provisioning intake decided: started now, a run of the same request that exists, or refused. */
export type ProvisionOutcome =
  | { kind: "started"; requestId: string; instanceId: string; plan: ProvisioningPlan }
  | {
      kind: "existing";
      requestId: string;
      instanceId: string;
      plan: ProvisioningPlan;
      run: df.DurableOrchestrationStatus;
    }
  | { kind: "refused"; requestId?: string; refusal: Refusal };

/** How a front door starts a provisioning. */
export interface ProvisionIntakeOptions {
  /** The request queue's: its message's ids and acceptance, once the run's ids are known (carried in its input). */
  queued?: (run: { requestId: string; instanceId: string }) => QueuedRequest;
}

/**
 * Provisioning intake for every front door: validate, then start under the instance id derived from the request
 * id. Look first (starting an id that already ran would start it again): the same request again is the run that
 * exists, another body under the same id is `RequestIdInUse`. Throws only when Durable cannot be reached.
 */
export async function provisionIntake(
  body: unknown,
  client: df.DurableClient,
  options: ProvisionIntakeOptions = {},
): Promise<ProvisionOutcome> {
  const { config } = getServices();
  const checked = intake(body, config);
  if (!checked.ok) return { kind: "refused", refusal: invalidRequest("the request", checked.problems) };
  const { request, plan, specHash } = checked.accepted;
  const { requestId } = request;
  const instanceId = provisionInstanceId(requestId);
  const input: ProvisionInput = {
    ...provisionInputOf(checked.accepted, config),
    ...(options.queued ? { queued: options.queued({ requestId, instanceId }) } : {}),
  };
  let existing = await findRun(client, instanceId);
  if (!existing) {
    try {
      await client.startNew(PROVISION, { instanceId, input });
      return { kind: "started", requestId, instanceId, plan };
    } catch (error) {
      // A concurrent submit of the same id won the start: answer as for a repeat.
      existing = await findRun(client, instanceId);
      if (!existing) throw error;
    }
  }
  const previous = existing.input as ProvisionInput | undefined;
  if (previous?.specHash !== specHash) {
    const message = `request ${requestId} was already submitted with a different body (run ${instanceId}, ${existing.runtimeStatus}); send a new request id for a different cluster`;
    return {
      kind: "refused",
      requestId,
      refusal: refusal("conflict", "RequestIdInUse", message, { target: instanceId }),
    };
  }
  return { kind: "existing", requestId, instanceId, plan, run: existing };
}
