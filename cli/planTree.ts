import type { ArmWrite, ProvisioningPlan } from "../src/request/index.js";

/**
 * A plan as a tree: stages in order (each after the previous), their branches (in parallel within a stage) and
 * each branch's ARM writes (one after the other). The readiness wait sits after the cluster and its settings, as it
 * runs.
 */
export function planTree(plan: ProvisioningPlan): string[] {
  const lines = [
    `${plan.requestId}: cluster ${plan.clusterName} in ${plan.resourceGroup} (${plan.location}), subscription ${plan.subscriptionId}`,
  ];
  const stages: { title: string; children: { title: string; children: string[] }[] }[] = [];
  for (const stage of plan.stages) {
    const parallel = stage.branches.length > 1 ? " (in parallel)" : "";
    stages.push({
      title: `${stage.name}${parallel}`,
      children: stage.branches.map((b) => ({ title: b.name, children: b.writes.map(describeWrite) })),
    });
    // Plans made before the clusterSettings stage existed go straight from the cluster to readiness.
    const beforeReadiness = plan.stages.some((s) => s.name === "clusterSettings") ? "clusterSettings" : "cluster";
    if (stage.name === beforeReadiness) {
      stages.push({
        title: "readiness",
        children: [{ title: "readiness", children: [`wait until every node of ${plan.clusterName} is Ready`] }],
      });
    }
  }
  stages.forEach((stage, si) => {
    const lastStage = si === stages.length - 1;
    lines.push(`${lastStage ? "└─" : "├─"} ${stage.title}`);
    const indent = lastStage ? "   " : "│  ";
    stage.children.forEach((branch, bi) => {
      const lastBranch = bi === stage.children.length - 1;
      lines.push(`${indent}${lastBranch ? "└─" : "├─"} ${branch.title}`);
      const inner = `${indent}${lastBranch ? "   " : "│  "}`;
      branch.children.forEach((write, wi) => {
        lines.push(`${inner}${wi === branch.children.length - 1 ? "└─" : "├─"} ${write}`);
      });
    });
  });
  return lines;
}

const PRINCIPALS = {
  kubeletIdentity: "kubelet identity",
  clusterIdentity: "cluster identity",
  provisioner: "provisioner's own identity",
} as const;

/** One write in a line: the SDK call and what it names. */
export function describeWrite(write: ArmWrite): string {
  switch (write.kind) {
    case "resourceGroup":
      return `${write.operation} ${write.name}`;
    case "virtualNetwork": {
      const prefixes = write.body.addressSpace?.addressPrefixes?.join(", ") ?? "";
      return `${write.operation} ${write.name} ${prefixes}`.trim();
    }
    case "registry":
      return `${write.operation} ${write.name} (${write.body.sku?.name ?? "?"})`;
    case "replication":
      return `${write.operation} ${write.registryName}/${write.name}`;
    case "disk":
      return `${write.operation} ${write.name} (${write.body.diskSizeGB ?? "?"} GB ${write.body.sku?.name ?? ""})`.replace(
        " )",
        ")",
      );
    case "managedCluster": {
      const pools = (write.body.agentPoolProfiles ?? []).map(
        (p) => `${p.name}×${p.count ?? `${p.minCount}..${p.maxCount}`} ${p.vmSize}`,
      );
      return `${write.operation} ${write.name} ${write.body.kubernetesVersion ?? ""} [${pools.join(", ")}]`.replace(
        "  ",
        " ",
      );
    }
    case "maintenanceConfiguration":
      return `${write.operation} ${write.clusterName}/${write.name}`;
    case "roleAssignment":
      return `${write.operation} ${write.role} for the ${PRINCIPALS[write.principalFrom]} on ${lastSegments(write.scope)}`;
  }
}

function lastSegments(id: string): string {
  return id.split("/").slice(-2).join("/");
}
