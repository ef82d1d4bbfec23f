import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import {
  ArmThrottledError,
  answerThrottling,
  throttlingPolicy,
  watchThrottling,
} from "../../../src/azure/throttling.js";

const SUB = "00000000-0000-4000-8000-00000000a5b1";

/** Sends one request through the policy to a `next` that answers `status` (with Retry-After 3 s on a 429). */
function send(method: "GET" | "PUT", status: number) {
  const request = createPipelineRequest({
    url: `https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg?api-version=2021-04-01`,
    method,
  });
  const headers = createHttpHeaders(status === 429 ? { "retry-after": "3" } : {});
  return throttlingPolicy.sendRequest(request, async (): Promise<PipelineResponse> => ({ request, status, headers }));
}

describe("throttlingPolicy: a 429 drains the budget, and answerThrottling hands a 429 to the caller", () => {
  it("notes a throttled write or read with ARM's wait (the read too: it brakes the polls), not an answered one", async () => {
    for (const [method, status, drained] of [
      ["PUT", 429, true],
      ["GET", 429, true],
      ["PUT", 200, false],
    ] as const) {
      const before = Date.now();
      let noted: { subscriptionId: string; untilMs: number }[] = [];
      await watchThrottling(
        () => send(method, status),
        async (t) => {
          noted = t;
        },
      );
      assert.equal(noted.length, drained ? 1 : 0, `${method} ${status}`);
      if (drained) {
        assert.equal(noted[0]?.subscriptionId, SUB);
        assert.ok((noted[0]?.untilMs ?? 0) >= before + 3000, "until ARM's Retry-After");
      }
    }
  });

  it("inside answerThrottling a 429 is thrown with its Retry-After; outside it is the response", async () => {
    await assert.rejects(
      answerThrottling(() => send("GET", 429)),
      (error: unknown) => error instanceof ArmThrottledError && error.retryAfterMs === 3000,
    );
    assert.equal((await send("GET", 429)).status, 429);
    assert.equal((await answerThrottling(() => send("GET", 200))).status, 200);
  });
});
