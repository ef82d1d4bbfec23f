// `node --import tsx test/helpers/armProcessMain.ts <options-json> <call-log-file>`: the simulated ARM in a
// process of its own, so a crash test can SIGKILL it. Its call log lives in memory and dies with it, so every call
// is also appended to a file, in the same tick the answer is written: the log spans every restart.
import { appendFileSync } from "node:fs";
import { startArmSandbox } from "../../sandbox/arm/index.js";
import { CallLog } from "../../sandbox/arm/policies/callLog.js";
import { printEnv, serveUntilSignal } from "../../sandbox/shared/server.js";

const [optionsJson = "{}", callLogFile] = process.argv.slice(2);
if (callLogFile) {
  const record = CallLog.prototype.record;
  CallLog.prototype.record = function (call) {
    appendFileSync(callLogFile, `${JSON.stringify(call)}\n`);
    record.call(this, call);
  };
}

await serveUntilSignal(
  "armProcess",
  () => startArmSandbox(JSON.parse(optionsJson)),
  (arm) => printEnv(arm.env),
);
