# examples/dev-cluster.json as plain Terraform. dev-cluster.tfvars.json is what
# `cli plan --terraform examples/dev-cluster.json` prints (with no subscription configured);
# test/unit/infra/aksModule.test.ts keeps the two equal.
terraform {
  required_version = ">= 1.6"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.20, < 5.0"
    }
  }
}

variable "subscription_id" {
  description = "Subscription the example cluster is created in."
  type        = string
}

provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

locals {
  request = jsondecode(file("${path.module}/dev-cluster.tfvars.json"))
}

module "aks" {
  source              = "../.."
  request_id          = local.request.request_id
  resource_group_name = local.request.resource_group_name
  location            = local.request.location
  tags                = local.request.tags
  cluster             = local.request.cluster
  network             = local.request.network
  registry            = local.request.registry
  disks               = local.request.disks
  node_pools          = local.request.node_pools
}

output "cluster_id" {
  description = "Resource id of the example cluster."
  value       = module.aks.cluster_id
}
