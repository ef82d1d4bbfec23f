import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const example = JSON.parse(readFileSync(join(REPO, "examples/dev-cluster.json"), "utf8")) as { requestId: string };
// Long enough for the dependency stage's three writes to overlap visibly, short enough for a loaded machine.
const durationsMs = {
  virtualNetwork: 1500,
  subnet: 300,
  registry: 1500,
  disk: 1500,
  clusterCreate: 800,
  nodeReady: 100,
};

describe("the status page: GET /api/ui, and a provisioning's timeline in Chromium", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
  });
  after(() => p.stop());

  it("serves its files anonymously with their content types and a CSP, and nothing else", async () => {
    const page = await fetch(`${p.url}/api/ui`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const html = await page.text();
    assert.ok(!html.includes(p.key), "the key is not in the page");
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
    const js = await fetch(`${p.url}/api/ui/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.match((await fetch(`${p.url}/api/ui/style.css`)).headers.get("content-type") ?? "", /^text\/css/);
    assert.equal((await fetch(`${p.url}/api/ui/`)).status, 200, "the folder is index.html");
    for (const path of [
      "nope.js",
      "README.md",
      "..%2Ffunctions%2FstatusPage.ts",
      "%2e%2e/%2e%2e/package.json",
      "..%2F..%2F..%2Fpackage.json",
      "%2Fetc%2Fpasswd",
    ]) {
      const res = await fetch(`${p.url}/api/ui/${path}`);
      assert.equal(res.status, 404, path);
      assert.ok(!(await res.text()).includes("{"), `${path}: nothing of a file`);
    }
  });

  it("shows the run to succeeded: network, registry and disk overlap, the cluster starts after them", async (t) => {
    if (!existsSync(CHROMIUM)) {
      t.skip(`${CHROMIUM} is missing (apt-get install chromium; .ci/run does): the browser part is not run`);
      return;
    }
    const { chromium } = await import("playwright-core");
    const submitted = await p.api("POST", "clusters", example);
    assert.equal(submitted.status, 202, await submitted.clone().text());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    t.after(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));

    await page.goto(`${p.url}/api/ui?code=${encodeURIComponent(p.key)}#/clusters/${example.requestId}`);
    // It refreshes while the run goes on: a bar appears before the end, then the state turns succeeded.
    await page.locator('.bar[data-step="network"]').waitFor({ timeout: 30_000 });
    await page.locator('#run-state[data-state="succeeded"]').waitFor({ timeout: 30_000 });
    assert.ok(!page.url().includes(p.key), "the key left the address bar");
    assert.ok(!(await page.content()).includes(p.key), "the key is not in the document");

    const bars = await page.locator(".bar").evaluateAll((els) =>
      els.map((el) => ({
        step: el.getAttribute("data-step") ?? "",
        start: Date.parse(el.getAttribute("data-start") ?? ""),
        end: Date.parse(el.getAttribute("data-end") ?? ""),
      })),
    );
    const bar = (step: string) => {
      const found = bars.find((b) => b.step === step);
      assert.ok(found, `a bar for ${step} in ${JSON.stringify(bars.map((b) => b.step))}`);
      return found;
    };
    const deps = [bar("network"), bar("registry"), bar("disk:team-dev-data")];
    const latestStart = Math.max(...deps.map((b) => b.start));
    const earliestEnd = Math.min(...deps.map((b) => b.end));
    assert.ok(latestStart < earliestEnd, `the three run at once: ${JSON.stringify(deps)}`);
    assert.ok(bar("cluster").start >= Math.max(...deps.map((b) => b.end)), "the cluster starts after all of them");
    assert.ok(bar("readiness").start >= bar("cluster").start);

    // The events it published, with the message ids the topic carried.
    const shown = await page
      .locator("table.events tbody tr")
      .evaluateAll((rows) =>
        rows.map((r) => ({ type: r.getAttribute("data-type"), id: r.querySelector("code")?.textContent })),
      );
    assert.ok(
      shown.some((e) => e.type === "cluster.provisioned"),
      JSON.stringify(shown),
    );
    const provisioned = shown.find((e) => e.type === "cluster.provisioned");
    const onTopic = await waitFor(() => p.eventsOf(example.requestId).find((e) => e.type === "cluster.provisioned"), {
      timeoutMs: 10_000,
      message: "cluster.provisioned on the topic",
    });
    assert.equal(provisioned?.id, onTopic.messageId, "the page shows the topic's message id");
    assert.match((await page.locator(".outputs").textContent()) ?? "", /teamdevacr2001/);

    // A day-2 operation is listed, and opens its own timeline.
    const scaled = await p.api("POST", `clusters/${example.requestId}/scale`, { pools: { apps: 3 } });
    assert.equal(scaled.status, 202, await scaled.clone().text());
    const { operationId } = (await scaled.json()) as { operationId: string };
    await page.reload();
    await page.locator(`a[href$="/operations/${operationId}"]`).click();
    await page.locator('#run-state[data-state="succeeded"]').waitFor({ timeout: 20_000 });
    await page.locator('.bar[data-step="pool:apps"]').waitFor();

    // The list shows the cluster as the registry has it.
    await page.goto(`${p.url}/api/ui#/`);
    await page
      .locator(`tr[data-request="${example.requestId}"] [data-state="provisioned"]`)
      .waitFor({ timeout: 10_000 });

    mkdirSync(join(REPO, "test-results"), { recursive: true });
    await page.goto(`${p.url}/api/ui#/clusters/${example.requestId}`);
    await page.locator('#run-state[data-state="succeeded"]').waitFor();
    await page.screenshot({ path: join(REPO, "test-results/status-page.png"), fullPage: true });
    assert.deepEqual(problems, [], "no console errors");
  });

  it("marks a retried step and shows the failure point with Azure's error", async (t) => {
    if (!existsSync(CHROMIUM)) {
      t.skip(`${CHROMIUM} is missing (apt-get install chromium; .ci/run does): the browser part is not run`);
      return;
    }
    const { chromium } = await import("playwright-core");
    const request = aRequest("uifail");
    await p.arm.control.addFault({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/registries/${request.registry.name}$`,
      code: "InternalServerError",
      message: "Backend down.",
      count: 1,
    });
    await p.arm.control.addFault({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/managedClusters/${request.cluster.name}$`,
      code: "ReconcileVMSSAgentPoolFailed",
      message: "VMSS failed.",
    });
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    t.after(() => browser.close());
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${p.url}/api/ui?code=${encodeURIComponent(p.key)}&request=${request.requestId}`);
    await page.locator('#run-state:is([data-state="rolledBack"], [data-state="failed"])').waitFor({ timeout: 30_000 });
    const failure = (await page.locator(".failure").textContent()) ?? "";
    assert.match(failure, /Failed at cluster/);
    assert.match(failure, /ReconcileVMSSAgentPoolFailed/);
    assert.equal(await page.locator('.bar[data-step="cluster"]').getAttribute("data-state"), "failed");
    assert.equal(await page.locator('.bar[data-step="registry"]').getAttribute("data-attempts"), "2");
    assert.match(
      (await page.locator(".step", { has: page.locator('[data-step="registry"]') }).textContent()) ?? "",
      /×2/,
    );
    if ((await page.locator("#run-state").getAttribute("data-state")) === "rolledBack")
      assert.match((await page.locator(".rollback").textContent()) ?? "", new RegExp(request.registry.name));
    mkdirSync(join(REPO, "test-results"), { recursive: true });
    await page.screenshot({ path: join(REPO, "test-results/status-page-failed.png"), fullPage: true });
    assert.deepEqual(problems, []);
  });
});
