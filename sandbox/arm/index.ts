import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RetailPricesApi } from "../prices/index.js";
import type { SandboxServer } from "../shared/server.js";
import { loadOrCreateCertificate } from "../shared/tls.js";
import { createArmApp } from "./app.js";
import { ArmControlClient } from "./control/controlClient.js";
import { listenDual } from "./http/listener.js";
import { TOKEN_PATH } from "./identity/tokenEndpoint.js";
import { type ArmSandboxOptions, resolveOptions } from "./options.js";
import { JournaledStore } from "./store/journaledStore.js";

export { sandboxClientOptions, sandboxCredential } from "./clientOptions.js";
export { ArmControlClient } from "./control/controlClient.js";
export type { QuotaView } from "./control/quotaControl.js";
export {
  type DurationKind,
  durationMs,
  type LatencyProfileName,
  latencyProfiles,
  operationDurationKey,
} from "./engine/latency.js";
export type { ArmSandboxOptions, LateNodes, QuotaLimits, QuotaSettings, SkuRestriction } from "./options.js";
export type { FaultRule } from "./policies/faults.js";
export type { ThrottleSettings } from "./policies/throttle.js";

/** A running simulated ARM. */
export interface ArmSandbox extends SandboxServer {
  /** Listening port (reuse it with the same stateDir to resume operations after a restart). */
  port: number;
  /** Default subscription (AZURE_SUBSCRIPTION_ID). */
  subscriptionId: string;
  tenantId: string;
  stateDir: string;
  /** PEM file clients trust (NODE_EXTRA_CA_CERTS). */
  certPath: string;
  /** PEM text of the certificate, for `tlsOptions: { ca }` in-process. */
  ca: string;
  /** Typed client of the `/_sandbox/` control API. */
  control: ArmControlClient;
  /** The Retail Prices API stand-in on the same port (`RETAIL_PRICES_ENDPOINT`): its sheet, failure switch and log. */
  prices: RetailPricesApi;
  /** Milliseconds from the call to listening (certificate load, journal replay, bind). */
  startupMs: number;
}

/** Starts the simulated Azure Resource Manager over HTTPS; resolves once it is listening. */
export async function startArmSandbox(options: ArmSandboxOptions = {}): Promise<ArmSandbox> {
  const started = performance.now();
  const resolved = resolveOptions(options);
  const stateDir = resolved.stateDir ?? mkdtempSync(join(tmpdir(), "arm-sandbox-"));
  const certificate = await loadOrCreateCertificate(options.certDir ?? stateDir);
  // The journal lives in the state dir itself, as the other stand-ins' do: the dir is the one ARM owns.
  const store = new JournaledStore(stateDir, {
    ...(options.fsync ? { fsync: options.fsync } : {}),
    ...(options.compactAfterBytes ? { compactAfterBytes: options.compactAfterBytes } : {}),
  });
  const app = createArmApp(store, resolved, certificate);
  const listener = await listenDual(
    { port: resolved.port, host: resolved.host, cert: certificate.cert, key: certificate.key },
    app.handler,
  );
  const host = resolved.host === "0.0.0.0" || resolved.host === "::" ? "127.0.0.1" : resolved.host;
  const url = `https://${host}:${listener.port}`;
  const tokenUrl = `http://${host}:${listener.port}${TOKEN_PATH}`;
  const { identity } = app.services;
  let stopped = false;
  return {
    url,
    port: listener.port,
    subscriptionId: identity.defaultSubscriptionId,
    tenantId: identity.tenantId,
    stateDir,
    certPath: certificate.certPath,
    ca: certificate.cert,
    control: new ArmControlClient(url, certificate.cert),
    prices: app.prices,
    startupMs: Math.round(performance.now() - started),
    env: {
      ARM_ENDPOINT: url,
      RETAIL_PRICES_ENDPOINT: url,
      AZURE_SUBSCRIPTION_ID: identity.defaultSubscriptionId,
      AZURE_TENANT_ID: identity.tenantId,
      NODE_EXTRA_CA_CERTS: certificate.certPath,
      IDENTITY_ENDPOINT: tokenUrl,
      IDENTITY_HEADER: identity.identityHeader,
      MSI_ENDPOINT: tokenUrl,
      MSI_SECRET: identity.msiSecret,
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await listener.close();
      store.close();
      // A temp state dir the caller never named cannot be resumed: remove it.
      if (resolved.stateDir === undefined) rmSync(stateDir, { recursive: true, force: true });
    },
    async reset() {
      app.reset();
    },
  };
}
