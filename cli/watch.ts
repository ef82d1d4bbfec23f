import { setTimeout as sleep } from "node:timers/promises";
import { Listr, type ListrTask } from "listr2";
import type { StepStatus } from "../src/request/index.js";
import { type ApiAnswer, type ApiClient, ApiFailure } from "./apiClient.js";
import { stageGroups, stepChanges, stepDetail, stepHasEnded, stepLine, type WatchedStatus } from "./watchModel.js";

/** How a watch shows itself: listr2 (spinners on a TTY, plain lines otherwise) or NDJSON lines. */
export interface WatchOptions {
  json: boolean;
  tty: boolean;
  intervalMs: number;
  write: (line: string) => void;
}

/**
 * Polls an operation URL (202 while the run goes on, 200 with the final status once it has ended) and keeps the
 * newest status for the renderers. Each poll wakes whoever waits for the next one.
 */
class Poller {
  latest?: WatchedStatus;
  ended = false;
  private wake: (() => void)[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly url: string,
    private readonly intervalMs: number,
    private readonly onPoll: (status: WatchedStatus, previous?: WatchedStatus) => void,
  ) {}

  async run(): Promise<WatchedStatus> {
    try {
      return await this.poll();
    } finally {
      // Also when polling gave up: the renderers' waits end, so nothing is left spinning.
      this.ended = true;
      for (const wake of this.wake.splice(0)) wake();
    }
  }

  private async poll(): Promise<WatchedStatus> {
    let failures = 0;
    for (;;) {
      let answer: ApiAnswer<WatchedStatus>;
      try {
        answer = await this.api.call<WatchedStatus>("GET", this.url);
        failures = 0;
      } catch (e) {
        // The app restarting (a second `npm start` resumes the run) is a pause, not the end: retry for a while.
        if (!isTransient(e) || ++failures > MAX_POLL_FAILURES) throw e;
        await sleep(this.intervalMs * failures);
        continue;
      }
      const previous = this.latest;
      this.latest = answer.body;
      this.ended = answer.status === 200;
      this.onPoll(answer.body, previous);
      for (const wake of this.wake.splice(0)) wake();
      if (this.ended) return answer.body;
      await sleep(this.intervalMs);
    }
  }

  step(id: string): StepStatus | undefined {
    return this.latest?.steps.find((s) => s.id === id);
  }

  /** Resolves at the next poll, or after `ms` (a spinner's elapsed time ticks between polls). */
  next(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake.push(resolve);
      if (ms !== undefined) setTimeout(resolve, ms).unref();
    });
  }

  /**
   * Resolves once a status names its steps, or the run has ended. A day-2 operation names its steps only once
   * under way: its first status (accepted) has none, and tasks built from it would miss them all.
   */
  async firstWithSteps(): Promise<WatchedStatus> {
    while (!this.latest || (this.latest.steps.length === 0 && !this.ended)) await this.next();
    return this.latest;
  }
}

// Consecutive failed polls (connection refused, 5xx) a watch rides out before it gives up.
const MAX_POLL_FAILURES = 20;

function isTransient(e: unknown): boolean {
  return e instanceof ApiFailure ? e.status >= 500 : e instanceof TypeError; // fetch's network errors are TypeErrors
}

/** Watches a run until its operation URL says it has ended; returns the final status. */
export async function watch(api: ApiClient, url: string, options: WatchOptions): Promise<WatchedStatus> {
  if (options.json) {
    const poller = new Poller(api, url, options.intervalMs, (status, previous) => {
      if (status.state !== previous?.state) options.write(JSON.stringify({ event: "state", state: status.state }));
      for (const change of stepChanges(previous?.steps, status.steps))
        options.write(JSON.stringify({ event: "step", from: change.from, ...change.step }));
    });
    const final = await poller.run();
    options.write(JSON.stringify({ event: "ended", status: final }));
    return final;
  }
  let lastState: string | undefined;
  const poller = new Poller(api, url, options.intervalMs, (status) => {
    // Waits that are no step's (an approval, the cluster's lock) show as the run's state.
    // The final state comes after the steps, with the outputs or Azure's error.
    if (status.state !== lastState && !options.tty && !poller.ended) options.write(`state: ${status.state}`);
    lastState = status.state;
  });
  const polling = poller.run();
  polling.catch(() => {});
  const first = await Promise.race([poller.firstWithSteps(), polling]);
  const shown = new Set(first.steps.map((s) => s.id));
  const tasks: ListrTask[] = stageGroups(first.steps).map((group) => ({
    title: `${group.stage}${group.steps.length > 1 ? ` (${group.steps.length} in parallel)` : ""}`,
    task: (_ctx, stage) =>
      stage.newListr(
        group.steps.map((s) => stepTask(poller, s.id, options.tty)),
        { concurrent: true, exitOnError: false },
      ),
  }));
  const listr = new Listr(tasks, {
    concurrent: false,
    exitOnError: false,
    renderer: options.tty ? "default" : "verbose",
    rendererOptions: options.tty ? { collapseSubtasks: false, collapseErrors: false } : { logTitleChange: false },
  });
  await Promise.all([listr.run().catch(() => {}), polling]);
  const final = await polling;
  // Steps named after the first ones appeared: printed at the end rather than lost.
  for (const step of final.steps.filter((s) => !shown.has(s.id))) options.write(stepLine(step, Date.now()));
  return final;
}

function stepTask(poller: Poller, id: string, tty: boolean): ListrTask {
  return {
    title: id,
    task: async (_ctx, task) => {
      let detail = "";
      for (;;) {
        const step = poller.step(id);
        if (step) {
          if (tty) task.title = stepLine(step, Date.now());
          else if (stepDetail(step) !== detail && step.state !== "pending") task.output = stepDetail(step);
          detail = step ? stepDetail(step) : detail;
          if (stepHasEnded(step)) break;
        }
        if (poller.ended) break;
        await poller.next(tty ? 200 : undefined);
      }
      const step = poller.step(id);
      if (step) task.title = stepLine(step, Date.now());
      if (step?.state === "failed")
        throw new Error(`${id}: ${step.error ? `${step.error.code}: ${step.error.message}` : "failed"}`);
      if (!step || step.state === "skipped" || !stepHasEnded(step)) task.skip(`${id}: ${step?.state ?? "not run"}`);
    },
  };
}
