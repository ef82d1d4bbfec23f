import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { FIXTURE_APP, removeTempDirs, startViaHttp, tempDir } from "./helpers.js";

const lines: string[] = [];
let d: Devhost;

before(async () => {
  d = await startDevhost({
    appDir: FIXTURE_APP,
    stateDir: tempDir("devhost-logs"),
    serviceBus: false,
    timers: false,
    log: (line) => lines.push(line),
  });
});
after(async () => {
  await d.stop();
  removeTempDirs();
});

const invocationLine = /^\[devhost\] fn=(\S+)(?: instance=(\S+))? durationMs=(\d+\.\d) outcome=(\S+)/;

test("one line per invocation (function, instance id, duration, outcome); context.log keeps its level", async () => {
  assert.equal((await fetch(`${d.url}/api/hello/World?warn=1`)).status, 200);
  assert.ok(lines.includes("[hello] information: hello World"), lines.join("\n"));
  assert.ok(lines.includes("[hello] warning: careful, World"), lines.join("\n"));
  const hello = lines.map((l) => invocationLine.exec(l)).filter((m) => m?.[1] === "hello");
  assert.equal(hello.length, 1, lines.join("\n"));
  assert.equal(hello[0]?.[4], "Succeeded");

  const { id } = await startViaHttp(d.url, d.functionKey, "fanOut", { n: 3 });
  await d.waitForInstance(id, 20_000);
  const forInstance = lines.map((l) => invocationLine.exec(l)).filter((m) => m?.[2] === id);
  const names = new Set(forInstance.map((m) => m?.[1]));
  assert.ok(names.has("fanOut"), `orchestrator episodes logged with the instance id:\n${lines.join("\n")}`);
  assert.equal(forInstance.filter((m) => m?.[1] === "square").length, 3, "one line per activity run");
  assert.ok(
    forInstance.every((m) => m?.[4] && Number(m[3]) >= 0),
    "every line has a duration and an outcome",
  );
});

test("a failed invocation's line carries the error's message (an activity's, and an orchestrator's own)", async () => {
  const { id } = await startViaHttp(d.url, d.functionKey, "failing", null);
  await d.waitForInstance(id, 20_000);
  const failed = lines.filter((l) => l.includes(`instance=${id}`) && l.includes("outcome=Failed"));
  assert.equal(failed.length, 1, lines.join("\n"));
  // The library's failure carries a state dump; the line shows the orchestrator's error, not the dump.
  assert.match(failed[0] as string, /fn=failing .*outcome=Failed error="orchestrator exploded"/);
  assert.doesNotMatch(failed[0] as string, /OutOfProcData/);

  const child = await startViaHttp(d.url, d.functionKey, "failingChild", null);
  await d.waitForInstance(child.id, 20_000);
  const activity = lines.find((l) => l.includes("fn=alwaysFails") && l.includes(`instance=${child.id}`));
  assert.match(activity ?? lines.join("\n"), /outcome=Failed error="boom"/);
});
