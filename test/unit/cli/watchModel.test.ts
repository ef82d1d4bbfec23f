import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  elapsedSeconds,
  stageGroups,
  stepChanges,
  stepDetail,
  stepHasEnded,
  stepLine,
} from "../../../cli/watchModel.js";
import type { StepStatus } from "../../../src/request/index.js";

const VNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a";
const step = (id: string, stage: StepStatus["stage"], extra: Partial<StepStatus> = {}): StepStatus =>
  ({ id, kind: id.split(":")[0], stage, state: "pending", attempts: 0, ...extra }) as StepStatus;

// Three polls of one provisioning, as the status API answers them.
const polls: StepStatus[][] = [
  [
    step("resourceGroup", "resourceGroup"),
    step("network", "dependencies", { resourceId: VNET }),
    step("registry", "dependencies"),
    step("cluster", "cluster"),
  ],
  [
    step("resourceGroup", "resourceGroup", {
      state: "succeeded",
      attempts: 1,
      startedAt: "2026-01-01T00:00:00Z",
      endedAt: "2026-01-01T00:00:01Z",
    }),
    step("network", "dependencies", {
      resourceId: VNET,
      state: "waiting",
      attempts: 1,
      lastSeen: "Updating",
      startedAt: "2026-01-01T00:00:01Z",
    }),
    step("registry", "dependencies", { state: "running", attempts: 1, startedAt: "2026-01-01T00:00:01Z" }),
    step("cluster", "cluster"),
  ],
  [
    step("resourceGroup", "resourceGroup", {
      state: "succeeded",
      attempts: 1,
      startedAt: "2026-01-01T00:00:00Z",
      endedAt: "2026-01-01T00:00:01Z",
    }),
    step("network", "dependencies", {
      resourceId: VNET,
      state: "waiting",
      attempts: 2,
      lastSeen: "Updating",
      startedAt: "2026-01-01T00:00:01Z",
    }),
    step("registry", "dependencies", {
      state: "failed",
      attempts: 1,
      startedAt: "2026-01-01T00:00:01Z",
      endedAt: "2026-01-01T00:00:03Z",
      error: { code: "RegistryNameInUse", message: "taken" },
    }),
    step("cluster", "cluster", { state: "skipped" }),
  ],
];

describe("watch model", () => {
  it("groups steps by stage in the order they run", () => {
    assert.deepEqual(
      stageGroups(polls[0] ?? []).map((g) => [g.stage, g.steps.map((s) => s.id)]),
      [
        ["resourceGroup", ["resourceGroup"]],
        ["dependencies", ["network", "registry"]],
        ["cluster", ["cluster"]],
      ],
    );
  });

  it("reports what changed between polls: states, retries and failures, nothing unchanged", () => {
    assert.deepEqual(stepChanges(undefined, polls[0] ?? []), [], "pending steps seen first are no change");
    assert.deepEqual(
      stepChanges(polls[0], polls[1] ?? []).map((c) => [c.step.id, c.from, c.step.state]),
      [
        ["resourceGroup", "pending", "succeeded"],
        ["network", "pending", "waiting"],
        ["registry", "pending", "running"],
      ],
    );
    assert.deepEqual(
      stepChanges(polls[1], polls[2] ?? []).map((c) => [c.step.id, c.from, c.step.state, c.step.attempts]),
      [
        ["network", "waiting", "waiting", 2],
        ["registry", "running", "failed", 1],
        ["cluster", "pending", "skipped", 0],
      ],
    );
  });

  it("shows retries, the wait, Azure's error and the resource", () => {
    const [, network, registry, cluster] = polls[2] ?? [];
    assert.ok(network && registry && cluster);
    assert.equal(stepDetail(network), "waiting · attempt 2 (retried) · waiting on Updating · virtualNetworks/vnet-a");
    assert.equal(stepDetail(registry), "failed · RegistryNameInUse: taken");
    assert.equal(stepHasEnded(network), false);
    assert.equal(stepHasEnded(registry) && stepHasEnded(cluster), true);
  });

  it("times a step to its end, or to now while it runs", () => {
    const [rg, network, , cluster] = polls[2] ?? [];
    assert.ok(rg && network && cluster);
    assert.equal(elapsedSeconds(rg, Date.parse("2026-01-01T01:00:00Z")), 1);
    assert.equal(elapsedSeconds(network, Date.parse("2026-01-01T00:00:05Z")), 4);
    assert.equal(elapsedSeconds(cluster, Date.now()), undefined);
    assert.match(stepLine(network, Date.parse("2026-01-01T00:00:05Z")), /^network 4\.0s · waiting/);
  });
});
