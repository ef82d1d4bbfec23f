import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CLUSTER_OPERATION } from "../../../src/orchestrators/clusterOperation.js";
import { CLUSTER_LOCK } from "../../../src/orchestrators/entities.js";
import type { OperationInput } from "../../../src/orchestrators/operationInput.js";
import { type ProvisionInput, provisionInstanceId } from "../../../src/orchestrators/provisionInput.js";
import { clusterLockKey } from "../../../src/request/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { apiErrorOf, finishedOperation, provisioned } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { eventFor, QueueClient } from "./queueHelpers.js";

// A stop that takes a while, so the run holding the lock is still running when intake looks.
const durationsMs = { clusterStop: 3000, clusterStart: 300, nodeReady: 100 };

// Runs started by schedules and TTL have instance ids of their own (not `ops-{requestId}`) and hold the cluster's
// lock: intake must see them as busy while they run, and take their lock over only once they have ended.
describe("intake: a lock holder with its own instance id", () => {
  let p: Provisioner;
  let queue: QueueClient;
  let request: ReturnType<typeof aRequest>;
  const durable = (path: string, init?: RequestInit) => fetch(`${p.url}/runtime/webhooks/durabletask/${path}`, init);

  /** Starts a stop as a schedule would: the same orchestration under an instance id of its own. */
  async function scheduledStop(instanceId: string): Promise<void> {
    const res = await durable(`instances/${provisionInstanceId(request.requestId)}?showInput=true`);
    const provision = ((await res.json()) as { input: ProvisionInput }).input;
    const holderNow = async () => {
      const lock = await durable(
        `entities/${CLUSTER_LOCK}/${encodeURIComponent(clusterLockKey(provision.plan.clusterId))}`,
      );
      return lock.status === 200 ? ((await lock.json()) as { holder?: { instanceId: string } }).holder : undefined;
    };
    // The provisioning releases the lock by a signal after it has ended: wait for it, as this stop takes no lock over.
    await waitFor(async () => (await holderNow()) === undefined, 30_000);
    const input: OperationInput = {
      operationId: instanceId,
      requestId: request.requestId,
      kind: "stop",
      plan: provision.plan,
      provision: { created: [], resourceGroupFound: false },
      settings: provision.settings,
      body: {},
    };
    const started = await durable(`orchestrators/${CLUSTER_OPERATION}/${instanceId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    assert.equal(started.status, 202, await started.text());
    // It holds the lock once its first episode ran.
    await waitFor(async () => (await holderNow())?.instanceId === instanceId, 30_000);
  }

  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
    queue = new QueueClient(p);
    request = aRequest("holder");
    await provisioned(p, request);
  });
  after(async () => {
    await queue.close();
    await p.stop();
  });

  it("refuses a change while the holder runs (409 ClusterBusy naming it, over HTTP and the queue), and starts once it has ended", async () => {
    const holder = `sched-${request.requestId}-nightly-1`;
    await scheduledStop(holder);
    const res = await p.api("POST", `clusters/${request.requestId}/start`);
    assert.equal(res.status, 409);
    const busy = await apiErrorOf(res);
    assert.equal(busy.code, "ClusterBusy");
    assert.equal(busy.target, holder);

    const { messageId } = await queue.send({ operation: "start", requestId: request.requestId });
    const rejected = await eventFor(p, messageId, "cluster.request.rejected");
    assert.deepEqual(
      { code: rejected.data.code, target: rejected.data.target },
      { code: "ClusterBusy", target: holder },
    );

    await waitFor(async () => {
      const s = await durable(`instances/${holder}`);
      return s.status === 200;
    }, 60_000);
    const after = await p.api("POST", `clusters/${request.requestId}/start`);
    assert.equal(after.status, 202, await after.clone().text());
    const done = await finishedOperation(p, ((await after.json()) as { operationUrl: string }).operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
  });

  it("takes over the lock of a holder that ended without releasing it (terminated)", async () => {
    const holder = `ttl-${request.requestId}-1`;
    await scheduledStop(holder);
    const terminated = await durable(`instances/${holder}/terminate?reason=test`, { method: "POST" });
    assert.equal(terminated.status, 202);
    await waitFor(async () => (await durable(`instances/${holder}`)).status === 200, 30_000);
    // What the terminated run asked of ARM ends on its own; the start then meets a cluster at rest.
    await waitFor(async () => {
      const c = await p.sdkClients().containerService.managedClusters.get(request.resourceGroup, request.cluster.name);
      return c.provisioningState === "Succeeded";
    }, 30_000);
    const res = await p.api("POST", `clusters/${request.requestId}/start`);
    assert.equal(res.status, 202, await res.clone().text());
    const done = await finishedOperation(p, ((await res.json()) as { operationUrl: string }).operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
  });
});
