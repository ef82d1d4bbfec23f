import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plan, validateClusterRequest, writeOf } from "../../../src/request/index.js";
import { aClusterRequest, TEST_SUBSCRIPTION, withValues } from "./builders.js";

const GROUP = "6f1b1c5e-2d3a-4b8e-9c41-0a7d2e5f8b13";
const WORKSPACE =
  "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1";

/** The base request with the whole production profile: every case below breaks one rule of it. */
function aProductionRequest() {
  return withValues(aClusterRequest(), {
    "cluster.entra": { azureRbac: true, adminGroupObjectIds: [GROUP] },
    "cluster.disableLocalAccounts": true,
    "cluster.upgradeChannel": "stable",
    "cluster.nodeOSUpgradeChannel": "SecurityPatch",
    "cluster.maintenanceWindows": {
      autoUpgrade: {
        schedule: { weekly: { intervalWeeks: 2, dayOfWeek: "Sunday" } },
        startTime: "03:00",
        durationHours: 4,
        notAllowedDates: [{ start: "2026-12-24", end: "2026-12-26" }],
      },
      nodeOSUpgrade: {
        schedule: { absoluteMonthly: { intervalMonths: 1, dayOfMonth: 15 } },
        startTime: "22:30",
        durationHours: 8,
        utcOffset: "-05:00",
      },
    },
    "cluster.addons": {
      monitoring: { logAnalyticsWorkspaceId: WORKSPACE },
      keyVaultSecretsProvider: { secretRotation: true, rotationPollInterval: "30s" },
    },
    "cluster.defender": { logAnalyticsWorkspaceId: WORKSPACE },
    "cluster.imageCleaner": { intervalHours: 48 },
  });
}

const auto = "cluster.maintenanceWindows.autoUpgrade";
const nodeOS = "cluster.maintenanceWindows.nodeOSUpgrade";

/** One rule per case: the values to set on the production base, and the single problem expected. */
const cases: { rule: string; set: Record<string, unknown>; path: string; code: string }[] = [
  {
    rule: "disableLocalAccounts needs managed Entra",
    set: { "cluster.entra": undefined },
    path: "cluster.disableLocalAccounts",
    code: "InvalidParameter",
  },
  {
    rule: "admin group ids are GUIDs",
    set: { "cluster.entra.adminGroupObjectIds": ["platform-admins"] },
    path: "cluster.entra.adminGroupObjectIds[0]",
    code: "InvalidParameter",
  },
  {
    rule: "an admin group listed twice",
    set: { "cluster.entra.adminGroupObjectIds": [GROUP, GROUP.toUpperCase()] },
    path: "cluster.entra.adminGroupObjectIds[1]",
    code: "InvalidParameter",
  },
  {
    rule: "tenant id is a GUID",
    set: { "cluster.entra.tenantId": "contoso.onmicrosoft.com" },
    path: "cluster.entra.tenantId",
    code: "InvalidParameter",
  },
  {
    rule: "no unknown Entra field",
    set: { "cluster.entra.managed": true },
    path: "cluster.entra.managed",
    code: "UnknownField",
  },
  {
    rule: "upgrade channel values",
    set: { "cluster.upgradeChannel": "weekly" },
    path: "cluster.upgradeChannel",
    code: "InvalidValue",
  },
  {
    rule: "node OS channel in ARM's spelling",
    set: { "cluster.nodeOSUpgradeChannel": "node-image" },
    path: "cluster.nodeOSUpgradeChannel",
    code: "InvalidValue",
  },
  {
    rule: "an auto-upgrade window needs an upgradeChannel",
    set: { "cluster.upgradeChannel": undefined },
    path: auto,
    code: "InvalidParameter",
  },
  {
    rule: "an auto-upgrade window needs a channel other than none",
    set: { "cluster.upgradeChannel": "none" },
    path: auto,
    code: "InvalidParameter",
  },
  {
    rule: "a node OS window needs a channel that follows it (not None)",
    set: { "cluster.nodeOSUpgradeChannel": "None" },
    path: nodeOS,
    code: "InvalidParameter",
  },
  {
    rule: "a node OS window needs a channel that follows it (not Unmanaged)",
    set: { "cluster.nodeOSUpgradeChannel": "Unmanaged" },
    path: nodeOS,
    code: "InvalidParameter",
  },
  {
    rule: "window at least 4 hours",
    set: { [`${auto}.durationHours`]: 3 },
    path: `${auto}.durationHours`,
    code: "OutOfRange",
  },
  {
    rule: "window at most 24 hours",
    set: { [`${nodeOS}.durationHours`]: 25 },
    path: `${nodeOS}.durationHours`,
    code: "OutOfRange",
  },
  {
    rule: "startTime is HH:mm",
    set: { [`${auto}.startTime`]: "24:00" },
    path: `${auto}.startTime`,
    code: "InvalidParameter",
  },
  {
    rule: "utcOffset is ±HH:mm",
    set: { [`${nodeOS}.utcOffset`]: "+1:00" },
    path: `${nodeOS}.utcOffset`,
    code: "InvalidParameter",
  },
  {
    rule: "startDate is a real date",
    set: { [`${auto}.startDate`]: "2026-02-30" },
    path: `${auto}.startDate`,
    code: "InvalidParameter",
  },
  {
    rule: "a not-allowed range ends on or after its start",
    set: { [`${auto}.notAllowedDates[0].end`]: "2026-12-23" },
    path: `${auto}.notAllowedDates[0].end`,
    code: "InvalidParameter",
  },
  {
    rule: "exactly one schedule kind, not two",
    set: { [`${auto}.schedule.absoluteMonthly`]: { intervalMonths: 1, dayOfMonth: 1 } },
    path: `${auto}.schedule`,
    code: "InvalidParameter",
  },
  {
    rule: "exactly one schedule kind, not none",
    set: { [`${auto}.schedule`]: {} },
    path: `${auto}.schedule`,
    code: "InvalidParameter",
  },
  {
    rule: "weekdays in ARM's spelling",
    set: { [`${auto}.schedule.weekly.dayOfWeek`]: "Sun" },
    path: `${auto}.schedule.weekly.dayOfWeek`,
    code: "InvalidValue",
  },
  {
    rule: "every 1–4 weeks",
    set: { [`${auto}.schedule.weekly.intervalWeeks`]: 5 },
    path: `${auto}.schedule.weekly.intervalWeeks`,
    code: "OutOfRange",
  },
  {
    rule: "the monitoring workspace is a Log Analytics workspace id",
    set: { "cluster.addons.monitoring.logAnalyticsWorkspaceId": WORKSPACE.replace("workspaces", "clusters") },
    path: "cluster.addons.monitoring.logAnalyticsWorkspaceId",
    code: "InvalidResourceId",
  },
  {
    rule: "a rotation interval needs rotation",
    set: { "cluster.addons.keyVaultSecretsProvider.secretRotation": false },
    path: "cluster.addons.keyVaultSecretsProvider.rotationPollInterval",
    code: "InvalidParameter",
  },
  {
    rule: "rotation interval is a duration",
    set: { "cluster.addons.keyVaultSecretsProvider.rotationPollInterval": "2 minutes" },
    path: "cluster.addons.keyVaultSecretsProvider.rotationPollInterval",
    code: "InvalidParameter",
  },
  {
    rule: "the Defender workspace is a Log Analytics workspace id",
    set: { "cluster.defender.logAnalyticsWorkspaceId": "law1" },
    path: "cluster.defender.logAnalyticsWorkspaceId",
    code: "InvalidResourceId",
  },
  {
    rule: "Image Cleaner at least daily",
    set: { "cluster.imageCleaner.intervalHours": 12 },
    path: "cluster.imageCleaner.intervalHours",
    code: "OutOfRange",
  },
];

