# What the Function App's managed identity may do, each grant as narrow as the job allows.
locals {
  principal_id = azurerm_function_app_flex_consumption.this.identity[0].principal_id
  storage_roles = [
    "Storage Blob Data Owner",        # host leases and the deployment package
    "Storage Queue Data Contributor", # Durable Functions work items
    "Storage Table Data Contributor", # Durable history and the cluster registry table
  ]
  # The built-in roles the plan assigns (src/request/roles.ts BUILT_IN_ROLES), written by `npm run docs:generate`.
  plan_role_ids = jsondecode(file("${path.module}/plan-roles.json"))
  plan_role_set = join(", ", local.plan_role_ids)
}

resource "azurerm_role_assignment" "storage" {
  for_each             = toset(local.storage_roles)
  scope                = azurerm_storage_account.this.id
  role_definition_name = each.key
  principal_id         = local.principal_id
}

# Service Bus data roles per entity: the intake receives from the queue, the publisher sends to the topic.
resource "azurerm_role_assignment" "requests_receiver" {
  scope                = azurerm_servicebus_queue.requests.id
  role_definition_name = "Azure Service Bus Data Receiver"
  principal_id         = local.principal_id
}

resource "azurerm_role_assignment" "events_sender" {
  scope                = azurerm_servicebus_topic.events.id
  role_definition_name = "Azure Service Bus Data Sender"
  principal_id         = local.principal_id
}

# Creates resource groups, VNets, registries, disks and clusters in the target scopes only.
resource "azurerm_role_assignment" "target_contributor" {
  for_each             = toset(var.target_scopes)
  scope                = each.key
  role_definition_name = "Contributor"
  principal_id         = local.principal_id
}

# The plan's role assignments (kubelet AcrPull, cluster identity Network Contributor and disk Contributor) need
# RBAC administration, constrained by ABAC to exactly the roles in plan-roles.json, for writes and deletes.
resource "azurerm_role_assignment" "target_rbac_admin" {
  for_each             = toset(var.target_scopes)
  scope                = each.key
  role_definition_name = "Role Based Access Control Administrator"
  principal_id         = local.principal_id
  condition_version    = "2.0"
  condition            = <<-EOT
    (
      (!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}))
      OR
      (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${local.plan_role_set}})
    )
    AND
    (
      (!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}))
      OR
      (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${local.plan_role_set}})
    )
  EOT
}
