import assert from "node:assert/strict";
import { waitFor } from "../../helpers/waitFor.js";
import { loggedWrites } from "../provision/armWrites.js";
import type { Provisioner } from "../provision/harness.js";

/** A status with the approval gate's part. */
export type ApprovalView = Awaited<ReturnType<Provisioner["status"]>> & {
  approval?: {
    state: string;
    reasons: string[];
    expiresAt: string;
    estimate: Record<string, unknown>;
    approver?: string;
    comment?: string;
  };
  failure?: { step: string; error: { code: string; message: string } };
};

/** Waits until the request's run waits for a decision and its approval request is on the topic. */
export async function awaitingApproval(p: Provisioner, requestId: string): Promise<ApprovalView> {
  let last: unknown;
  const status = await waitFor(
    async () => {
      const s = (await p.status(requestId).catch(() => undefined)) as ApprovalView | undefined;
      last = s;
      return s?.state === "awaitingApproval" && s.approval?.state === "waiting" ? s : undefined;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 50,
      message: () => `${requestId} never waited for approval: ${JSON.stringify(last)}`,
    },
  );
  await waitFor(() => p.eventsOf(requestId).some((e) => e.type === "cluster.approval.requested"), {
    timeoutMs: 30_000,
    message: `no cluster.approval.requested for ${requestId}`,
  });
  return status;
}

/** Waits until the run has ended in one of `states` (the approval's own final states included). */
export async function endedIn(p: Provisioner, requestId: string, states: string[]): Promise<ApprovalView> {
  let last: unknown;
  return waitFor(
    async () => {
      const s = (await p.status(requestId).catch(() => undefined)) as ApprovalView | undefined;
      last = s;
      return s && states.includes(s.state) ? s : undefined;
    },
    {
      timeoutMs: 90_000,
      intervalMs: 50,
      message: () => `${requestId} did not end in ${states}: ${JSON.stringify(last)}`,
    },
  );
}

/** The ARM writes the sandbox logged inside a resource group (lower case). */
export async function writesIn(p: Provisioner, resourceGroup: string): Promise<string[]> {
  const group = `/resourcegroups/${resourceGroup.toLowerCase()}`;
  return (await loggedWrites(p.arm)).filter((w) => w.includes(`${group}/`) || w.endsWith(group));
}

/** Posts a decision and expects `status`. */
export async function decide(
  p: Provisioner,
  requestId: string,
  verdict: "approve" | "reject",
  body: unknown,
  status: number,
): Promise<Record<string, unknown>> {
  const res = await p.api("POST", `clusters/${requestId}/${verdict}`, body);
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text) as Record<string, unknown>;
}
