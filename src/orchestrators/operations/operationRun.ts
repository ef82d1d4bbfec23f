import type { OperationStatus, ResourceTarget } from "../../request/index.js";
import type { Run } from "../armSteps.js";
import type { OperationInput } from "../operationInput.js";

/** What an operation's handler works with: the run (context, status, settings, deadline), its input, the cluster. */
export interface OperationRun {
  run: Run<OperationStatus>;
  input: OperationInput;
  cluster: ResourceTarget;
}
