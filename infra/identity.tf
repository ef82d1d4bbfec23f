# What the Function App's managed identity may do, each grant as narrow as the job allows.
locals {
  principal_id = azurerm_function_app_flex_consumption.this.identity[0].principal_id
  storage_roles = [
    "Storage Blob Data Owner",        # host leases and deployment package
    "Storage Queue Data Contributor", # Durable Functions work items
    "Storage Table Data Contributor", # Durable history and the cluster registry table
  ]
}

resource "azurerm_role_assignment" "storage" {
  for_each             = toset(local.storage_roles)
  scope                = azurerm_storage_account.this.id
  role_definition_name = each.key
  principal_id         = local.principal_id
}

resource "azurerm_role_assignment" "servicebus" {
  scope                = azurerm_servicebus_namespace.this.id
  role_definition_name = "Azure Service Bus Data Owner" # receive requests, send events
  principal_id         = local.principal_id
}

resource "azurerm_role_assignment" "target_contributor" {
  for_each             = toset(var.target_subscription_ids)
  scope                = "/subscriptions/${each.key}"
  role_definition_name = "Contributor"
  principal_id         = local.principal_id
}

# Role assignments the provisioner makes (AcrPull for the kubelet, Network Contributor on the subnet) need
# RBAC administration, constrained to exactly those roles.
resource "azurerm_role_assignment" "target_rbac_admin" {
  for_each             = toset(var.target_subscription_ids)
  scope                = "/subscriptions/${each.key}"
  role_definition_name = "Role Based Access Control Administrator"
  principal_id         = local.principal_id
  condition_version    = "2.0"
  condition            = <<-EOT
    (
      (!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}))
      OR
      (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {7f951dda-4ed3-4680-a7ca-43fe172d538d, 4d97b98b-1d4f-4787-a291-c67834d212e7})
    )
    AND
    (
      (!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}))
      OR
      (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {7f951dda-4ed3-4680-a7ca-43fe172d538d, 4d97b98b-1d4f-4787-a291-c67834d212e7})
    )
  EOT
}
