output "cluster_id" {
  description = "Resource id of the managed cluster."
  value       = azurerm_kubernetes_cluster.this.id
}

output "oidc_issuer_url" {
  description = "OIDC issuer URL (workload identity federation), when enabled."
  value       = azurerm_kubernetes_cluster.this.oidc_issuer_url
}

output "kubelet_object_id" {
  description = "Object id of the kubelet identity (AcrPull on the registry)."
  value       = azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id
}

output "registry_login_server" {
  description = "Login server of the new registry, if one was created."
  value       = one(azurerm_container_registry.this[*].login_server)
}
