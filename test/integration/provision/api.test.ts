import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { dryRunResponseSchema } from "../../../src/request/apiSchemas.js";
import { loggedWrites } from "./armWrites.js";
import { Provisioner } from "./harness.js";
import { aRequest } from "./requests.js";

type ApiError = {
  error: { code: string; message: string; details?: { path: string; code: string; message: string }[] };
};

describe("the HTTP API: one error shape, checked bodies, and a dry run that writes nothing", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());

  const errorOf = async (res: Response) => ((await res.json()) as ApiError).error;

  it("answers 400 with every problem, field by field, and starts nothing", async () => {
    const res = await p.api("POST", "clusters", {
      requestId: "bad id",
      location: "West Europe",
      nodePools: [{ name: "Sys" }],
    });
    assert.equal(res.status, 400);
    const error = await errorOf(res);
    assert.equal(error.code, "InvalidRequest");
    const paths = (error.details ?? []).map((d) => d.path);
    for (const path of ["requestId", "resourceGroup", "location", "cluster", "nodePools[0].name"])
      assert.ok(paths.includes(path), path);
    assert.ok((error.details ?? []).every((d) => d.code && d.message));
    assert.equal((await p.api("GET", "clusters/bad%20id")).status, 404);
  });

  it("refuses disableLocalAccounts without managed Entra ID at intake, on the field's path, and starts nothing", async () => {
    const request = aRequest("nolocal");
    (request.cluster as Record<string, unknown>).disableLocalAccounts = true;
    const res = await p.api("POST", "clusters", request);
    assert.equal(res.status, 400);
    const details = (await errorOf(res)).details ?? [];
    assert.deepEqual(
      details.map((d) => d.path),
      ["cluster.disableLocalAccounts"],
    );
    assert.match(details[0]?.message ?? "", /Entra/);
    assert.equal((await p.api("GET", `clusters/${request.requestId}`)).status, 404);
  });

  it("answers 415 for a body that is not JSON, 413 past 1 MiB, 400 for broken JSON, 404 for an unknown id, 401 without a key", async () => {
    const xml = await p.api("POST", "clusters", "<cluster/>", { "content-type": "application/xml" });
    assert.equal(xml.status, 415);
    assert.equal((await errorOf(xml)).code, "UnsupportedMediaType");
    const huge = await p.api("POST", "clusters", JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }));
    assert.equal(huge.status, 413);
    assert.equal((await errorOf(huge)).code, "RequestTooLarge");
    const broken = await p.api("POST", "clusters", "{ not json");
    assert.equal(broken.status, 400);
    assert.equal((await errorOf(broken)).code, "InvalidJson");
    const unknown = await p.api("GET", "clusters/CHG-nobody");
    assert.equal(unknown.status, 404);
    assert.equal((await errorOf(unknown)).code, "NotFound");
    assert.equal((await p.api("GET", "clusters/CHG-nobody/operation")).status, 404);
    assert.equal((await fetch(`${p.url}/api/clusters/CHG-nobody`)).status, 401);
  });

  it("the dry run returns the plan and a passing preflight, and ARM logs no write", async () => {
    const request = aRequest("dry");
    await p.arm.control.clearCalls();
    const res = await p.api("POST", "clusters/plan", request);
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    assert.ok(dryRunResponseSchema.safeParse(body).success, "matches the documented schema");
    const { plan, preflight } = body as {
      plan: { stages: { name: string }[] };
      preflight: { ok: boolean; checks: { name: string; status: string; message: string }[] };
    };
    assert.deepEqual(
      plan.stages.map((s) => s.name),
      ["resourceGroup", "dependencies", "cluster", "clusterSettings", "roleAssignments"],
    );
    assert.equal(preflight.ok, true, JSON.stringify(preflight.checks));
    assert.deepEqual(
      preflight.checks.map((c) => [c.name, c.status]),
      [
        ["resourceGroup", "ok"],
        ["existingResources", "ok"],
        ["references", "skipped"],
        ["registryName", "ok"],
        ["vmSizes", "ok"],
        ["quota", "ok"],
        ["kubernetesVersion", "ok"],
      ],
    );
    assert.deepEqual(await loggedWrites(p.arm), [], "zero ARM writes");
    const { value } = await p.arm.control.calls();
    assert.ok(
      value.some((c) => /\/usages$/i.test(c.path)) && value.some((c) => /\/skus$/i.test(c.path)),
      "read usages and skus",
    );
    assert.equal((await p.api("GET", `clusters/${request.requestId}`)).status, 404, "nothing was started");
  });

  it("the preflight fails what Azure would refuse: family quota at autoscale max, a taken registry name, an unoffered version and size", async () => {
    const taken = aRequest("other");
    const c = p.sdkClients();
    await c.resources.resourceGroups.createOrUpdate(taken.resourceGroup, { location: "westeurope" });
    await c.containerRegistry.registries.create(taken.resourceGroup, taken.registry.name, {
      location: "westeurope",
      sku: { name: "Basic" },
    });
    const request = aRequest("pre");
    request.registry.name = taken.registry.name;
    (request.cluster as Record<string, unknown>).kubernetesVersion = "1.21";
    const pools = request.nodePools as Record<string, unknown>[];
    pools[1] = { ...pools[1], count: 2, autoscale: { min: 2, max: 40 } };
    delete (request as Record<string, unknown>).schedules; // a schedule may not set an autoscaled pool's count
    pools.push({ name: "odd", mode: "User", vmSize: "Standard_Q9s_v9", count: 1 });
    await p.arm.control.quota({ familyVcpus: { standardDSv5Family: 60 } });
    try {
      await p.arm.control.clearCalls();
      const res = await p.api("POST", "clusters/plan", request);
      assert.equal(res.status, 200, await res.clone().text());
      const { preflight } = (await res.json()) as {
        preflight: { ok: boolean; checks: { name: string; status: string; message: string }[] };
      };
      assert.equal(preflight.ok, false);
      const check = (name: string) => preflight.checks.find((x) => x.name === name);
      assert.equal(check("registryName")?.status, "failed");
      assert.equal(check("kubernetesVersion")?.status, "failed");
      assert.match(String(check("kubernetesVersion")?.message), /K8sVersionNotSupported/);
      assert.equal(check("vmSizes")?.status, "failed");
      assert.match(String(check("vmSizes")?.message), /Standard_Q9s_v9/);
      assert.equal(check("quota")?.status, "failed");
      // (40 + 1 surge) × 4 vCPUs for apps, (1 + 1) × 2 for system: the DSv5 family needs 168 of its 60.
      assert.match(String(check("quota")?.message), /standardDSv5Family needs 168 vCPUs/);
      assert.deepEqual(await loggedWrites(p.arm), []);
    } finally {
      await p.arm.control.quota({ familyVcpus: {} });
    }
  });

  it("the preflight and the sandbox's quota agree: what the preflight calls short fails the same way when submitted", async () => {
    const request = aRequest("agree");
    delete (request as Record<string, unknown>).schedules;
    await p.arm.control.quota({ familyVcpus: { standardDSv5Family: 8 } });
    try {
      const dry = await p.api("POST", "clusters/plan", request);
      const { preflight } = (await dry.json()) as {
        preflight: { checks: { name: string; status: string; message: string }[] };
      };
      const quota = preflight.checks.find((x) => x.name === "quota");
      assert.equal(quota?.status, "failed");
      assert.match(String(quota?.message), /standardDSv5Family needs 16 vCPUs, 8 free/);
      await p.api("POST", "clusters", request);
      const status = (await p.finished(request.requestId)) as Awaited<ReturnType<Provisioner["finished"]>> & {
        failure: { step: string; error: { code: string; message: string } };
      };
      assert.equal(status.failure.step, "cluster");
      assert.equal(status.failure.error.code, "QuotaExceeded");
      assert.match(status.failure.error.message, /standardDSv5Family/);
    } finally {
      await p.arm.control.quota({ familyVcpus: {} });
    }
  });
});
