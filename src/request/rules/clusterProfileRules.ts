import type { ClusterRequest } from "../clusterRequest.js";
import type { MaintenanceWindowRequest } from "../maintenanceSchema.js";
import { formatPath, type RequestProblem } from "../problems.js";

/** Node OS channels whose upgrades follow a maintenance window (AKS ignores the window for the others). */
const WINDOWED_NODE_OS_CHANNELS = new Set(["NodeImage", "SecurityPatch"]);

/** Rules for Entra ID, local accounts, auto-upgrade channels and their maintenance windows, and the add-ons. */
export function clusterProfileRules(request: ClusterRequest): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const { cluster } = request;

  if (cluster.disableLocalAccounts && !cluster.entra) {
    add(
      "cluster.disableLocalAccounts",
      "InvalidParameter",
      "disabling local accounts needs managed Entra ID (cluster.entra): otherwise no one could sign in to the cluster",
    );
  }
  cluster.entra?.adminGroupObjectIds.forEach((id, i, ids) => {
    if (ids.findIndex((other) => other.toLowerCase() === id.toLowerCase()) !== i) {
      add(`cluster.entra.adminGroupObjectIds[${i}]`, "InvalidParameter", `group ${id} is listed twice`);
    }
  });

  const windows = cluster.maintenanceWindows;
  if (windows?.autoUpgrade) {
    if (!cluster.upgradeChannel || cluster.upgradeChannel === "none") {
      add(
        "cluster.maintenanceWindows.autoUpgrade",
        "InvalidParameter",
        "an auto-upgrade window needs an upgradeChannel other than none (AKS has no upgrades to schedule)",
      );
    }
    problems.push(...windowProblems(["cluster", "maintenanceWindows", "autoUpgrade"], windows.autoUpgrade));
  }
  if (windows?.nodeOSUpgrade) {
    // AKS defaults the node OS channel to NodeImage, which follows the window.
    const channel = cluster.nodeOSUpgradeChannel ?? "NodeImage";
    if (!WINDOWED_NODE_OS_CHANNELS.has(channel)) {
      add(
        "cluster.maintenanceWindows.nodeOSUpgrade",
        "InvalidParameter",
        `a node OS upgrade window needs nodeOSUpgradeChannel NodeImage or SecurityPatch; ${channel} does not follow one`,
      );
    }
    problems.push(...windowProblems(["cluster", "maintenanceWindows", "nodeOSUpgrade"], windows.nodeOSUpgrade));
  }

  const vault = cluster.addons?.keyVaultSecretsProvider;
  if (vault?.rotationPollInterval && !vault.secretRotation) {
    add(
      "cluster.addons.keyVaultSecretsProvider.rotationPollInterval",
      "InvalidParameter",
      "rotationPollInterval needs secretRotation: true",
    );
  }
  return problems;
}

function windowProblems(at: (string | number)[], window: MaintenanceWindowRequest): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const kinds = Object.values(window.schedule).filter((s) => s !== undefined).length;
  if (kinds !== 1) {
    problems.push({
      path: formatPath([...at, "schedule"]),
      code: "InvalidParameter",
      message: "give exactly one of weekly, absoluteMonthly, relativeMonthly",
    });
  }
  (window.notAllowedDates ?? []).forEach((span, i) => {
    // Both are YYYY-MM-DD, so text order is date order.
    if (span.start > span.end) {
      problems.push({
        path: formatPath([...at, "notAllowedDates", i, "end"]),
        code: "InvalidParameter",
        message: `end ${span.end} is before start ${span.start}`,
      });
    }
  });
  return problems;
}
