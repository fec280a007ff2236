#!/usr/bin/env bash
# Bootstraps a minikube cluster for the canary walkthrough, at pinned versions:
# the ingress addon, the Argo Rollouts controller and dashboard, and
# kube-prometheus-stack (Prometheus Operator, Prometheus, Grafana).
# Idempotent: re-running upgrades in place. Override a pin with its env var.
set -euo pipefail

KUBERNETES_VERSION="${KUBERNETES_VERSION:-v1.31.4}"
ARGO_ROLLOUTS_VERSION="${ARGO_ROLLOUTS_VERSION:-v1.8.3}"
KUBE_PROMETHEUS_STACK_VERSION="${KUBE_PROMETHEUS_STACK_VERSION:-65.1.1}"
# Calico enforces NetworkPolicy (minikube's default CNI ignores it).
MINIKUBE_CNI="${MINIKUBE_CNI:-calico}"
MINIKUBE_PROFILE="${MINIKUBE_PROFILE:-minikube}"
# The release name is the label the chart's ServiceMonitor carries (release: kube-prometheus-stack)
# and part of the Prometheus address the AnalysisTemplates query.
PROM_RELEASE=kube-prometheus-stack
PROM_NAMESPACE=monitoring

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "minikube-up: $1 is required ($2)" >&2
    exit 1
  }
}
need minikube 'https://minikube.sigs.k8s.io/docs/start/'
need kubectl 'https://kubernetes.io/docs/tasks/tools/'
need helm 'https://helm.sh/docs/intro/install/'

if ! minikube status --profile "$MINIKUBE_PROFILE" >/dev/null 2>&1; then
  minikube start --profile "$MINIKUBE_PROFILE" \
    --kubernetes-version "$KUBERNETES_VERSION" \
    --cni "$MINIKUBE_CNI" --cpus 4 --memory 8g
fi
kubectl config use-context "$MINIKUBE_PROFILE"

echo "== ingress addon (NGINX), for the traffic-routed canary"
minikube addons enable ingress --profile "$MINIKUBE_PROFILE"

echo "== Argo Rollouts $ARGO_ROLLOUTS_VERSION"
rollouts_url="https://github.com/argoproj/argo-rollouts/releases/download/$ARGO_ROLLOUTS_VERSION"
kubectl create namespace argo-rollouts --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -n argo-rollouts -f "$rollouts_url/install.yaml"
kubectl apply -n argo-rollouts -f "$rollouts_url/dashboard-install.yaml"

echo "== kube-prometheus-stack $KUBE_PROMETHEUS_STACK_VERSION"
helm repo add prometheus-community https://prometheus-community.github.io/helm-charts >/dev/null
helm repo update prometheus-community >/dev/null
helm upgrade --install "$PROM_RELEASE" prometheus-community/kube-prometheus-stack \
  --version "$KUBE_PROMETHEUS_STACK_VERSION" \
  --namespace "$PROM_NAMESPACE" --create-namespace \
  --set grafana.sidecar.dashboards.enabled=true \
  --set grafana.sidecar.dashboards.label=grafana_dashboard \
  --set grafana.sidecar.dashboards.searchNamespace=ALL \
  --set alertmanager.enabled=false \
  --wait --timeout 10m

echo "== waiting for controllers"
kubectl -n argo-rollouts rollout status deployment/argo-rollouts --timeout=5m
kubectl -n ingress-nginx rollout status deployment/ingress-nginx-controller --timeout=5m

if ! kubectl argo rollouts version >/dev/null 2>&1; then
  echo "Tip: install the kubectl plugin $ARGO_ROLLOUTS_VERSION from $rollouts_url/ (kubectl-argo-rollouts-<os>-<arch>)" >&2
fi
echo "minikube-up: ready. Next: scripts/skaffold.sh run"
