import { describe } from "node:test";
import { suite as crash } from "./crash.suite.js";
import { suite as duplicates } from "./duplicates.suite.js";
import { suite as faults } from "./faults.suite.js";
import { suite as hostile } from "./hostile.suite.js";
import { suite as secrets } from "./secrets.suite.js";

// Each suite has a sandbox of its own: side by side they take about as long as the longest one.
describe("reliability (issue 14)", { concurrency: true }, () => {
  crash();
  duplicates();
  faults();
  hostile();
  secrets();
});
