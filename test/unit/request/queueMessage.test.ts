import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PROBLEMS, parseQueueMessage, queueOperations } from "../../../src/request/index.js";

describe("parseQueueMessage", () => {
  it("lists at most MAX_PROBLEMS of a day-2 message's problems and counts the rest (its rejection is one message)", () => {
    const fields = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, i]));
    const parsed = parseQueueMessage({ operation: "stop", requestId: "CHG-1", ...fields });
    assert.ok(!parsed.ok);
    assert.equal(parsed.problems.length, MAX_PROBLEMS + 1);
    assert.deepEqual(parsed.problems.at(-1), {
      path: "",
      code: "TooManyProblems",
      message: `${5000 - MAX_PROBLEMS} more problems not listed`,
    });
  });

  it("reads a message without an operation as a provisioning, its request left for intake to check", () => {
    const parsed = parseQueueMessage({ requestId: "CHG-1", location: "westeurope" });
    assert.deepEqual(parsed, {
      ok: true,
      operation: "provision",
      requestId: "CHG-1",
      request: { requestId: "CHG-1", location: "westeurope" },
    });
  });

  it("drops operation 'provision' from the request it hands on (the request schema is strict)", () => {
    const parsed = parseQueueMessage({ operation: "provision", requestId: "CHG-1" });
    assert.ok(parsed.ok && parsed.operation === "provision");
    assert.deepEqual(parsed.request, { requestId: "CHG-1" });
  });

  it("reads a day-2 message: its request id and pool as the route's parameters, its body ({} when left out)", () => {
    assert.deepEqual(parseQueueMessage({ operation: "stop", requestId: "CHG-1" }), {
      ok: true,
      operation: "stop",
      requestId: "CHG-1",
      params: { requestId: "CHG-1" },
      body: {},
    });
    assert.deepEqual(parseQueueMessage({ operation: "pools.remove", requestId: "CHG-1", pool: "user" }), {
      ok: true,
      operation: "pools.remove",
      requestId: "CHG-1",
      params: { requestId: "CHG-1", pool: "user" },
      body: {},
    });
    const scale = parseQueueMessage({ operation: "scale", requestId: "CHG-1", body: { pools: { user: 3 } } });
    assert.ok(scale.ok && scale.operation === "scale");
    assert.deepEqual(scale.body, { pools: { user: 3 } });
  });

  it("refuses what is not an object", () => {
    for (const value of [null, 42, "text", [1]]) {
      const parsed = parseQueueMessage(value);
      assert.ok(!parsed.ok);
      assert.deepEqual(
        parsed.problems.map((p) => [p.path, p.code]),
        [["", "InvalidType"]],
      );
    }
  });

  it("refuses an unknown operation, naming the known ones, and keeps the request id for correlation", () => {
    const parsed = parseQueueMessage({ operation: "resize", requestId: "CHG-1" });
    assert.ok(!parsed.ok);
    assert.equal(parsed.requestId, "CHG-1");
    assert.equal(parsed.operation, "resize");
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]?.code, "UnknownOperation");
    for (const name of Object.keys(queueOperations)) assert.ok(parsed.problems[0]?.message.includes(name), name);
    const notText = parseQueueMessage({ operation: 7 });
    assert.ok(!notText.ok);
    assert.equal(notText.problems[0]?.path, "operation");
  });

  it("names an unknown operation without echoing it: nested 50,000 deep or 100,000 characters long", () => {
    const deep = JSON.parse(`${"[".repeat(50_000)}${"]".repeat(50_000)}`);
    const nested = parseQueueMessage({ operation: deep, requestId: "CHG-1" });
    assert.ok(!nested.ok);
    assert.deepEqual(
      nested.problems.map((p) => [p.path, p.code]),
      [["operation", "UnknownOperation"]],
    );
    assert.match(nested.problems[0]?.message ?? "", /^unknown operation an array;/);
    const long = parseQueueMessage({ operation: "x".repeat(100_000), requestId: "y".repeat(40_000) });
    assert.ok(!long.ok);
    assert.ok((long.problems[0]?.message.length ?? Infinity) < 400, "the message stays short");
    assert.equal(long.operation, undefined, "no operation is 100,000 characters long");
    assert.equal(long.requestId, undefined, "past a Service Bus property's 32 KB, and no request's id");
    const provision = parseQueueMessage({ requestId: "z".repeat(65) });
    assert.ok(provision.ok);
    assert.equal(provision.requestId, undefined);
  });

  it("reports every problem of a day-2 envelope at once", () => {
    const parsed = parseQueueMessage({ operation: "pools.remove", requestId: "bad id!", extra: 1 });
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.problems.map((p) => [p.path, p.code]).sort(), [
      ["extra", "UnknownField"],
      ["pool", "Required"],
      ["requestId", "InvalidRequestId"],
    ]);
    const noId = parseQueueMessage({ operation: "start", pool: "user" });
    assert.ok(!noId.ok);
    assert.deepEqual(noId.problems.map((p) => [p.path, p.code]).sort(), [
      ["pool", "UnknownField"],
      ["requestId", "Required"],
    ]);
  });

  it("maps every operation to a Durable operation kind (none for an approval decision), one entry each", () => {
    assert.deepEqual(
      Object.entries(queueOperations).map(([name, o]) => [name, "kind" in o ? o.kind : undefined]),
      [
        ["provision", "provision"],
        ["deprovision", "deprovision"],
        ["scale", "scale"],
        ["pools.add", "poolAdd"],
        ["pools.remove", "poolRemove"],
        ["stop", "stop"],
        ["start", "start"],
        ["upgrade", "upgrade"],
        ["approve", undefined],
        ["reject", undefined],
      ],
    );
  });
});