describe("the production profile: Entra ID, local accounts, upgrade channels, maintenance windows, add-ons", () => {
  it("the production base request is valid", () => {
    const result = validateClusterRequest(aProductionRequest());
    assert.deepEqual(result.ok ? [] : result.problems, []);
  });

  for (const c of cases) {
    it(`rejects: ${c.rule}`, () => {
      const result = validateClusterRequest(withValues(aProductionRequest(), c.set));
      assert.deepEqual(result.ok ? [] : result.problems.map((p) => [p.path, p.code]), [[c.path, c.code]]);
    });
  }

  it("says why disableLocalAccounts needs Entra, on the field's path", () => {
    const result = validateClusterRequest(withValues(aClusterRequest(), { "cluster.disableLocalAccounts": true }));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ["cluster.disableLocalAccounts"],
    );
    assert.match(result.problems[0]?.message ?? "", /managed Entra ID \(cluster\.entra\)/);
  });

  it("a node OS window with no channel named is valid: AKS's default channel, NodeImage, follows it", () => {
    const result = validateClusterRequest(
      withValues(aProductionRequest(), { "cluster.nodeOSUpgradeChannel": undefined }),
    );
    assert.deepEqual(result.ok ? [] : result.problems, []);
  });

  it("maps Entra without Azure RBAC to aadProfile alone: no grant for the provisioner, the tenant as given", () => {
    const tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const result = validateClusterRequest(
      withValues(aClusterRequest(), { "cluster.entra": { adminGroupObjectIds: [GROUP], tenantId: tenant } }),
    );
    assert.ok(result.ok);
    const p = plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION });
    assert.deepEqual(writeOf(p, "managedCluster")?.body.aadProfile, {
      managed: true,
      enableAzureRbac: false,
      adminGroupObjectIDs: [GROUP],
      tenantID: tenant,
    });
    assert.deepEqual(p.stages.find((s) => s.name === "clusterSettings")?.branches, []);
    assert.ok(!writeOf(p, "managedCluster")?.body.disableLocalAccounts);
  });

  it("leaves out of the cluster body what the request does not ask for", () => {
    const result = validateClusterRequest(aClusterRequest());
    assert.ok(result.ok);
    const body = writeOf(plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION }), "managedCluster")?.body;
    assert.ok(body);
    for (const key of ["aadProfile", "disableLocalAccounts", "autoUpgradeProfile", "addonProfiles"] as const) {
      assert.equal(key in body, false, `${key} is not sent`);
    }
    assert.deepEqual(body.securityProfile, { workloadIdentity: { enabled: false } });
  });

  it("maps the production base: one maintenance write per window, Key Vault rotation config as AKS reads it", () => {
    const result = validateClusterRequest(aProductionRequest());
    assert.ok(result.ok);
    const p = plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION });
    const settings = p.stages.find((s) => s.name === "clusterSettings");
    assert.deepEqual(
      settings?.branches.map((b) => [b.name, b.writes.map((w) => ("name" in w ? w.name : w.role))]),
      [
        ["maintenance", ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]],
        ["clusterAccess", ["AksRbacAdmin"]],
      ],
    );
    const body = writeOf(p, "managedCluster")?.body;
    assert.deepEqual(body?.addonProfiles?.azureKeyvaultSecretsProvider?.config, {
      enableSecretRotation: "true",
      rotationPollInterval: "30s",
    });
    assert.equal(body?.addonProfiles?.azurepolicy, undefined, "azurePolicy defaults to off and is not sent");
    assert.deepEqual(writeOf(p, "maintenanceConfiguration")?.body.maintenanceWindow.notAllowedDates, [
      { start: "2026-12-24", end: "2026-12-26" },
    ]);
  });
});
