import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { type ClusterRow, plan, type RequestProblem, validateClusterRequest } from "../src/request/index.js";
import { ApiClient, ApiFailure, renderApiError } from "./apiClient.js";
import { tailEvents } from "./events.js";
import { complain, EXIT_FAILED, EXIT_INVALID, endLines, say, statusLines } from "./output.js";
import { planTree } from "./planTree.js";
import { parseScaleSpecs } from "./scaleSpec.js";
import { type CliSettings, DEFAULT_STATE_DIR, readEnvFile, resolveSettings } from "./settings.js";
import { terraformVars } from "./terraformVars.js";
import { watch } from "./watch.js";
import { succeeded, type WatchedStatus } from "./watchModel.js";

// The subscription an offline plan assumes when neither the request nor the settings name one.
const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/** Thrown by a command to end with a code after it has said why. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface GlobalOptions {
  apiUrl?: string;
  apiKey?: string;
  servicebus?: string;
  stateDir: string;
  json?: boolean;
  interval: string;
}

const program = new Command("aks-provisioner")
  .description("Provision and change AKS clusters through the aks-provisioner API (a client, like a ticket system)")
  .option("--api-url <url>", "the API's base URL (env API_URL)")
  .option("--api-key <key>", "the function key (env API_KEY)")
  .option("--servicebus <connectionString>", "the Service Bus connection string (env SERVICEBUS_CONNECTION_STRING)")
  .option("--state-dir <dir>", "where `npm start` wrote its env file", DEFAULT_STATE_DIR)
  .option("--json", "JSON for scripts: one document, or NDJSON lines while watching")
  .option("--interval <ms>", "how often a watch polls", "500")
  .showHelpAfterError();

let settings: CliSettings;

program.hook("preAction", () => {
  const g = program.opts<GlobalOptions>();
  settings = resolveSettings(g, process.env, readEnvFile(g.stateDir));
  // Node reads NODE_EXTRA_CA_CERTS only at start: run once more with it set, so HTTPS and AMQPS trust the sandbox.
  if (settings.caFile && !process.env.NODE_EXTRA_CA_CERTS) {
    const child = spawnSync(process.execPath, process.argv.slice(1), {
      stdio: "inherit",
      env: { ...process.env, NODE_EXTRA_CA_CERTS: settings.caFile },
    });
    process.exit(child.status ?? EXIT_FAILED);
  }
});

function globals(): GlobalOptions {
  return program.opts<GlobalOptions>();
}

function api(): ApiClient {
  if (!settings.apiUrl) {
    complain("no API URL: pass --api-url, set API_URL, or run `npm start` (it writes .state/env)");
    throw new Exit(EXIT_FAILED);
  }
  return new ApiClient(settings.apiUrl, settings.apiKey);
}

function print(value: unknown, human: () => string[]): void {
  if (globals().json) say(JSON.stringify(value, null, 2));
  else for (const line of human()) say(line);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    problems([{ path: "", code: "InvalidRequest", message: `${file}: ${e instanceof Error ? e.message : e}` }]);
    throw new Exit(EXIT_INVALID);
  }
}

function problems(list: RequestProblem[]): void {
  if (globals().json)
    say(
      JSON.stringify({ error: { code: "InvalidRequest", message: "the request is invalid", details: list } }, null, 2),
    );
  else {
    complain(`invalid request (${list.length} problem${list.length === 1 ? "" : "s"}):`);
    for (const p of list) complain(`  ${p.path || "(request)"}: ${p.code}: ${p.message}`);
  }
}

/** Watches an operation URL to its end (or prints where it stands) and sets the exit code from the outcome. */
async function follow(url: string, watching: boolean): Promise<void> {
  const g = globals();
  if (!watching) {
    const answer = await api().call<WatchedStatus>("GET", url);
    print(answer.body, () => statusLines(answer.body, Date.now()));
    if (answer.status === 200 && !succeeded(answer.body)) throw new Exit(EXIT_FAILED);
    return;
  }
  const final = await watch(api(), url, {
    json: !!g.json,
    tty: !!process.stdout.isTTY,
    intervalMs: Number(g.interval),
    write: say,
  });
  if (!g.json) for (const line of [`ended: ${final.state}`, ...endLines(final)]) say(line);
  if (!succeeded(final)) throw new Exit(EXIT_FAILED);
}

