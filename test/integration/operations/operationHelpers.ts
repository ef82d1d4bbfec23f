import assert from "node:assert/strict";
import { waitFor } from "../../helpers/waitFor.js";
import type { Provisioner } from "../provision/harness.js";
import type { aRequest } from "../provision/requests.js";

/** An operation's final status, as its operation URL answers once it has ended. */
export interface EndedOperation {
  operationId: string;
  state: string;
  kind: string;
  steps: { id: string; state: string; lastSeen?: string }[];
  failure?: { step: string; error: { code: string; message: string } };
  result?: Record<string, unknown>;
}

/** Starts an operation (expects 202) and returns its ids and URL. */
export async function startOperation(
  p: Provisioner,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ operationId: string; operationUrl: string; instanceId: string; kind: string }> {
  const res = await p.api(method, path, body);
  assert.equal(res.status, 202, await res.clone().text());
  return (await res.json()) as { operationId: string; operationUrl: string; instanceId: string; kind: string };
}

/** Waits on an operation URL (202 while it runs) until it has ended. */
export async function finishedOperation(p: Provisioner, url: string, timeoutMs = 60_000): Promise<EndedOperation> {
  return waitFor(
    async () => {
      const res = await fetch(url, { headers: { "x-functions-key": p.key } });
      if (res.status === 202) {
        assert.ok(res.headers.get("retry-after"), "a 202 says when to look again");
        return undefined;
      }
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as EndedOperation;
    },
    { timeoutMs, intervalMs: 50, message: `operation ${url} did not end` },
  );
}

/** The error body of an API answer. */
export async function apiErrorOf(res: Response): Promise<{
  code: string;
  message: string;
  target?: string;
  details?: { path: string; code: string; message: string }[];
}> {
  return ((await res.json()) as { error: never }).error;
}

/** Provisions a request and expects it to succeed: the cluster a day-2 test works on. */
export async function provisioned(p: Provisioner, request: ReturnType<typeof aRequest>): Promise<void> {
  const res = await p.api("POST", "clusters", request);
  assert.equal(res.status, 202, await res.clone().text());
  const done = await p.finished(request.requestId);
  assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
}
