import { z } from "zod";
import type { ApprovalPolicy } from "./request/approvalPolicy.js";
import { MAX_APPROVAL_TIMEOUT_HOURS } from "./request/approvalSchema.js";
import { locationSchema } from "./request/locationSchema.js";
import { ncrontabProblem } from "./request/ncrontab.js";

const TAGS_SHAPE = 'must be a JSON object of strings, e.g. {"team":"platform"}';

/**
 * Every setting the app reads, in one place. Names are spelled exactly as in
 * `local.settings.example.json` and `infra/` (app settings), and nowhere else is `process.env` read.
 */
const settingsSchema = z.object({
  /** Durable Functions task hub; `host.json` refers to it as %DURABLE_TASK_HUB_NAME%. */
  DURABLE_TASK_HUB_NAME: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]{2,49}$/, "3–50 letters and digits, starting with a letter")
    .default("aksprovisioner"),
  /** Azure Resource Manager endpoint; the sandbox prints its own. */
  ARM_ENDPOINT: z
    .url({ protocol: /^https$/, error: "must be an https:// URL (bearer tokens need TLS)" })
    .default("https://management.azure.com"),
  /** Audience of ARM tokens; differs only in sovereign clouds. */
  ARM_AUDIENCE: z.url().default("https://management.azure.com"),
  /** Subscription used when a request names none. */
  AZURE_SUBSCRIPTION_ID: z.guid({ error: "must be a subscription GUID" }),
  /** Client id of a user-assigned managed identity; absent means the system-assigned one. */
  AZURE_CLIENT_ID: z.guid().optional(),
  /** Service Bus connection string (sandbox, or where identity is not possible). */
  ServiceBusConnection: z.string().startsWith("Endpoint=sb://").optional(),
  /** Service Bus namespace for identity-based connections (Azure). */
  ServiceBusConnection__fullyQualifiedNamespace: z
    .string()
    .regex(/^[a-zA-Z0-9.-]+(:\d+)?$/, "a host name such as contoso.servicebus.windows.net")
    .optional(),
  /** Queue the Service Bus intake reads cluster requests from. */
  REQUESTS_QUEUE_NAME: z.string().min(1).max(260).default("cluster-requests"),
  /** Topic completion and progress events are published to. */
  EVENTS_TOPIC_NAME: z.string().min(1).max(260).default("cluster-events"),
  /** Storage for the Functions host, Durable state and the cluster registry table (connection string). */
  AzureWebJobsStorage: z.string().min(1).optional(),
  /** Table service URI for identity-based storage access (Azure). */
  AzureWebJobsStorage__tableServiceUri: z.url().optional(),
  /** Table that records provisioned clusters and their schedules. */
  CLUSTER_TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, "3–63 letters and digits, starting with a letter")
    .default("clusters"),
  /** NCRONTAB (6 fields) of the timer that applies scale schedules; `%SCHEDULE_TIMER%` in the trigger. */
  SCHEDULE_TIMER: z
    .string()
    .default("0 */5 * * * *")
    .superRefine((expr, ctx) => {
      const problem = ncrontabProblem(expr);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  /**
   * How late a scheduled occurrence may still be applied (the host was down, a run came late); older ones are
   * skipped with `cluster.schedule.skipped`. Fractions are for a time-scaled sandbox.
   */
  SCHEDULE_GRACE_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(24 * 60)
    .default(30),
  /** How long before a cluster's TTL ends `cluster.expiring` is published (and its expiry starts waiting). */
  TTL_NOTICE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** Location used when a request names none. */
  DEFAULT_LOCATION: locationSchema.optional(),
  /** JSON object of tags added to every resource created. */
  DEFAULT_TAGS: z
    .string()
    .default("{}")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: TAGS_SHAPE });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.string({ error: TAGS_SHAPE }), { error: TAGS_SHAPE })),
  /**
   * Longest a provisioning may take before it is failed (and rolled back when asked). Fractions are for a
   * time-scaled sandbox, like POLL_INTERVAL_SECONDS'.
   */
  PROVISION_TIMEOUT_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(24 * 60)
    .default(90),
  /**
   * Shortest wait between two polls of a long-running ARM operation; Retry-After wins when longer. Fractions are
   * for a time-scaled sandbox, where ARM's operations are scaled down by the same factor.
   */
  POLL_INTERVAL_SECONDS: z.coerce.number().min(0.01).max(300).default(10),
  /**
   * The app's own ARM write budget per subscription, shared by every run: a token bucket sized below ARM's
   * (200 burst, 10 s⁻¹), so load queues inside the app instead of turning into 429s. Burst in writes.
   */
  ARM_WRITE_BURST: z.coerce.number().int().min(1).max(200).default(150),
  /** Refill rate of the write budget, writes per second. */
  ARM_WRITE_RATE: z.coerce.number().min(0.1).max(10).default(8),
  /** Most node pools one request may ask for. */
  MAX_NODE_POOLS: z.coerce.number().int().min(1).max(100).default(20),
  /**
   * Comma-separated VM size patterns (`*` wildcards, e.g. `Standard_NC*,Standard_ND*`) whose pools make a request wait
   * for an approval, whatever the request says.
   */
  APPROVAL_REQUIRED_VM_SIZES: z
    .string()
    .optional()
    .transform((text) => listOf(text))
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_*]{1,69}$/, "VM size patterns such as Standard_NC*, comma-separated"))),
  /** Comma-separated AKS tiers (`Free`, `Standard`, `Premium`) that make a request wait for an approval. */
  APPROVAL_REQUIRED_SKU_TIERS: z
    .string()
    .optional()
    .transform((text) => listOf(text))
    .pipe(
      z.array(z.enum(["Free", "Standard", "Premium"], { error: "tiers Free, Standard, Premium, comma-separated" })),
    ),
  /** Hours an approval is waited for when the request names none; fractions are for a time-scaled sandbox. */
  APPROVAL_TIMEOUT_HOURS: z.coerce.number().min(0.001).max(MAX_APPROVAL_TIMEOUT_HOURS).default(72),
  /** Azure Retail Prices API (public, no auth) the cost estimate reads; the sandbox serves a price sheet of its own. */
  RETAIL_PRICES_ENDPOINT: z
    .url({ protocol: /^https$/, error: "must be an https:// URL" })
    .default("https://prices.azure.com"),
  /** Host name the status links point at; set by App Service, by the devhost locally. */
  WEBSITE_HOSTNAME: z.string().default("localhost:7071"),
});

