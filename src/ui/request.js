import { getJson } from "./api.js";
import { h } from "./dom.js";
import { renderTimeline } from "./timeline.js";

const ENDED = ["succeeded", "failed", "rolledBack", "rejected", "expired"];

/** One request (`GET /api/clusters/{requestId}`): its state, the steps' timeline, failure, outputs, operations, events. */
export async function renderRequest(main, requestId) {
  const { body: status, retryAfter } = await getJson(`clusters/${encodeURIComponent(requestId)}`);
  const ended = ENDED.includes(status.state);
  main.replaceChildren(
    h("p", {}, h("a", { href: "#/" }, "← all clusters")),
    h("h2", {}, `Request ${status.requestId}`),
    h(
      "p",
      {},
      "Provisioning: ",
      h("output", { id: "run-state", class: `state state-${status.state}`, "data-state": status.state }, status.state),
      ended ? "" : " (refreshing)",
    ),
    failureOf(status),
    h("section", { "aria-labelledby": "steps-h" }, h("h3", { id: "steps-h" }, "Steps"), renderTimeline(status.steps)),
    rollbackOf(status),
    outputsOf(status),
    operationsOf(status),
    eventsOf(status),
  );
  // While the run goes on: every 2 s, or as the API's Retry-After asks; nothing once it has ended.
  return { again: ended ? undefined : Math.max(2, retryAfter ?? 2) };
}

/** One day-2 operation (`GET /api/clusters/{requestId}/operations/{operationId}`) and its own timeline. */
export async function renderOperation(main, requestId, operationId) {
  const path = `clusters/${encodeURIComponent(requestId)}/operations/${encodeURIComponent(operationId)}`;
  const { body: op, retryAfter } = await getJson(path);
  const ended = op.state === "succeeded" || op.state === "failed";
  main.replaceChildren(
    h("p", {}, h("a", { href: `#/clusters/${encodeURIComponent(requestId)}` }, `← request ${requestId}`)),
    h("h2", {}, `${op.kind} ${op.operationId}`),
    h(
      "p",
      {},
      "Operation: ",
      h("output", { id: "run-state", class: `state state-${op.state}`, "data-state": op.state }, op.state),
    ),
    failureOf(op),
    h(
      "section",
      { "aria-labelledby": "op-steps-h" },
      h("h3", { id: "op-steps-h" }, "Steps"),
      renderTimeline(op.steps ?? []),
    ),
    eventsOf(op),
  );
  return { again: ended ? undefined : Math.max(2, retryAfter ?? 2) };
}

function failureOf(status) {
  if (!status.failure) return "";
  const { step, error } = status.failure;
  return h(
    "section",
    { class: "failure", role: "alert", "aria-labelledby": "failure-h" },
    h("h3", { id: "failure-h" }, `Failed at ${step}`),
    h("p", {}, h("code", {}, error.code), ` ${error.message}`),
  );
}

function rollbackOf(status) {
  const r = status.rollback;
  if (!r) return "";
  const list = (title, ids) =>
    ids.length
      ? [
          h("h4", {}, `${title} (${ids.length})`),
          h(
            "ul",
            {},
            ids.map((id) => h("li", {}, h("code", {}, id))),
          ),
        ]
      : "";
  return h(
    "section",
    { class: "rollback", "aria-labelledby": "rollback-h" },
    h("h3", { id: "rollback-h" }, "Rollback"),
    list("Deleted", r.deletedResourceIds),
    list("Kept (not this request's)", r.keptResourceIds),
    list(
      "Could not delete",
      r.failures.map((f) => `${f.resourceId}: ${f.error.code}: ${f.error.message}`),
    ),
  );
}

function outputsOf(status) {
  const o = status.outputs;
  if (!o) return "";
  const pools = status.pools ?? o.pools ?? [];
  const entries = [
    ["Cluster", o.clusterId],
    ["API server", o.fqdn],
    ["Kubernetes", o.kubernetesVersion],
    ["Registry", o.registryLoginServer],
    ["Node resource group", o.nodeResourceGroup],
    ["Disks", o.diskIds.join(", ")],
    [
      "Pools",
      pools
        .map(
          (p) =>
            `${p.name} (${p.mode}, ${p.vmSize}, ${p.minCount !== undefined ? `${p.minCount}..${p.maxCount}` : p.count})`,
        )
        .join("; "),
    ],
  ].filter(([, v]) => v);
  return h(
    "section",
    { "aria-labelledby": "outputs-h" },
    h("h3", { id: "outputs-h" }, "Outputs"),
    h(
      "dl",
      { class: "outputs" },
      entries.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
    ),
  );
}

function operationsOf(status) {
  const ops = status.operations ?? [];
  if (!ops.length) return "";
  return h(
    "section",
    { "aria-labelledby": "ops-h" },
    h("h3", { id: "ops-h" }, "Day-2 operations"),
    h(
      "ul",
      {},
      ops.map((op) =>
        h(
          "li",
          {},
          h(
            "a",
            {
              href: `#/clusters/${encodeURIComponent(status.requestId)}/operations/${encodeURIComponent(op.operationId)}`,
            },
            `${op.kind} ${op.operationId}`,
          ),
          " ",
          h("span", { class: `state state-${op.state}` }, op.state),
          op.startedAt ? ` · ${op.startedAt}` : "",
        ),
      ),
    ),
  );
}

/** Events Service Bus has not taken (`eventDelivery`): waiting for it, or given up on. */
function deliveryOf(d) {
  const error = `${d.lastError.code}: ${d.lastError.message}`;
  const waiting = d.pending
    ? `${d.pending} waiting for Service Bus since ${d.since} (${error})${d.retryAt ? `; next try ${d.retryAt}` : ""}.`
    : "";
  const lost = d.undelivered ? ` ${d.undelivered} never delivered (${error}).` : "";
  return h("p", { class: "error", role: "status" }, `${waiting}${lost}`.trim());
}

function eventsOf(status) {
  const events = status.events ?? [];
  return h(
    "section",
    { "aria-labelledby": "events-h" },
    h(
      "h3",
      { id: "events-h" },
      `Events published (${events.length}${status.eventsDropped ? `, ${status.eventsDropped} older not kept` : ""})`,
    ),
    status.eventDelivery ? deliveryOf(status.eventDelivery) : "",
    events.length
      ? h(
          "table",
          { class: "events" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Time", "Type", "Step", "Status", "Message id"].map((t) => h("th", { scope: "col" }, t)),
            ),
          ),
          h(
            "tbody",
            {},
            events.map((e) =>
              h(
                "tr",
                { "data-type": e.type },
                h("td", {}, h("time", { datetime: e.time }, e.time.slice(11, 23))),
                h("td", {}, e.type),
                h("td", {}, e.step ?? ""),
                h("td", {}, e.status ?? ""),
                h("td", {}, h("code", {}, e.messageId ?? "")),
              ),
            ),
          ),
        )
      : h("p", {}, "None yet."),
  );
}
