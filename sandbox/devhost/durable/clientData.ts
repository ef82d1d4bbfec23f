/** The shape of `durableClientData`'s value. */
export type DurableClientData = ReturnType<typeof durableClientData>;

/** The durableClient binding value the extension hands the worker (OrchestrationClientInputData). */
export function durableClientData(origin: string, hubName: string) {
  const base = `${origin}/runtime/webhooks/durabletask`;
  const q = `taskHub=${encodeURIComponent(hubName)}&connection=Storage`;
  const inst = `${base}/instances/INSTANCEID`;
  return {
    taskHubName: hubName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${q}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${q}`,
    },
    managementUrls: {
      id: "INSTANCEID",
      statusQueryGetUri: `${inst}?${q}`,
      sendEventPostUri: `${inst}/raiseEvent/{eventName}?${q}`,
      terminatePostUri: `${inst}/terminate?reason={text}&${q}`,
      rewindPostUri: `${inst}/rewind?reason={text}&${q}`,
      purgeHistoryDeleteUri: `${inst}?${q}`,
      restartPostUri: `${inst}/restart?${q}`,
      suspendPostUri: `${inst}/suspend?reason={text}&${q}`,
      resumePostUri: `${inst}/resume?reason={text}&${q}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: q,
    rpcBaseUrl: `${base}/`,
  };
}

/** An instance's HttpManagementPayload: the binding's management URLs with its id filled in. */
export function managementPayload(data: DurableClientData, instanceId: string): Record<string, string> {
  const id = encodeURIComponent(instanceId);
  const urls = Object.entries(data.managementUrls).map(([k, v]) => [k, v.replaceAll("INSTANCEID", id)]);
  return { ...Object.fromEntries(urls), id: instanceId };
}
