import { randomBytes, randomUUID } from "node:crypto";
import { RETAIL_PRICES_PATH, RetailPricesApi } from "../prices/index.js";
import { type ClockState, SandboxClock } from "./clock.js";
import { controlApi } from "./control/controlApi.js";
import { registerGenericEffects } from "./engine/genericEffects.js";
import { OperationEngine } from "./engine/operationEngine.js";
import { createPipeline, type Frontend } from "./http/pipeline.js";
import { Router } from "./http/router.js";
import { tokenEndpoint } from "./identity/tokenEndpoint.js";
import { kubeApi } from "./kube/kubeApi.js";
import type { ResolvedArmSandboxOptions } from "./options.js";
import { CallLog } from "./policies/callLog.js";
import { FaultInjector } from "./policies/faults.js";
import { Throttler } from "./policies/throttle.js";
import { authorizationRoutes } from "./providers/authorization.js";
import { computeRoutes } from "./providers/compute.js";
import { containerRegistryRoutes } from "./providers/containerRegistry.js";
import { containerServiceRoutes } from "./providers/containerService.js";
import { managedIdentityRoutes } from "./providers/managedIdentity.js";
import { networkRoutes } from "./providers/network.js";
import { operationRoutes } from "./providers/operations.js";
import { replicationRoutes } from "./providers/replications.js";
import { resourceProviderRoutes } from "./providers/resourceProviders.js";
import { resourceRoutes } from "./providers/resources.js";
import { subnetRoutes } from "./providers/subnets.js";
import { metadataEndpoints, subscriptionRoutes } from "./providers/subscriptions.js";
import type { ArmServices, IdentitySettings } from "./services.js";
import type { ArmStore } from "./store/armStore.js";

const CLOCK_META = "clock";
const IDENTITY_META = "identity";

/** The wired sandbox: services plus the request handler, independent of the listener. */
export interface ArmApp {
  services: ArmServices;
  /** The Retail Prices API stand-in served on the same port (`/api/retail/prices`, no auth, like Azure's). */
  prices: RetailPricesApi;
  handler: ReturnType<typeof createPipeline>;
  /** Forgets resources, operations, faults, calls, throttling state and clock shifts; keeps identity secrets. */
  reset(): void;
}

/** Wires routes → handlers → store. Identity secrets and the clock persist with the state. */
export function createArmApp(
  store: ArmStore,
  options: ResolvedArmSandboxOptions,
  certificate: { cert: string; key: string },
): ArmApp {
  const identity =
    store.getMeta<IdentitySettings>(IDENTITY_META) ??
    ({
      tenantId: options.tenantId,
      defaultSubscriptionId: options.subscriptionId,
      identityHeader: randomBytes(16).toString("hex"),
      msiSecret: randomBytes(16).toString("hex"),
      principalId: randomUUID(),
      clientId: randomUUID(),
    } satisfies IdentitySettings);
  identity.tenantId = options.tenantId;
  identity.defaultSubscriptionId = options.subscriptionId;
  store.setMeta(IDENTITY_META, identity);

  const clock = new SandboxClock(store.getMeta<ClockState>(CLOCK_META) ?? { offsetMs: 0 }, (state) =>
    store.setMeta(CLOCK_META, state),
  );
  const services: ArmServices = {
    store,
    clock,
    engine: new OperationEngine(store, clock),
    throttler: new Throttler(clock, options.throttle),
    faults: new FaultInjector(options.seed),
    calls: new CallLog(),
    settings: {
      profile: options.profile,
      timeScale: options.timeScale,
      durationsMs: { ...options.durationsMs },
      lateNodes: options.lateNodes,
      seed: options.seed,
      retryAfterSeconds: options.retryAfterSeconds,
      pageSize: options.pageSize,
      quota: structuredClone(options.quota),
      identityGroups: [...options.identityGroups],
    },
    identity,
    caPem: certificate.cert,
    signingKeyPem: certificate.key,
  };
  registerGenericEffects(services.engine);
  const prices = new RetailPricesApi();
  const reset = () => {
    prices.reset();
    store.clear();
    store.setMeta(IDENTITY_META, identity);
    services.faults.clear();
    services.calls.clear();
    services.throttler.reset();
    clock.reset();
  };
  const router = new Router().add(
    ...subscriptionRoutes(services),
    ...resourceRoutes(services),
    ...resourceProviderRoutes(),
    ...networkRoutes(services),
    ...subnetRoutes(services),
    ...containerRegistryRoutes(services),
    ...replicationRoutes(services),
    ...computeRoutes(services),
    ...containerServiceRoutes(services),
    ...managedIdentityRoutes(services),
    ...authorizationRoutes(services),
    ...operationRoutes(services),
  );
  const frontends: Frontend[] = [
    controlApi(services, reset),
    tokenEndpoint(services),
    kubeApi(services),
    metadataEndpoints(),
    {
      owns: (lowerPath) => lowerPath === RETAIL_PRICES_PATH,
      handle: (ctx) => prices.handle(ctx.method, new URL(`${ctx.path}?${ctx.query}`, ctx.baseUrl), ctx.baseUrl),
    },
  ];
  return { services, prices, handler: createPipeline(services, router, frontends), reset };
}
