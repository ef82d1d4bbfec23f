import { upgradeActivities } from "../activities/upgrade.js";
import type { UpgradeInput } from "../orchestrators/operations/upgrade.js";
import {
  checkUpgradeBody,
  clusterTargetOf,
  surgeQuotaProblem,
  type UpgradeBody,
  upgradeTarget,
} from "../request/index.js";
import type { BodyCheck } from "./bodyCheck.js";
import { clusterUnreadable } from "./intakeReads.js";
import { refusal } from "./intakeRefusal.js";
import { getServices } from "./services.js";

/**
 * The upgrade's body, `{ kubernetesVersion, maxSurge? }` (400 with every problem), then checked against Azure
 * before its first write: the version must be one of the cluster's `upgradeProfiles/default` upgrades (400 naming
 * them; same version and downgrades refused with their own codes), and every pool's surge nodes must fit the vCPU
 * quota of its VM family (409 QuotaExceeded).
 */
export const upgradeBody: BodyCheck = async (body, plan) => {
  const checked = checkUpgradeBody(body);
  if (!checked.ok) return checked;
  const asked = checked.value as UpgradeBody;
  const reads = upgradeActivities(getServices().clientsFor);
  const read = await reads.readUpgradeFacts(clusterTargetOf(plan));
  if (!read.ok) return clusterUnreadable(plan, read.error);
  const facts = read.value;
  const target = upgradeTarget(asked.kubernetesVersion, facts.currentVersion, facts.offered);
  if (!target.ok) return { ok: false, problems: [target.problem] };
  const quota = surgeQuotaProblem(facts.pools, facts.quotas, asked.maxSurge, facts.location);
  if (quota) return { ok: false, refusal: refusal("conflict", "QuotaExceeded", quota.message, { details: [quota] }) };
  const value: UpgradeInput = { ...asked, version: target.version, fromVersion: facts.currentVersion };
  return { ok: true, value };
};
