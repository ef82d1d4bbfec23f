import type { ClusterEventInput } from "../../../src/events/buildClusterEvent.js";
import type { ClusterEventType } from "../../../src/events/clusterEventTypes.js";

const cluster = {
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  resourceGroup: "rg-team-a",
  clusterName: "aks-team-a",
};
const time = new Date("2026-01-01T12:00:00Z");

/** One realistic input per event type (the examples in docs/events.md follow these). */
export const exampleEvents: { [T in ClusterEventType]: ClusterEventInput<T> } = {
  "cluster.provisioning.started": {
    type: "cluster.provisioning.started",
    requestId: "REQ-1042",
    cluster,
    time,
    data: { requester: "alice@example.com", kubernetesVersion: "1.30.3", nodePoolCount: 2 },
  },
  "cluster.provisioning.progress": {
    type: "cluster.provisioning.progress",
    requestId: "REQ-1042",
    cluster,
    time,
    data: { step: "network", status: "succeeded", sequence: 3, message: "virtual network vnet-aks-team-a ready" },
  },
  "cluster.provisioned": {
    type: "cluster.provisioned",
    requestId: "REQ-1042",
    cluster,
    time,
    data: {
      kubernetesVersion: "1.30.3",
      fqdn: "aks-team-a-dns-1a2b3c4d.hcp.westeurope.azmk8s.io",
      nodePools: [
        { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 3 },
        { name: "user", mode: "User", vmSize: "Standard_D8ds_v5", count: 2, minCount: 1, maxCount: 5 },
      ],
      registryLoginServer: "acrteama.azurecr.io",
      durationSeconds: 612,
    },
  },
  "cluster.provisioning.failed": {
    type: "cluster.provisioning.failed",
    requestId: "REQ-1042",
    cluster,
    time,
    data: {
      step: "cluster",
      error: {
        code: "QuotaExceeded",
        message:
          "Operation could not be completed as it results in exceeding approved standardDDSv5Family Cores quota.",
        statusCode: 409,
      },
      rollbackRequested: true,
    },
  },
  "cluster.request.accepted": {
    type: "cluster.request.accepted",
    requestId: "REQ-1042",
    cluster,
    correlationId: "ticket-7731",
    sequence: "msg-5f0c",
    time,
    data: {
      operation: "provision",
      requestId: "REQ-1042",
      instanceId: "provision-REQ-1042",
      statusUrl: "https://func-aks-provisioner.azurewebsites.net/api/clusters/REQ-1042",
      operationUrl: "https://func-aks-provisioner.azurewebsites.net/api/clusters/REQ-1042/operation",
    },
  },
  "cluster.request.rejected": {
    type: "cluster.request.rejected",
    requestId: "REQ-1043",
    correlationId: "ticket-7732",
    sequence: "msg-5f0d",
    time,
    data: {
      code: "InvalidRequest",
      message: "the request has 1 problem",
      operation: "provision",
      errors: [
        {
          path: "cluster.podCidr",
          code: "InvalidParameter",
          message: "pod range 10.0.128.0/17 overlaps the VNet range 10.0.0.0/16",
        },
      ],
    },
  },
  "cluster.rolledback": {
    type: "cluster.rolledback",
    requestId: "REQ-1042",
    cluster,
    time,
    data: {
      deletedResourceIds: [
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-team-a/providers/Microsoft.Network/virtualNetworks/vnet-aks-team-a",
      ],
      failures: [],
    },
  },
  "cluster.scaled": {
    type: "cluster.scaled",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "nightly-scale-down/2026-01-01T20:00:00Z",
    data: {
      nodePool: "user",
      fromCount: 2,
      toCount: 0,
      trigger: { kind: "schedule", scheduleName: "nightly-scale-down" },
    },
  },
  "cluster.stopped": {
    type: "cluster.stopped",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "weekend-stop/2026-01-03T00:00:00Z",
    data: { trigger: { kind: "schedule", scheduleName: "weekend-stop" } },
  },
  "cluster.started": {
    type: "cluster.started",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "weekday-start/2026-01-05T06:00:00Z",
    data: { trigger: { kind: "schedule", scheduleName: "weekday-start" } },
  },
  "cluster.deleted": {
    type: "cluster.deleted",
    requestId: "REQ-1044",
    cluster,
    time,
    sequence: "7c1d2b0e-2f44-4c3a-9a55-0f4b1f0e6a11",
    data: {
      deletedResourceIds: [
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-team-a/providers/Microsoft.ContainerService/managedClusters/aks-team-a",
      ],
      keptResourceIds: [
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-team-a",
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks",
      ],
    },
  },
  "cluster.upgraded": {
    type: "cluster.upgraded",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "5d0a7e3c-8b1f-4d2e-9c6a-3e2f1a0b9c88",
    data: {
      fromVersion: "1.30.3",
      toVersion: "1.31.2",
      nodePools: [
        { name: "system", version: "1.31.2" },
        { name: "user", version: "1.31.2" },
      ],
    },
  },
  "cluster.pool.added": {
    type: "cluster.pool.added",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "0e9b8a7c-6d5e-4f3a-8b2c-1d0e9f8a7b6c",
    data: { nodePool: { name: "gpu", mode: "User", vmSize: "Standard_NC6s_v3", count: 1 } },
  },
  "cluster.pool.removed": {
    type: "cluster.pool.removed",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    data: { nodePool: "gpu" },
  },
  "cluster.operation.progress": {
    type: "cluster.operation.progress",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "5d0a7e3c-8b1f-4d2e-9c6a-3e2f1a0b9c88/2",
    data: {
      operationId: "5d0a7e3c-8b1f-4d2e-9c6a-3e2f1a0b9c88",
      kind: "upgrade",
      step: "controlPlane",
      status: "waiting",
      sequence: "5d0a7e3c-8b1f-4d2e-9c6a-3e2f1a0b9c88/2",
      message: "Upgrading",
    },
  },
  "cluster.operation.failed": {
    type: "cluster.operation.failed",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
    data: {
      operationId: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
      kind: "scale",
      step: "pool:user",
      error: {
        code: "QuotaExceeded",
        message: "Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.",
      },
    },
  },
  "cluster.approval.requested": {
    type: "cluster.approval.requested",
    requestId: "REQ-1045",
    cluster,
    time,
    data: {
      reasons: [
        "the request asks for approval",
        "pool system: Standard_D2s_v5 matches APPROVAL_REQUIRED_VM_SIZES (Standard_D*)",
      ],
      expiresAt: "2026-01-04T12:00:00.000Z",
      plan: {
        subscriptionId: "00000000-0000-0000-0000-000000000001",
        resourceGroup: "rg-team-a",
        location: "westeurope",
        resources: [
          {
            kind: "resourceGroup",
            resourceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-team-a",
          },
          {
            kind: "managedCluster",
            resourceId:
              "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-team-a/providers/Microsoft.ContainerService/managedClusters/aks-team-a",
          },
        ],
        roleAssignments: 0,
        nodePools: [{ name: "system", mode: "System", vmSize: "Standard_D2s_v5", count: 2 }],
        skuTier: "Standard",
      },
      estimate: {
        currency: "EUR",
        monthly: { min: 221.63, max: 221.63 },
        lines: [
          {
            name: "pool:system",
            description: "2 × Standard_D2s_v5 (Linux), 730 h",
            unitOfMeasure: "1 Hour",
            quantity: { min: 1460, max: 1460 },
            unitPrice: 0.1058,
            meterId: "d2b4e1a0-8f3c-5a6e-9b7d-0c1e2f3a4b5c",
            meterName: "D2s v5",
            monthly: { min: 154.47, max: 154.47 },
          },
          {
            name: "clusterTier",
            description: "AKS Standard tier, 730 h",
            unitOfMeasure: "1 Hour",
            quantity: { min: 730, max: 730 },
            unitPrice: 0.092,
            meterId: "7e1c9b2a-3d4f-5e6a-8b9c-0d1e2f3a4b5d",
            meterName: "Standard Uptime SLA",
            monthly: { min: 67.16, max: 67.16 },
          },
        ],
        unpriced: [],
      },
      preflightNotes: [],
    },
  },
  "cluster.approval.granted": {
    type: "cluster.approval.granted",
    requestId: "REQ-1045",
    cluster,
    time,
    data: { approver: "lead@example.com", comment: "budget CC-4711" },
  },
  "cluster.approval.rejected": {
    type: "cluster.approval.rejected",
    requestId: "REQ-1046",
    cluster,
    time,
    data: { approver: "lead@example.com", comment: "use the shared cluster" },
  },
  "cluster.approval.expired": {
    type: "cluster.approval.expired",
    requestId: "REQ-1047",
    cluster,
    time,
    data: { requestedAt: "2026-01-01T12:00:00.000Z", expiresAt: "2026-01-04T12:00:00.000Z" },
  },
  "cluster.schedule.skipped": {
    type: "cluster.schedule.skipped",
    requestId: "REQ-1042",
    cluster,
    time,
    sequence: "skipped/night-scale-down/20251230T190000Z",
    data: {
      scheduleName: "night-scale-down",
      action: "scale",
      reason: "pastGrace",
      count: 2,
      firstOccurrence: "2025-12-30T19:00:00.000Z",
      lastOccurrence: "2025-12-31T19:00:00.000Z",
      message: "2 occurrences missed by more than 30 minutes (SCHEDULE_GRACE_MINUTES) were not applied",
    },
  },
  "cluster.expiring": {
    type: "cluster.expiring",
    requestId: "REQ-1042",
    cluster,
    time,
    data: { expiresAt: "2026-01-02T12:00:00.000Z", ttlHours: 72 },
  },
};
