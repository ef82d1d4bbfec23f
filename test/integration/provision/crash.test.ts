import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { killMoments } from "../../helpers/seededRandom.js";
import { waitFor } from "../../helpers/waitFor.js";
import { idsOf, loggedWrites } from "./armWrites.js";
import { Provisioner } from "./harness.js";
import { aRequest } from "./requests.js";

// A run long enough to be killed in the middle of: every long operation takes a little while.
const durationsMs = {
  virtualNetwork: 400,
  registry: 600,
  disk: 400,
  clusterCreate: 1500,
  poolCreate: 1200,
  nodeReady: 500,
};

describe("a provisioning survives the Functions host being killed (SIGKILL) and restarted", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
  });
  after(() => p.stop());

  async function assertOneOfEverything(request: ReturnType<typeof aRequest>) {
    const status = await p.finished(request.requestId, 90_000);
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    const puts = idsOf(await loggedWrites(p.arm));
    const cluster = `/managedclusters/${request.cluster.name.toLowerCase()}`;
    assert.equal(puts.filter((id) => id.endsWith(cluster)).length, 1, "one cluster PUT, never a second");
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"), 10_000);
    await new Promise((r) => setTimeout(r, 300)); // a duplicate would have arrived by now
    const provisioned = p.eventsOf(request.requestId).filter((e) => e.type === "cluster.provisioned");
    assert.equal(provisioned.length, 1, "one cluster.provisioned");
    const ids = p.eventsOf(request.requestId).map((e) => e.messageId);
    assert.equal(new Set(ids).size, ids.length, "no event received twice");
  }

  it("killed while the cluster is being created, restarted: the run resumes and completes once", async () => {
    const request = aRequest("crash");
    await p.api("POST", "clusters", request);
    await waitFor(
      async () => (await p.status(request.requestId)).steps.find((s) => s.id === "cluster")?.state === "waiting",
      {
        timeoutMs: 30_000,
        message: "the cluster step never started waiting",
      },
    );
    await p.devhost.kill("SIGKILL");
    await p.startDevhost();
    await assertOneOfEverything(request);
  });

  it("killed at three random moments of one run (seeded), restarted each time: it completes once", async (t) => {
    const random = killMoments(t);
    const request = aRequest("kill");
    await p.api("POST", "clusters", request);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 1200)));
      await p.devhost.kill("SIGKILL");
      await p.startDevhost();
    }
    await assertOneOfEverything(request);
  });
});