/** Starts a day-2 operation and watches (or prints) its operation URL. */
async function operation(method: string, path: string, body: unknown, watching: boolean): Promise<void> {
  const answer = await api().call<{ operationId: string; operationUrl: string; kind: string }>(method, path, body);
  if (!watching) {
    print(answer.body, () => [`${answer.body.kind} ${answer.body.operationId} started: ${answer.body.operationUrl}`]);
    return;
  }
  if (!globals().json) say(`${answer.body.kind} ${answer.body.operationId}: watching ${answer.body.operationUrl}`);
  await follow(answer.body.operationUrl, true);
}

const id = (requestId: string) => encodeURIComponent(requestId);

program
  .command("plan <request>")
  .description("validate a request file and show its plan (offline); --online adds Azure's preflight and the estimate")
  .option("--online", "ask the API: POST /api/clusters/plan")
  .option("--terraform", "print the request as tfvars JSON for infra/modules/aks (offline)")
  .action(async (file: string, options: { online?: boolean; terraform?: boolean }) => {
    const input = readJson(file);
    if (options.online) {
      const answer = await api().call<{ plan: Parameters<typeof planTree>[0]; estimate: unknown; preflight: unknown }>(
        "POST",
        "clusters/plan",
        input,
      );
      print(answer.body, () => [...planTree(answer.body.plan), ...onlineLines(answer.body)]);
      return;
    }
    const result = validateClusterRequest(input);
    if (!result.ok) {
      problems(result.problems);
      throw new Exit(EXIT_INVALID);
    }
    const defaultSubscriptionId = settings.subscriptionId ?? PLACEHOLDER_SUBSCRIPTION;
    const planned = plan(result.request, { defaultSubscriptionId });
    if (options.terraform) {
      // Always JSON: a file for `terraform apply -var-file=<file>.tfvars.json`.
      process.stdout.write(`${JSON.stringify(terraformVars(result.request, planned), null, 2)}\n`);
      return;
    }
    print(planned, () => planTree(planned));
  });

program
  .command("submit <request>")
  .description("POST /api/clusters: start provisioning a request file")
  .option("--watch", "follow every step until the run ends")
  .action(async (file: string, options: { watch?: boolean }) => {
    const input = readJson(file);
    const answer = await api().call<{ requestId: string; operationUrl?: string } & WatchedStatus>(
      "POST",
      "clusters",
      input,
    );
    if (answer.status === 200) {
      // The same request again, already ended: its final status.
      print(answer.body, () => statusLines(answer.body, Date.now()));
      if (!succeeded(answer.body)) throw new Exit(EXIT_FAILED);
      return;
    }
    if (!options.watch) {
      print(answer.body, () => [`${answer.body.requestId} accepted: ${answer.body.operationUrl}`]);
      return;
    }
    if (!globals().json) say(`${answer.body.requestId} accepted: watching ${answer.body.operationUrl}`);
    await follow(answer.body.operationUrl ?? `clusters/${id(answer.body.requestId)}/operation`, true);
  });

program
  .command("status <requestId>")
  .description("GET /api/clusters/{requestId}: where the provisioning stands; --watch follows it to its end")
  .option("--watch", "follow every step until the run ends")
  .action(async (requestId: string, options: { watch?: boolean }) => {
    if (options.watch) return follow(`clusters/${id(requestId)}/operation`, true);
    const answer = await api().call<WatchedStatus>("GET", `clusters/${id(requestId)}`);
    print(answer.body, () => statusLines(answer.body, Date.now()));
  });

