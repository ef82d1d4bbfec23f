import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { apiRoutes } from "../../src/request/apiRoutes.js";
import { waitFor } from "../helpers/waitFor.js";
import { type CliRun, requestFile, runCli } from "../integration/cli/cliProcess.js";
import { Provisioner } from "../integration/provision/harness.js";
import { aRequest } from "../integration/provision/requests.js";
import { kubeconfigs, masterKey, secretsOf } from "./knownSecrets.js";
import { appLogs, body, durableState, registryRows, statusPage } from "./operatorSurfaces.js";
import { SECRET_SHAPES, scanForSecrets, valuesOf } from "./secretScan.js";

// One provisioning and two day-2 scales, then everything a user or operator sees of them scanned for the
// kubeconfigs, keys and tokens that exist while they run.
export function suite(): void {
  // In order: the auth checks use the provisioned request (the parent's concurrency would run them side by side).
  describe("secrets: nothing a user or operator sees holds a kubeconfig, key, certificate or token", {
    concurrency: false,
  }, () => {
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
      // Its invocation and app logs on: this suite reads what an operator reads.
      p = await Provisioner.start({ appLogs: true });
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
      const wrong = `${p.key[0] === "x" ? "y" : "x"}${p.key.slice(1)}`; // the right length, one character off
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
      assert.deepEqual(refused, [], "calls that were not refused");
      const admin = await fetch(`${p.url}/admin/faults`, { headers: { "x-functions-key": master } });
      assert.equal(admin.status, 200, "the master key opens GET /admin/faults");
      const status = await p.api("GET", `clusters/${request.requestId}`);
      assert.equal(status.status, 200, `the function key opens the status: ${await status.text()}`);
      t.diagnostic(
        `auth: ${checked} calls without a key, with a wrong key or a function key on admin routes: all refused`,
      );
    });
  });
}
