import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { provisionInstanceId } from "../../src/orchestrators/provisionInput.js";
import { waitFor } from "../helpers/waitFor.js";
import { instancesWithPrefix, QueueClient } from "../integration/intake/queueHelpers.js";
import { idsOf, loggedWrites } from "../integration/provision/armWrites.js";
import { Provisioner } from "../integration/provision/harness.js";
import { aRequest } from "../integration/provision/requests.js";

// The same request 5× over HTTP and 5× over the queue, interleaved: one orchestration, one cluster, one event.
export function suite(): void {
  describe("duplicates: one request sent ten times over HTTP and the queue", () => {
    let p: Provisioner;
    let queue: QueueClient;
    before(async () => {
      p = await Provisioner.start();
      queue = new QueueClient(p);
    });
    after(async () => {
      await queue?.close();
      await p?.stop();
    });

    it("makes one orchestration, one cluster and one cluster.provisioned", async (t) => {
      const request = aRequest("dup");
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < 5; i++) {
        sends.push(p.api("POST", "clusters", request).then((r) => r.text()));
        sends.push(queue.send(request));
      }
      await Promise.all(sends);
      const status = await p.finished(request.requestId, 90_000);
      assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
      await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"), 15_000);
      await new Promise((r) => setTimeout(r, 500)); // a duplicate would have arrived by now
      // Sub-orchestrations and entities carry ":" in their ids; the provisioning itself is one instance.
      const instances = (await instancesWithPrefix(p, provisionInstanceId(request.requestId))).filter(
        (i) => !i.instanceId.includes(":"),
      );
      assert.equal(instances.length, 1, `orchestrations: ${JSON.stringify(instances.map((i) => i.instanceId))}`);
      const cluster = `/managedclusters/${request.cluster.name.toLowerCase()}`;
      const puts = idsOf(await loggedWrites(p.arm)).filter((id) => id.endsWith(cluster));
      assert.equal(puts.length, 1, `cluster PUTs duplicated: ${puts.length}`);
      const provisioned = p.eventsOf(request.requestId).filter((e) => e.type === "cluster.provisioned");
      assert.equal(provisioned.length, 1, `cluster.provisioned received ${provisioned.length}×`);
      t.diagnostic(
        `duplicates: 10 sends → ${instances.length} orchestration, ${puts.length} cluster PUT, ${provisioned.length} cluster.provisioned`,
      );
    });
  });
}