program
  .command("list")
  .description("GET /api/clusters: the cluster registry, every page")
  .option("--state <state>", "only clusters in this state (provisioned, failed…)")
  .option("--owner <upn>", "only clusters this requester owns")
  .option("--resource-group <name>", "only clusters in this resource group")
  .action(async (options: { state?: string; owner?: string; resourceGroup?: string }) => {
    const query = new URLSearchParams();
    if (options.state) query.set("state", options.state);
    if (options.owner) query.set("owner", options.owner);
    if (options.resourceGroup) query.set("resourceGroup", options.resourceGroup);
    const rows: ClusterRow[] = [];
    let next: string | undefined = `clusters${query.size ? `?${query}` : ""}`;
    while (next) {
      const answer: { body: { value: ClusterRow[]; nextLink?: string } } = await api().call("GET", next);
      rows.push(...answer.body.value);
      next = answer.body.nextLink;
    }
    print({ value: rows }, () => rows.map(rowLine));
  });

program
  .command("scale <requestId> <pools...>")
  .description("POST …/scale: pool=count or pool=min..max (autoscale bounds), one or more")
  .option("--watch", "follow the operation until it ends")
  .action(async (requestId: string, specs: string[], options: { watch?: boolean }) => {
    const parsed = parseScaleSpecs(specs);
    if (!parsed.ok) {
      problems(parsed.problems);
      throw new Exit(EXIT_INVALID);
    }
    await operation("POST", `clusters/${id(requestId)}/scale`, parsed.body, !!options.watch);
  });

const pools = program.command("pools").description("add or remove a node pool");
pools
  .command("add <requestId> <pool>")
  .description("POST …/pools with a pool file (a pool as a request has it)")
  .option("--watch", "follow the operation until it ends")
  .action((requestId: string, file: string, options: { watch?: boolean }) =>
    operation("POST", `clusters/${id(requestId)}/pools`, readJson(file), !!options.watch),
  );
pools
  .command("remove <requestId> <pool>")
  .description("DELETE …/pools/{pool}")
  .option("--watch", "follow the operation until it ends")
  .action((requestId: string, pool: string, options: { watch?: boolean }) =>
    operation("DELETE", `clusters/${id(requestId)}/pools/${encodeURIComponent(pool)}`, undefined, !!options.watch),
  );

for (const verb of ["stop", "start"] as const) {
  program
    .command(`${verb} <requestId>`)
    .description(`POST …/${verb}`)
    .option("--watch", "follow the operation until it ends")
    .action((requestId: string, options: { watch?: boolean }) =>
      operation("POST", `clusters/${id(requestId)}/${verb}`, undefined, !!options.watch),
    );
}

program
  .command("upgrade <requestId> <version>")
  .description("POST …/upgrade: the control plane, then each pool")
  .option("--max-surge <surge>", "nodes or percent added per pool while it upgrades")
  .option("--watch", "follow the operation until it ends")
  .action((requestId: string, version: string, options: { maxSurge?: string; watch?: boolean }) =>
    operation(
      "POST",
      `clusters/${id(requestId)}/upgrade`,
      { kubernetesVersion: version, ...(options.maxSurge ? { maxSurge: options.maxSurge } : {}) },
      !!options.watch,
    ),
  );

program
  .command("delete <requestId>")
  .description("DELETE /api/clusters/{requestId}: deprovision what the request created")
  .option("--watch", "follow the operation until it ends")
  .action((requestId: string, options: { watch?: boolean }) =>
    operation("DELETE", `clusters/${id(requestId)}`, undefined, !!options.watch),
  );

