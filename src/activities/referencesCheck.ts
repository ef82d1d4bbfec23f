import { type ArmFailure, classifyArmError } from "../azure/armErrors.js";
import type { AzureClients } from "../azure/clients.js";
import {
  type ExistingReference,
  existingReferencesOf,
  type ProvisioningPlan,
  type ReferenceKind,
} from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { RetryableArmError } from "./errors.js";

/** The `references` check's answer, in the preflight's shape (`PreflightCheck`). */
export interface ReferencesCheck {
  name: "references";
  status: "ok" | "failed" | "warning" | "skipped";
  message: string;
  details?: { references: ReferenceReading[] };
}

/** What the read of one reference found. */
export interface ReferenceReading {
  field: string;
  resourceId: string;
  found: "yes" | "missing" | "unreadable" | "error" | "notRead";
}

/**
 * What the app needs on each kind: the action its GET needs, and what the run itself will do with it — the reason
 * a refused read is a warning, not a failure (ARM answers 403 before it looks the resource up, so it says nothing
 * about existence, and the writes need other actions than read: a network team may grant only those).
 */
const ACCESS: Record<ReferenceKind, { read: string; use: string } | undefined> = {
  subnet: {
    read: "Microsoft.Network/virtualNetworks/subnets/read",
    use: "the cluster PUT needs Microsoft.Network/virtualNetworks/subnets/join/action on it, and the Network Contributor grant Microsoft.Authorization/roleAssignments/write",
  },
  registry: {
    read: "Microsoft.ContainerRegistry/registries/read",
    use: "the AcrPull grant needs Microsoft.Authorization/roleAssignments/write on it",
  },
  userAssignedIdentity: {
    read: "Microsoft.ManagedIdentity/userAssignedIdentities/read",
    use: "the cluster PUT needs Microsoft.ManagedIdentity/userAssignedIdentities/assign/action on it",
  },
  // No Log Analytics client in the app (and no workspace in the sandbox): named in the details, not read.
  logAnalyticsWorkspace: undefined,
};

/**
 * Reads every resource the plan references without creating it (`existingReferencesOf`): a missing one fails
 * the check with the request field and the id, a 403 is a warning naming the read action the app lacks. Throws
 * `RetryableArmError` for a read worth retrying (the orchestration's retry policy; the dry run's guard reports it).
 */
export async function referencesCheck(clients: ClientsFor, plan: ProvisioningPlan): Promise<ReferencesCheck> {
  const refs = existingReferencesOf(plan);
  const readings = await Promise.all(refs.map((ref) => readReference(clients, ref)));
  const read = readings.filter((r) => r.reading.found !== "notRead");
  const details = { references: readings.map((r) => r.reading) };
  const notRead = readings.filter((r) => r.reading.found === "notRead").map((r) => r.reading.field);
  const unread = notRead.length > 0 ? `; not read: ${notRead.join(", ")} (the app has no Log Analytics client)` : "";
  if (read.length === 0)
    return {
      name: "references",
      status: "skipped",
      message: `no existing resource to read${unread}`,
      ...(refs.length > 0 ? { details } : {}),
    };
  const bad = readings.filter((r) => r.reading.found === "missing" || r.reading.found === "error");
  if (bad.length > 0)
    return { name: "references", status: "failed", message: bad.map((r) => r.text).join("; "), details };
  const unreadable = readings.filter((r) => r.reading.found === "unreadable");
  if (unreadable.length > 0)
    return { name: "references", status: "warning", message: unreadable.map((r) => r.text).join("; "), details };
  return {
    name: "references",
    status: "ok",
    message: `${read.map((r) => r.reading.field).join(", ")} exist${read.length === 1 ? "s" : ""}${unread}`,
    details,
  };
}

async function readReference(
  clients: ClientsFor,
  ref: ExistingReference,
): Promise<{ reading: ReferenceReading; text: string }> {
  const at = { field: ref.field, resourceId: ref.resourceId };
  const access = ACCESS[ref.kind];
  if (!access) return { reading: { ...at, found: "notRead" }, text: "" };
  try {
    await getOf(clients(ref.subscriptionId), ref);
    return { reading: { ...at, found: "yes" }, text: "" };
  } catch (error) {
    const failure = classifyArmError(error);
    if (failure.retryable) throw new RetryableArmError(failure);
    const said = `${statusOf(failure)}${failure.code}: ${failure.message}`;
    if (failure.kind === "notFound")
      return {
        reading: { ...at, found: "missing" },
        text: `ReferenceNotFound: ${ref.field}: ${ref.resourceId} (${said})`,
      };
    if (failure.kind === "unauthorized")
      return { reading: { ...at, found: "unreadable" }, text: unreadableText(ref, access, failure) };
    return { reading: { ...at, found: "error" }, text: `${ref.field}: ${ref.resourceId} could not be read (${said})` };
  }
}

function unreadableText(ref: ExistingReference, access: { read: string; use: string }, failure: ArmFailure): string {
  return `${ref.field}: ${ref.resourceId} could not be read (${statusOf(failure)}${failure.code}): the app lacks ${access.read} there, so whether it exists is not known; ${access.use}`;
}

const statusOf = (failure: ArmFailure) => (failure.statusCode ? `${failure.statusCode} ` : "");

// One GET per kind, through the SDK client of the reference's own subscription.
function getOf(c: AzureClients, ref: ExistingReference): Promise<unknown> {
  const [first = "", second = ""] = ref.names;
  switch (ref.kind) {
    case "subnet":
      return c.network.subnets.get(ref.resourceGroup, first, second);
    case "registry":
      return c.containerRegistry.registries.get(ref.resourceGroup, first);
    case "userAssignedIdentity":
      return c.msi.userAssignedIdentities.get(ref.resourceGroup, first);
    case "logAnalyticsWorkspace":
      return Promise.resolve(undefined);
  }
}
