import { duration, h } from "./dom.js";

/**
 * A Gantt of steps on one time axis: each bar from `startedAt` to `endedAt` (to now while it runs), so the
 * dependencies' parallel fan-out shows as overlapping bars. Bars carry `data-step`, `data-start`, `data-end`
 * (ISO; empty while open) and `data-state` for tests and tools.
 */
export function renderTimeline(steps, now = new Date().toISOString()) {
  const started = steps.filter((s) => s.startedAt);
  const times = started.flatMap((s) => [Date.parse(s.startedAt), Date.parse(s.endedAt ?? now)]);
  const t0 = times.length ? Math.min(...times) : 0;
  const t1 = times.length ? Math.max(...times, t0 + 1) : 1;
  const pct = (iso) => ((Date.parse(iso) - t0) / (t1 - t0)) * 100;
  const list = h("ol", { class: "timeline", "aria-label": "Steps on a time axis" });
  for (const step of steps) {
    const open = step.startedAt && !step.endedAt;
    const label = h(
      "span",
      { class: "step-name" },
      step.id,
      step.attempts > 1
        ? h("span", { class: "retries", title: "ARM writes sent, retries included" }, ` ×${step.attempts}`)
        : "",
    );
    const track = h("span", { class: "track" });
    if (step.startedAt) {
      const left = pct(step.startedAt);
      const width = Math.max(0.5, pct(step.endedAt ?? now) - left);
      track.append(
        h(
          "span",
          {
            class: `bar state-${step.state}${open ? " open" : ""}${step.attempts > 1 ? " retried" : ""}`,
            "data-step": step.id,
            "data-start": step.startedAt,
            "data-end": step.endedAt ?? "",
            "data-state": step.state,
            "data-attempts": step.attempts,
            "data-left": left.toFixed(3),
            "data-width": width.toFixed(3),
            title: `${step.id}: ${step.state}${step.endedAt ? `, ${duration(step.startedAt, step.endedAt)}` : ""}`,
          },
          step.endedAt ? duration(step.startedAt, step.endedAt) : "",
        ),
      );
    }
    const detail = h(
      "span",
      { class: "step-detail" },
      h("span", { class: `state state-${step.state}` }, step.state),
      step.lastSeen ? ` · ${step.lastSeen}` : "",
      step.resourceId ? h("span", { class: "resource" }, step.resourceId.split("/providers/").pop()) : "",
    );
    const item = h("li", { class: `step step-${step.state}` }, label, track, detail);
    if (step.error)
      item.append(h("p", { class: "error", role: "alert" }, `Azure: ${step.error.code}: ${step.error.message}`));
    list.append(item);
  }
  if (times.length) list.prepend(axis(t1 - t0));
  placeBars(list);
  return h(
    "figure",
    { class: "gantt" },
    list,
    h(
      "figcaption",
      {},
      times.length
        ? `0 s … ${duration(new Date(t0).toISOString(), new Date(t1).toISOString())}`
        : "Nothing started yet",
    ),
  );
}

/** The time axis above the bars: five ticks, in seconds from the first step's start. */
function axis(spanMs) {
  const ticks = h("span", { class: "track axis-ticks" });
  for (let i = 0; i <= 4; i++) {
    const tick = h(
      "span",
      { class: "tick", "data-left": (i * 25).toFixed(3) },
      `${((spanMs * i) / 4000).toFixed(1)} s`,
    );
    ticks.append(tick);
  }
  return h("li", { class: "step axis", "aria-hidden": "true" }, h("span", {}), ticks, h("span", {}));
}

// CSP forbids inline style attributes; CSSOM properties set from script are allowed.
function placeBars(list) {
  for (const el of list.querySelectorAll("[data-left]")) {
    el.style.left = `${el.dataset.left}%`;
    if (el.dataset.width) el.style.width = `${el.dataset.width}%`;
  }
}