for (const decision of ["approve", "reject"] as const) {
  program
    .command(`${decision} <requestId>`)
    .description(`POST …/${decision}: the decision a request waiting for approval needs`)
    .requiredOption("--approver <upn>", "who decides")
    .option("--comment <text>", "why")
    .action(async (requestId: string, options: { approver: string; comment?: string }) => {
      const body = { approver: options.approver, ...(options.comment ? { comment: options.comment } : {}) };
      const answer = await api().call("POST", `clusters/${id(requestId)}/${decision}`, body);
      print(answer.body ?? {}, () => [
        `${requestId}: ${decision === "approve" ? "approved" : "rejected"} by ${options.approver}`,
      ]);
    });
}

program
  .command("events")
  .description("read the events topic through a subscription (receive-and-complete: use one of your own)")
  .option("--follow", "keep reading until interrupted")
  .option("--request <requestId>", "only this request's events")
  .addOption(new Option("--subscription <name>", "the topic's subscription").default("audit"))
  .option("--until <type>", "stop after the first event of this type (e.g. cluster.provisioned)")
  .action(async (options: { follow?: boolean; request?: string; subscription: string; until?: string }) => {
    if (!settings.serviceBus) {
      complain("no Service Bus: pass --servicebus, set SERVICEBUS_CONNECTION_STRING, or run `npm start`");
      throw new Exit(EXIT_FAILED);
    }
    const json = !!globals().json;
    await tailEvents({
      connectionString: settings.serviceBus,
      topic: settings.eventsTopic,
      subscription: options.subscription,
      follow: !!options.follow,
      idleMs: 3_000,
      ...(options.request ? { requestId: options.request } : {}),
      ...(options.until ? { until: options.until } : {}),
      write: (message, event) => {
        if (json) say(JSON.stringify(event));
        else
          say(
            `${event.time ?? ""} ${event.type ?? "?"} ${message.applicationProperties?.requestId ?? ""} ${summary(event.data)}`,
          );
      },
    });
  });

function rowLine(row: ClusterRow): string {
  const last = row.lastOperation ? `${row.lastOperation.kind} ${row.lastOperation.state}` : "";
  const age = row.provisionedAt ? ` since ${row.provisionedAt}` : "";
  return `${row.requestId}  ${row.state}  ${row.clusterName}  ${row.resourceGroup}  ${row.owner ?? "-"}  ${last}${age}`;
}

function onlineLines(body: { estimate: unknown; preflight: unknown }): string[] {
  const lines: string[] = [];
  const preflight = body.preflight as
    | { ok: boolean; checks: { name: string; status: string; message: string }[] }
    | undefined;
  if (preflight) {
    lines.push(`preflight: ${preflight.ok ? "ok" : "failed"}`);
    for (const c of preflight.checks) lines.push(`  ${c.name}: ${c.status}: ${c.message}`);
  }
  const estimate = body.estimate as
    | { currency?: string; monthly?: { min: number; max: number }; reason?: string }
    | undefined;
  if (estimate?.monthly)
    lines.push(`estimate: ${estimate.monthly.min}–${estimate.monthly.max} ${estimate.currency}/month`);
  else if (estimate) lines.push(`estimate: unavailable${estimate.reason ? ` (${estimate.reason})` : ""}`);
  return lines;
}

function summary(data: Record<string, unknown> | undefined): string {
  if (!data) return "";
  const parts = ["step", "state", "clusterName", "error"].filter((k) => data[k] !== undefined);
  return parts.map((k) => `${k}=${typeof data[k] === "object" ? JSON.stringify(data[k]) : data[k]}`).join(" ");
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof Exit) process.exitCode = e.code;
  else if (e instanceof ApiFailure) {
    if (globals().json) say(JSON.stringify({ status: e.status, error: e.error }, null, 2));
    else for (const line of renderApiError(e)) complain(line);
    process.exitCode = e.status === 400 && e.error.code === "InvalidRequest" ? EXIT_INVALID : EXIT_FAILED;
  } else {
    complain(`aks-provisioner: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = EXIT_FAILED;
  }
}
