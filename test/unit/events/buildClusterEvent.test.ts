import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildClusterEventMessage,
  CLOUDEVENTS_CONTENT_TYPE,
  eventMessageId,
  parseClusterEvent,
} from "../../../src/events/buildClusterEvent.js";
import { clusterEventTypes, isClusterEventType } from "../../../src/events/clusterEventTypes.js";
import { isSecretInEventError } from "../../../src/events/errors.js";
import { exampleEvents } from "./exampleEvents.js";

describe("buildClusterEventMessage", () => {
  it("covers every catalogued type with an example", () => {
    assert.deepEqual(Object.keys(exampleEvents).sort(), Object.values(clusterEventTypes).sort());
  });

  for (const input of Object.values(exampleEvents)) {
    it(`builds a structured CloudEvents 1.0 message for ${input.type}`, () => {
      const message = buildClusterEventMessage(input);
      assert.equal(message.contentType, CLOUDEVENTS_CONTENT_TYPE);
      assert.equal(message.correlationId, input.correlationId ?? input.requestId);
      const subject = input.cluster
        ? "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-team-a/providers/Microsoft.ContainerService/managedClusters/aks-team-a"
        : undefined;
      assert.equal(message.subject, subject);
      assert.deepEqual(message.applicationProperties, {
        eventType: input.type,
        requestId: input.requestId,
        ...(input.cluster ? { clusterName: "aks-team-a" } : {}),
      });
      assert.ok(Buffer.isBuffer(message.body));
      const event = parseClusterEvent(message.body);
      assert.equal(event.specversion, "1.0");
      assert.equal(event.type, input.type);
      assert.equal(event.source, "/aks-provisioner");
      assert.equal(event.id, message.messageId);
      assert.equal(event.subject, message.subject);
      assert.equal(event.time, "2026-01-01T12:00:00.000Z");
      assert.deepEqual(event.data, input.data);
      assert.ok(isClusterEventType(event.type));
    });
  }

  it("carries a queued request's correlation id as the message's correlationId and the correlationid extension", () => {
    const http = buildClusterEventMessage(exampleEvents["cluster.provisioned"]);
    assert.equal(http.correlationId, "REQ-1042");
    assert.equal(parseClusterEvent(http.body).correlationid, undefined);
    const queued = buildClusterEventMessage({ ...exampleEvents["cluster.provisioned"], correlationId: "ticket-7731" });
    assert.equal(queued.correlationId, "ticket-7731");
    assert.equal(parseClusterEvent(queued.body).correlationid, "ticket-7731");
    assert.equal(queued.messageId, http.messageId, "the correlation is not part of the message id");
  });

  it("builds a rejection of a message that named no request: no subject, no requestId property, still correlated", () => {
    const { cluster: _, ...rejected } = exampleEvents["cluster.request.rejected"];
    const message = buildClusterEventMessage({ ...rejected, requestId: "" });
    assert.equal(message.correlationId, "ticket-7732");
    assert.equal(message.subject, undefined);
    assert.deepEqual(message.applicationProperties, { eventType: "cluster.request.rejected" });
  });

  it("gives the same message id to a re-send and a different one to another step", () => {
    const progress = exampleEvents["cluster.provisioning.progress"];
    const first = buildClusterEventMessage(progress);
    const again = buildClusterEventMessage({ ...progress, time: new Date() });
    const next = buildClusterEventMessage({ ...progress, data: { ...progress.data, sequence: 4 } });
    assert.equal(first.messageId, again.messageId);
    assert.notEqual(first.messageId, next.messageId);
    assert.notEqual(
      eventMessageId("REQ-1", "cluster.provisioned"),
      eventMessageId("REQ-1", "cluster.provisioning.failed"),
    );
    assert.match(String(first.messageId), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("takes a progress event's message id from data.sequence, and refuses a second sequence that disagrees", () => {
    const progress = exampleEvents["cluster.provisioning.progress"];
    assert.equal(
      buildClusterEventMessage(progress).messageId,
      eventMessageId(progress.requestId, progress.type, progress.data.sequence),
    );
    assert.equal(
      buildClusterEventMessage({ ...progress, sequence: progress.data.sequence }).messageId,
      buildClusterEventMessage(progress).messageId,
    );
    assert.throws(() => buildClusterEventMessage({ ...progress, sequence: 99 }), /disagrees/);
  });

  it("refuses to build an event whose data carries a kubeconfig", () => {
    const provisioned = exampleEvents["cluster.provisioned"];
    const withSecret = { ...provisioned, data: { ...provisioned.data, kubeconfig: "apiVersion: v1\nclusters: []" } };
    assert.throws(() => buildClusterEventMessage(withSecret), isSecretInEventError);
  });
});
