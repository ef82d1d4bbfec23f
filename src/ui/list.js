import { getJson } from "./api.js";
import { age, h } from "./dom.js";

/** The cluster registry (`GET /api/clusters`): one row per request, newest activity first. */
export async function renderList(main) {
  const { body } = await getJson("clusters?top=100");
  const rows = [...(body?.value ?? [])].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  const table = h(
    "table",
    { class: "clusters" },
    h("caption", {}, `Requests and clusters (${rows.length})`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Request", "Cluster", "State", "Owner", "Age", "Last operation"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) => {
        const op = row.lastOperation;
        const since = row.provisionedAt ?? op?.startedAt ?? row.updatedAt;
        return h(
          "tr",
          { "data-request": row.requestId },
          h("th", { scope: "row" }, h("a", { href: `#/clusters/${encodeURIComponent(row.requestId)}` }, row.requestId)),
          h("td", {}, `${row.clusterName} (${row.resourceGroup}, ${row.location})`),
          h("td", {}, h("span", { class: `state state-${row.state}`, "data-state": row.state }, row.state)),
          h("td", {}, row.owner ?? ""),
          h("td", {}, h("time", { datetime: since }, age(since))),
          h("td", {}, op ? `${op.kind} ${op.state}` : ""),
        );
      }),
    ),
  );
  main.replaceChildren(
    h("h2", {}, "Clusters"),
    rows.length ? table : h("p", {}, "No cluster yet: submit a request (POST /api/clusters)."),
  );
  // The registry changes under running work: keep refreshing while the page is on the list.
  return { again: 5 };
}
