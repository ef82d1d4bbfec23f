#!/usr/bin/env node
// `npx aks-provisioner …`: runs the CLI's TypeScript through tsx. The CLI is a client of the deployed API (like a
// ticket system), never deployed itself, so it is not part of the build and needs no compile step.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
