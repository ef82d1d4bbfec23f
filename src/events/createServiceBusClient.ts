import type { TokenCredential } from "@azure/identity";
import { DefaultAzureCredential } from "@azure/identity";
import { ServiceBusClient, type ServiceBusClientOptions } from "@azure/service-bus";
import type { ServiceBusConnectionSettings } from "../config.js";

/**
 * Makes the client from the app's settings: a connection string (sandbox, emulator) or a namespace
 * with an Azure AD credential (Azure; DefaultAzureCredential unless one is given — no secrets in settings).
 */
export function createServiceBusClient(
  settings: ServiceBusConnectionSettings,
  credential?: TokenCredential,
  options: ServiceBusClientOptions = {},
): ServiceBusClient {
  if ("connectionString" in settings) return new ServiceBusClient(settings.connectionString, options);
  return new ServiceBusClient(settings.fullyQualifiedNamespace, credential ?? new DefaultAzureCredential(), options);
}