/** How to reach Service Bus: `ServiceBusConnection` (a connection string), or a namespace reached with identity. */
export type ServiceBusConnectionSettings = { connectionString: string } | { fullyQualifiedNamespace: string };

/** The validated settings, with units and shapes ready to use. */
export interface AppConfig {
  taskHubName: string;
  arm: { endpoint: string; audience: string; defaultSubscriptionId: string; managedIdentityClientId?: string };
  serviceBus: ServiceBusConnectionSettings & {
    requestsQueueName: string;
    eventsTopicName: string;
  };
  storage: ({ connectionString: string } | { tableServiceUri: string }) & { clusterTableName: string };
  scheduleTimer: string;
  schedules: { graceMinutes: number; ttlNoticeHours: number };
  defaults: { location?: string; tags: Record<string, string> };
  limits: {
    provisionTimeoutMinutes: number;
    pollIntervalSeconds: number;
    maxNodePools: number;
    armWriteBurst: number;
    armWriteRate: number;
  };
  approval: ApprovalPolicy;
  retailPricesEndpoint: string;
  websiteHostname: string;
}

/** Thrown at start-up when settings are missing or invalid; its message names every bad setting. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: { setting: string; message: string }[]) {
    super(`Invalid app settings:\n${problems.map((p) => `  ${p.setting}: ${p.message}`).join("\n")}`);
  }
}

/** Type guard that works across duplicate package copies. */
export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof Error && e.name === "ConfigError";
}

