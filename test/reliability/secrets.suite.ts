import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { TableClient } from "@azure/data-tables";
import { parse } from "yaml";
import { apiRoutes } from "../../src/request/apiRoutes.js";
import { spawnStandIn } from "../helpers/spawnStandIn.js";
import { waitFor } from "../helpers/waitFor.js";
import { type CliRun, requestFile, runCli } from "../integration/cli/cliProcess.js";
import { Provisioner } from "../integration/provision/harness.js";
import { aRequest } from "../integration/provision/requests.js";
import { SECRET_SHAPES, scanForSecrets, valuesOf } from "./secretScan.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

// One provisioning and two day-2 scales, then everything a user or operator sees of them scanned for the
// kubeconfigs, keys and tokens that exist while they run.
export function suite(): void {
  describe("secrets: nothing a user or operator sees holds a kubeconfig, key, certificate or token", () => {
    let p: Provisioner;
    const request = aRequest("secret");
    const cliRuns: Record<string, CliRun> = {};
    const cli = async (name: string, ...args: string[]) => {
      const run = await runCli(
        ["--state-dir", mkdtempSync(join(tmpdir(), "cli-state-")), "--interval", "100", ...args],
        {
          API_URL: `${p.url}/api`,
          API_KEY: p.key,
          SERVICEBUS_CONNECTION_STRING: p.broker.connectionString,
        },
      );
      cliRuns[name] = run;
      assert.equal(run.code, 0, `${name}: exit ${run.code}\n${run.stdout}\n${run.stderr}`);
      return run;
    };

    before(async () => {
      p = await Provisioner.start();
      await loudDevhost(p);
    });
    after(() => p?.stop());

    it("a provisioning and a day-2 scale, over the CLI and the API, leak nothing anywhere", async (t) => {
      await cli("submit --watch", "submit", requestFile(request), "--watch");
      await cli("scale --watch", "scale", request.requestId, "apps=3", "--watch");
      const scale = await p.api("POST", `clusters/${request.requestId}/scale`, { pools: { apps: 2 } });
      assert.equal(scale.status, 202, await scale.text());
      const operationUrl = scale.headers.get("location") as string;
      const operation = await waitFor(async () => {
        const res = await fetch(operationUrl, { headers: { "x-functions-key": p.key } });
        return res.status === 200 ? res.text() : undefined;
      }, 60_000);
      await cli("status", "status", request.requestId);
      await cli("list", "list");
      await cli(
        "events --follow",
        "events",
        "--follow",
        "--subscription",
        "ticket-system",
        "--request",
        request.requestId,
        "--until",
        "cluster.scaled",
        "--json",
      );
      await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.scaled"), 15_000);

      const needles = [...SECRET_SHAPES, ...valuesOf(await secretsOf(p, request))];
      const surfaces: Record<string, string> = {
        ...Object.fromEntries(
          p.events.map((e, i) => [`event ${i} (${e.type}) on the topic`, JSON.stringify(e.event)] as const),
        ),
        "the devhost's stdout/stderr (app logs)": appLogs(p.devhost.output()),
        [`GET /api/clusters/${request.requestId}`]: await body(p, `clusters/${request.requestId}`),
        [`GET /api/clusters/${request.requestId}/operation`]: await body(p, `clusters/${request.requestId}/operation`),
        "GET /api/clusters": await body(p, "clusters"),
        [`GET ${new URL(operationUrl).pathname}`]: operation,
        "GET /api/health": await body(p, "health"),
        ...(await statusPage(p)),
        ...Object.fromEntries(
          Object.entries(cliRuns).map(([name, run]) => [`the CLI's ${name} output`, `${run.stdout}\n${run.stderr}`]),
        ),
        ...(await durableState(p)),
        "the cluster registry table": await registryRows(p),
      };

      // The scan finds what it looks for: the user kubeconfig itself is caught.
      const control = scanForSecrets({ control: (await kubeconfigs(p, request)).user }, needles);
      assert.ok(control.length >= 3, `the scan misses a kubeconfig: ${JSON.stringify(control)}`);
      // The surfaces are really there: the logs are the app's, the events the run's.
      assert.match(surfaces["the devhost's stdout/stderr (app logs)"] ?? "", /fn=checkReadiness/);
      assert.ok(p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"));
      for (const [where, text] of Object.entries(surfaces)) assert.ok(text.length > 0, `${where} is empty`);

      const findings = scanForSecrets(surfaces, needles);
      assert.deepEqual(
        findings.map((f) => `${f.what} in ${f.where}: …${f.around}…`),
        [],
        "secrets found where users or operators see them",
      );
      const bytes = Object.values(surfaces).reduce((n, s) => n + s.length, 0);
      t.diagnostic(
        `secrets: ${findings.length} found in ${Object.keys(surfaces).length} surfaces (${Math.round(bytes / 1024)} KiB, ${p.events.length} events) for ${needles.length} needles`,
      );
    });

    it("function routes refuse no key and a wrong key (401); admin routes refuse a function key", async (t) => {
      const wrong = `${p.key.slice(0, -4)}AAAA`;
      const refused: string[] = [];
      let checked = 0;
      const expect = async (what: string, res: Promise<Response>, allowed: number[]) => {
        const r = await res;
        checked++;
        if (!allowed.includes(r.status)) refused.push(`${what}: ${r.status}`);
      };
      const routes = Object.values(apiRoutes);
      for (const route of routes.filter((r) => r.authLevel === "function")) {
        const path = `/api/${route.route}`
          .replace("{requestId}", request.requestId)
          .replace("{pool}", "apps")
          .replace("{operationId}", "op");
        const init = (headers: Record<string, string>): RequestInit => ({
          method: route.method,
          headers: { ...headers, ...(route.method === "POST" ? { "content-type": "application/json" } : {}) },
          ...(route.method === "POST" ? { body: "{}" } : {}),
        });
        await expect(`${route.method} ${path} without a key`, fetch(`${p.url}${path}`, init({})), [401]);
        await expect(
          `${route.method} ${path} with a wrong x-functions-key`,
          fetch(`${p.url}${path}`, init({ "x-functions-key": wrong })),
          [401],
        );
        await expect(`${route.method} ${path}?code=<wrong>`, fetch(`${p.url}${path}?code=${wrong}`, init({})), [401]);
      }
      // Anonymous on purpose, and only these: the page holds no key, the health check names settings, not values.
      assert.deepEqual(
        routes.filter((r) => r.authLevel !== "function").map((r) => r.name),
        ["statusPage", "health"],
      );

      const master = masterKey(p);
      for (const [method, path] of [
        ["GET", "/admin/faults"],
        ["POST", "/admin/faults"],
        ["POST", "/admin/functions/scheduleTimer"],
      ] as const) {
        const body = method === "POST" && path === "/admin/faults" ? "{}" : undefined;
        await expect(`${method} ${path} without a key`, fetch(`${p.url}${path}`, { method, body }), [401, 403]);
        await expect(
          `${method} ${path} with the function key`,
          fetch(`${p.url}${path}`, { method, body, headers: { "x-functions-key": p.key } }),
          [401, 403],
        );
        await expect(
          `${method} ${path}?code=<function key>`,
          fetch(`${p.url}${path}?code=${p.key}`, { method, body }),
          [401, 403],
        );
      }
      // The refusals are the key check's: the master key opens the admin route, the function key a function route.
      const admin = await fetch(`${p.url}/admin/faults`, { headers: { "x-functions-key": master } });
      assert.equal(admin.status, 200, "the master key opens GET /admin/faults");
      assert.equal((await p.api("GET", `clusters/${request.requestId}`)).status, 200);
      assert.deepEqual(refused, [], "calls that were not refused");
      t.diagnostic(
        `auth: ${checked} calls without a key, with a wrong key or a function key on admin routes: all refused`,
      );
    });
  });
}

/**
 * The harness runs its devhost with `--quiet`; this suite must read what an operator reads, so it restarts the
 * devhost on the same state (same keys, same instances) with its invocation and app logs on, and the settings
 * the harness gives it: the example settings with the sandbox's endpoints over them.
 */
async function loudDevhost(p: Provisioner): Promise<void> {
  const example = JSON.parse(readFileSync(join(REPO, "local.settings.example.json"), "utf8")).Values as Record<
    string,
    string
  >;
  const settings = {
    ...Object.fromEntries(Object.entries(example).filter(([, v]) => v !== "")),
    ...p.azurite.env,
    ...p.arm.env,
    ...p.broker.env,
    POLL_INTERVAL_SECONDS: "0.05",
    PROVISION_TIMEOUT_MINUTES: "5",
  };
  await p.devhost.kill("SIGTERM");
  p.devhost = await spawnStandIn(
    join(REPO, "sandbox/devhost/main.ts"),
    ["--port", "0", "--state-dir", join(p.stateDir, "devhost"), "--main", "src/functions/*.ts", REPO],
    { keys: ["DEVHOST_URL", "DEVHOST_KEY"], env: { ...process.env, ...settings }, cwd: REPO },
  );
}

/** The devhost's output without its start-up hand-over of URL and key (`KEY=value` lines for whoever spawned it). */
function appLogs(output: string): string {
  return output
    .split("\n")
    .filter((line) => !/^DEVHOST_(URL|KEY)=/.test(line))
    .join("\n");
}

function masterKey(p: Provisioner): string {
  return (JSON.parse(readFileSync(join(p.stateDir, "devhost", "keys.json"), "utf8")) as { masterKey: string })
    .masterKey;
}

/** Both kubeconfigs of the request's cluster, as `az aks get-credentials` gets them (user and admin). */
async function kubeconfigs(p: Provisioner, r: ReturnType<typeof aRequest>): Promise<{ user: string; admin: string }> {
  const clusters = p.sdkClients().containerService.managedClusters;
  const text = (c: { kubeconfigs?: { value?: Uint8Array }[] }) =>
    Buffer.from(c.kubeconfigs?.[0]?.value ?? []).toString("utf8");
  const [user, admin] = await Promise.all([
    clusters.listClusterUserCredentials(r.resourceGroup, r.cluster.name),
    clusters.listClusterAdminCredentials(r.resourceGroup, r.cluster.name),
  ]);
  return { user: text(user), admin: text(admin) };
}

/** Every secret value that exists while the run goes on, by name. */
async function secretsOf(p: Provisioner, r: ReturnType<typeof aRequest>): Promise<Record<string, string | undefined>> {
  const { user, admin } = await kubeconfigs(p, r);
  assert.ok(user.includes("token"), "the sandbox gave no user kubeconfig");
  const tokenOf = (yaml: string) => (parse(yaml) as { users: { user: { token: string } }[] }).users[0]?.user.token;
  const caOf = (yaml: string) =>
    (parse(yaml) as { clusters: { cluster: Record<string, string> }[] }).clusters[0]?.cluster[
      "certificate-authority-data"
    ];
  const identity = await fetch(
    `${p.arm.env.IDENTITY_ENDPOINT}?resource=${encodeURIComponent("https://management.azure.com/")}&api-version=2019-08-01`,
    { headers: { "X-IDENTITY-HEADER": String(p.arm.env.IDENTITY_HEADER) } },
  );
  assert.equal(identity.status, 200, "the sandbox identity gave no token");
  return {
    "the user kubeconfig": user,
    "the admin kubeconfig": admin,
    "the user kubeconfig's token": tokenOf(user),
    "the admin kubeconfig's token": tokenOf(admin),
    "the kubeconfig's CA data": caOf(user),
    "a managed-identity access token": ((await identity.json()) as { access_token: string }).access_token,
    "the managed-identity endpoint's secret header": p.arm.env.IDENTITY_HEADER,
    "the function key": p.key,
    "the master key": masterKey(p),
    "the Service Bus SAS key": /SharedAccessKey=([^;]+)/.exec(p.broker.connectionString)?.[1],
    "the Service Bus connection string": p.broker.connectionString,
    "the Storage account key": /AccountKey=([^;]+)/.exec(p.azurite.connectionString)?.[1],
  };
}

async function body(p: Provisioner, path: string): Promise<string> {
  const res = await p.api("GET", path);
  assert.ok(res.status < 300, `GET /api/${path}: ${res.status}`);
  return res.text();
}

/** The status page as a browser gets it with the banner's link (`?code=`): the HTML and every file it loads. */
async function statusPage(p: Provisioner): Promise<Record<string, string>> {
  const files = readdirSync(join(REPO, "src/ui"));
  const pages: Record<string, string> = {};
  for (const file of ["", ...files.filter((f) => f !== "index.html")]) {
    const res = await fetch(`${p.url}/api/ui/${file}?code=${p.key}`);
    assert.equal(res.status, 200, `GET /api/ui/${file}`);
    pages[`the status page's ${file || "HTML"} (GET /api/ui/${file})`] = await res.text();
  }
  return pages;
}

/**
 * What the task hub keeps, as an operator's tools show it: every instance with its input, history and outputs
 * (the Durable HTTP API), every entity, and the task hub's files on disk.
 */
async function durableState(p: Provisioner): Promise<Record<string, string>> {
  const base = `${p.url}/runtime/webhooks/durabletask`;
  const list = (await (await fetch(`${base}/instances/`)).json()) as { instanceId: string }[];
  const state: Record<string, string> = {};
  for (const { instanceId } of list) {
    const res = await fetch(
      `${base}/instances/${encodeURIComponent(instanceId)}?showHistory=true&showHistoryOutput=true&showInput=true`,
    );
    state[`durable instance ${instanceId} (input, history, output)`] = await res.text();
  }
  state["durable entities"] = await (await fetch(`${base}/entities`)).text();
  const dir = join(p.stateDir, "devhost", "durable");
  for (const file of readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()))
    state[`the task hub's file ${file}`] = readFileSync(join(dir, file), "utf8");
  return state;
}

async function registryRows(p: Provisioner): Promise<string> {
  const table = TableClient.fromConnectionString(p.azurite.connectionString, "clusters", {
    allowInsecureConnection: true,
  });
  const rows: unknown[] = [];
  for await (const row of table.listEntities()) rows.push(row);
  assert.ok(rows.length > 0, "the cluster registry is empty");
  return JSON.stringify(rows);
}
