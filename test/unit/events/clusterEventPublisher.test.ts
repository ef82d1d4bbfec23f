import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TokenCredential } from "@azure/identity";
import type { ServiceBusClient, ServiceBusMessage } from "@azure/service-bus";
import { createClusterEventPublisher } from "../../../src/events/clusterEventPublisher.js";
import { createServiceBusClient } from "../../../src/events/createServiceBusClient.js";
import { isSecretInEventError } from "../../../src/events/errors.js";
import { exampleEvents } from "./exampleEvents.js";

/**
 * A ServiceBusClient stand-in that records what would be sent (the publisher only creates senders and batches);
 * a batch takes messages up to `batchBytes` of JSON.
 */
function recordingClient(batchBytes = 262_144) {
  const sent: { topic: string; messages: ServiceBusMessage[] }[] = [];
  const client = {
    createSender(topic: string) {
      return {
        async createMessageBatch() {
          const messages: ServiceBusMessage[] = [];
          let bytes = 0;
          return {
            messages,
            get count() {
              return messages.length;
            },
            tryAddMessage(m: ServiceBusMessage) {
              const size = JSON.stringify(m).length;
              if (bytes + size > batchBytes) return false;
              bytes += size;
              messages.push(m);
              return true;
            },
          };
        },
        async sendMessages(m: ServiceBusMessage | ServiceBusMessage[] | { messages: ServiceBusMessage[] }) {
          sent.push({ topic, messages: Array.isArray(m) ? m : "messages" in m ? m.messages : [m] });
        },
        async close() {},
      };
    },
  } as unknown as ServiceBusClient;
  return { client, sent };
}

describe("createClusterEventPublisher", () => {
  it("sends to the configured topic, one message per event, in order", async () => {
    const { client, sent } = recordingClient();
    const publisher = createClusterEventPublisher(client, { topicName: "my-events" });
    await publisher.publish(exampleEvents["cluster.provisioning.started"]);
    await publisher.publishAll([exampleEvents["cluster.provisioned"], exampleEvents["cluster.scaled"]]);
    await publisher.close();
    assert.deepEqual(
      sent.map((s) => [s.topic, s.messages.map((m) => m.applicationProperties?.eventType)]),
      [
        ["my-events", ["cluster.provisioning.started"]],
        ["my-events", ["cluster.provisioned", "cluster.scaled"]],
      ],
    );
  });

  it("sends a backlog too big for one batch in several, in order; an event that fits no batch is refused", async () => {
    const one = JSON.stringify(
      (await (async () => {
        const { client, sent } = recordingClient();
        await createClusterEventPublisher(client).publish(exampleEvents["cluster.provisioned"]);
        return sent[0]?.messages[0];
      })()) ?? {},
    ).length;
    const { client, sent } = recordingClient(one * 2 + 10);
    const publisher = createClusterEventPublisher(client);
    const five = [1, 2, 3, 4, 5].map(() => exampleEvents["cluster.provisioned"]);
    await publisher.publishAll(five);
    assert.deepEqual(
      sent.map((s) => s.messages.length),
      [2, 2, 1],
    );
    const tiny = recordingClient(10);
    await assert.rejects(
      createClusterEventPublisher(tiny.client).publishAll(five),
      (e: Error & { code?: string }) => e.code === "MessageSizeExceeded",
    );
    assert.equal(tiny.sent.length, 0);
  });

  it("defaults to the cluster-events topic", async () => {
    const { client, sent } = recordingClient();
    await createClusterEventPublisher(client).publish(exampleEvents["cluster.deleted"]);
    assert.equal(sent[0]?.topic, "cluster-events");
  });

  it("sends nothing at all when any event of a batch carries a secret", async () => {
    const { client, sent } = recordingClient();
    const publisher = createClusterEventPublisher(client);
    const failed = exampleEvents["cluster.provisioning.failed"];
    const leaky = {
      ...failed,
      data: {
        ...failed.data,
        error: { code: "X", message: "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc" },
      },
    };
    await assert.rejects(publisher.publishAll([exampleEvents["cluster.provisioned"], leaky]), isSecretInEventError);
    assert.equal(sent.length, 0);
  });
});

describe("createServiceBusClient", () => {
  it("uses the connection string when one is configured (sandbox)", async () => {
    const client = createServiceBusClient({
      connectionString:
        "Endpoint=sb://localhost:5672;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true;",
    });
    assert.equal(client.fullyQualifiedNamespace, "localhost");
    await client.close();
  });

  it("uses the namespace and the given credential otherwise (Azure, identity-based)", async () => {
    const credential: TokenCredential = {
      getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 60_000 }),
    };
    const client = createServiceBusClient({ fullyQualifiedNamespace: "contoso.servicebus.windows.net" }, credential);
    assert.equal(client.fullyQualifiedNamespace, "contoso.servicebus.windows.net");
    await client.close();
  });
});