/** Reads and validates every setting once; throws a ConfigError listing each problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = blankToUndefined(env);
  const parsed = settingsSchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues).map((i) => {
      const setting = String(i.path[0] ?? "?");
      return { setting, message: raw[setting] === undefined ? "is required" : i.message };
    }),
    ...eitherOrProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const s = parsed.data;
  return {
    taskHubName: s.DURABLE_TASK_HUB_NAME,
    arm: {
      endpoint: s.ARM_ENDPOINT.replace(/\/+$/, ""),
      audience: s.ARM_AUDIENCE.replace(/\/+$/, ""),
      defaultSubscriptionId: s.AZURE_SUBSCRIPTION_ID,
      ...(s.AZURE_CLIENT_ID ? { managedIdentityClientId: s.AZURE_CLIENT_ID } : {}),
    },
    serviceBus: {
      ...(s.ServiceBusConnection
        ? { connectionString: s.ServiceBusConnection }
        : { fullyQualifiedNamespace: s.ServiceBusConnection__fullyQualifiedNamespace as string }),
      requestsQueueName: s.REQUESTS_QUEUE_NAME,
      eventsTopicName: s.EVENTS_TOPIC_NAME,
    },
    storage: {
      ...(s.AzureWebJobsStorage
        ? { connectionString: s.AzureWebJobsStorage }
        : { tableServiceUri: s.AzureWebJobsStorage__tableServiceUri as string }),
      clusterTableName: s.CLUSTER_TABLE_NAME,
    },
    scheduleTimer: s.SCHEDULE_TIMER,
    schedules: { graceMinutes: s.SCHEDULE_GRACE_MINUTES, ttlNoticeHours: s.TTL_NOTICE_HOURS },
    defaults: {
      ...(s.DEFAULT_LOCATION ? { location: s.DEFAULT_LOCATION } : {}),
      tags: s.DEFAULT_TAGS,
    },
    limits: {
      provisionTimeoutMinutes: s.PROVISION_TIMEOUT_MINUTES,
      pollIntervalSeconds: s.POLL_INTERVAL_SECONDS,
      maxNodePools: s.MAX_NODE_POOLS,
      armWriteBurst: s.ARM_WRITE_BURST,
      armWriteRate: s.ARM_WRITE_RATE,
    },
    approval: {
      requiredVmSizes: s.APPROVAL_REQUIRED_VM_SIZES,
      requiredSkuTiers: s.APPROVAL_REQUIRED_SKU_TIERS,
      timeoutHours: s.APPROVAL_TIMEOUT_HOURS,
    },
    retailPricesEndpoint: s.RETAIL_PRICES_ENDPOINT.replace(/\/+$/, ""),
    websiteHostname: s.WEBSITE_HOSTNAME,
  };
}

/** The setting names this module reads, for docs and the example settings file. */
export const settingNames = Object.keys(settingsSchema.shape) as (keyof typeof settingsSchema.shape)[];

function listOf(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

// App Service and local.settings.json both express "unset" as an empty string.
function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of settingNames) {
    const value = env[name];
    out[name] = value === undefined || value.trim() === "" ? undefined : value;
  }
  return out;
}

// Each connection is either a secret (sandbox) or identity-based (Azure): one of the pair must be set.
function eitherOrProblems(raw: Record<string, string | undefined>): { setting: string; message: string }[] {
  const pairs = [
    ["ServiceBusConnection", "ServiceBusConnection__fullyQualifiedNamespace"],
    ["AzureWebJobsStorage", "AzureWebJobsStorage__tableServiceUri"],
  ] as const;
  return pairs
    .filter(([secret, identity]) => !raw[secret] && !raw[identity])
    .map(([secret, identity]) => ({ setting: secret, message: `set ${secret} or ${identity}` }));
}
