import { z } from "zod";
import { ZONES } from "./diskSchema.js";
import { patternedString, stringMap } from "./schemaHelpers.js";

/** Agent pool names: lower case, starting with a letter, at most 12 characters (6 for Windows). */
export const POOL_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;

/** Node count a pool gets when it names neither `count` nor autoscale limits. */
export const DEFAULT_POOL_COUNT = 1;

const labelName = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)";
const labelKey = `(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?${labelName}`;

/** One VMSS node pool; sent inside the cluster PUT as `agentPoolProfiles[i]`. */
export const nodePoolSchema = z.strictObject({
  name: patternedString({
    pattern: POOL_NAME_PATTERN,
    code: "InvalidAgentPoolName",
    message: "pool names start with a lower-case letter, then lower-case letters or digits, at most 12 (Windows 6)",
    maxLength: 12,
    description: "Pool name, unique within the cluster.",
  }),
  mode: z
    .enum(["System", "User"])
    .optional()
    .describe("System pools run cluster add-ons; defaults to System for the first pool, User for the others."),
  vmSize: patternedString({
    pattern: /^Standard_[A-Za-z0-9_]{1,60}$/,
    code: "InvalidParameter",
    message: "must be a VM size such as Standard_D4s_v5",
    maxLength: 69,
    description: "VM size of the nodes.",
  }).default("Standard_D2s_v5"),
  count: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(`Node count (system pools ≥ 1); defaults to autoscale.min, else ${DEFAULT_POOL_COUNT}.`),
  autoscale: z
    .strictObject({
      min: z.number().int().min(0).max(1000).describe("Fewest nodes."),
      max: z.number().int().min(1).max(1000).describe("Most nodes."),
    })
    .optional()
    .describe("Cluster autoscaler limits; min ≤ count ≤ max."),
  zones: z.array(z.enum(ZONES)).max(3).optional().describe("Availability zones for the nodes."),
  osType: z.enum(["Linux", "Windows"]).default("Linux").describe("Node OS; System pools must be Linux."),
  osDiskSizeGb: z
    .number()
    .int()
    .min(30)
    .max(2048)
    .optional()
    .describe("OS disk size in GiB; default depends on vmSize."),
  osDiskType: z
    .enum(["Managed", "Ephemeral"])
    .optional()
    .describe("OS disk type; default Ephemeral where the VM allows."),
  maxPods: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe("Most pods per node: 10–250 (System pools ≥ 30); default 250 for azure-overlay, 110 kubenet, 30 azure."),
  labels: stringMap({
    code: "InvalidLabel",
    keyPattern: new RegExp(`^${labelKey}$`),
    keyMessage: "label keys are an optional DNS prefix and '/', then 1–63 letters, digits, '-', '_' or '.'",
    keyMaxLength: 317,
    valuePattern: new RegExp(`^${labelName}?$`),
    valueMessage: "label values are at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric",
    valueMaxLength: 63,
    description: "Kubernetes labels put on every node.",
  }).optional(),
  taints: z
    .array(
      patternedString({
        pattern: new RegExp(`^${labelKey}(=${labelName}?)?:(NoSchedule|PreferNoSchedule|NoExecute)$`),
        code: "InvalidTaint",
        message: "taints are key[=value]:NoSchedule|PreferNoSchedule|NoExecute",
        maxLength: 400,
        description: "A taint, e.g. sku=gpu:NoSchedule.",
      }),
    )
    .max(50)
    .optional()
    .describe("Kubernetes taints put on every node."),
  spot: z.boolean().default(false).describe("Spot VMs (User pools only); evicted nodes are deleted."),
  spotMaxPrice: z
    .number()
    .min(-1)
    .max(100000)
    .optional()
    .describe("Highest hourly price in USD for spot nodes; -1 (default) means up to the on-demand price."),
});

/** A pool after defaults: `mode` and `count` are always known. */
export type ResolvedNodePool = z.output<typeof nodePoolSchema> & { mode: "System" | "User"; count: number };

/** Node pools; the first defaults to System, the rest to User. */
export const nodePoolsSchema = z
  .array(nodePoolSchema)
  .min(1)
  .max(100)
  .transform((pools): ResolvedNodePool[] =>
    pools.map((pool, index) => ({
      ...pool,
      mode: pool.mode ?? (index === 0 ? "System" : "User"),
      count: pool.count ?? pool.autoscale?.min ?? DEFAULT_POOL_COUNT,
    })),
  )
  .describe("VMSS node pools (at least one System pool).");
