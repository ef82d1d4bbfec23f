output "function_app_name" {
  value = azurerm_function_app_flex_consumption.this.name
}

output "api_base_url" {
  value = "https://${azurerm_function_app_flex_consumption.this.default_hostname}/api"
}

output "servicebus_namespace" {
  value = "${azurerm_servicebus_namespace.this.name}.servicebus.windows.net"
}

output "principal_id" {
  description = "Grant this identity access to further target subscriptions."
  value       = local.principal_id
}
