import { describe } from "node:test";
import { suite as applyOnce } from "./applyOnce.suite.js";
import { suite as busyCluster } from "./busyCluster.suite.js";
import { suite as expiry } from "./expiry.suite.js";
import { suite as invalidAction } from "./invalidAction.suite.js";
import { suite as missed } from "./missed.suite.js";

// Each suite has a sandbox of its own and spends most of its time waiting for a wall-clock occurrence (the timer
// reads the app's clock): side by side they take about as long as the longest one instead of their sum.
describe("schedules and TTL", { concurrency: true }, () => {
  applyOnce();
  busyCluster();
  invalidAction();
  missed();
  expiry();
});
