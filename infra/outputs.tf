output "function_app_name" {
  description = "Name of the Function App (for `func azure functionapp publish` and for reading its keys)."
  value       = azurerm_function_app_flex_consumption.this.name
}

output "api_base_url" {
  description = "Base URL of the HTTP API (routes in docs/api.md); calls need a function key."
  value       = "https://${azurerm_function_app_flex_consumption.this.default_hostname}/api"
}

output "status_page_url" {
  description = "The status page (anonymous; it asks for a function key to call the API)."
  value       = "https://${azurerm_function_app_flex_consumption.this.default_hostname}/api/ui/"
}

output "servicebus_namespace" {
  description = "Fully qualified Service Bus namespace (identity-based connections only)."
  value       = "${azurerm_servicebus_namespace.this.name}.servicebus.windows.net"
}

output "requests_queue_name" {
  description = "Queue cluster requests are sent to."
  value       = azurerm_servicebus_queue.requests.name
}

output "events_topic_name" {
  description = "Topic cluster events are published to."
  value       = azurerm_servicebus_topic.events.name
}

output "events_subscription_names" {
  description = "Subscriptions of the events topic."
  value       = sort(keys(azurerm_servicebus_subscription.events))
}

output "principal_id" {
  description = "The app's managed identity; grant it access to further target scopes like identity.tf does."
  value       = local.principal_id
}
