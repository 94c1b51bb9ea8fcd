{{/* Names, labels and the pieces both Deployments share. */}}

{{- define "herald.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "herald.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A component's object name: fullname-gateway, fullname-sender, ... */}}
{{- define "herald.componentName" -}}
{{- printf "%s-%s" (include "herald.fullname" .root | trunc 50 | trimSuffix "-") .component }}
{{- end }}

{{- define "herald.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "herald.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "herald.selectorLabels" -}}
app.kubernetes.io/name: {{ include "herald.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component's objects; call with (dict "root" $ "component" "gateway"). */}}
{{- define "herald.componentLabels" -}}
{{ include "herald.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "herald.componentSelectorLabels" -}}
{{ include "herald.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "herald.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "herald.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "herald.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Herald's ports, read from the configuration so the pods always agree with it. */}}
{{- define "herald.serverPort" -}}
{{- dig "server" "port" 6001 .Values.config | int }}
{{- end }}

{{- define "herald.metricsPort" -}}
{{- dig "metrics" "port" 9601 .Values.config | int }}
{{- end }}

{{/* sqlite, redis or nats. */}}
{{- define "herald.queue" -}}
{{- dig "webhooks" "queue" "sqlite" .Values.config }}
{{- end }}

{{/* "true" when separate sender pods deliver webhooks: only a shared queue allows them. */}}
{{- define "herald.senderEnabled" -}}
{{- if and .Values.sender.enabled (has (include "herald.queue" .) (list "redis" "nats")) }}true{{- end }}
{{- end }}

{{- define "herald.appsConfigured" -}}
{{- if or .Values.apps.existingSecret .Values.apps.list }}true{{- end }}
{{- end }}

{{- define "herald.appsSecretName" -}}
{{- default (printf "%s-apps" (include "herald.fullname" .)) .Values.apps.existingSecret }}
{{- end }}

{{/* True when an environment variable of that name is given through extraEnv. */}}
{{- define "herald.hasExtraEnv" -}}
{{- $name := .name }}
{{- range concat .root.Values.extraEnv .root.Values.gateway.extraEnv .root.Values.sender.extraEnv }}
{{- if eq .name $name }}true{{- end }}
{{- end }}
{{- end }}

{{/* The names the redis and nats charts give their objects. */}}
{{- define "herald.redisFullname" -}}
{{- if .Values.redis.fullnameOverride }}
{{- .Values.redis.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains "redis" .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-redis" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "herald.natsFullname" -}}
{{- if .Values.nats.fullnameOverride }}
{{- .Values.nats.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains "nats" .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-nats" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Addresses of the Redis and NATS servers the configuration needs (the webhook queue, the cluster's
state and bus) that no value gives: they point at the chart's own Redis or NATS when it is
enabled; otherwise rendering fails, naming what is missing. A URL counts as given in `config`
or as its HERALD_ variable in extraEnv.
*/}}
{{- define "herald.backendEnv" -}}
{{- $config := .Values.config }}
{{- $needs := list }}
{{- $queue := include "herald.queue" . }}
{{- $redisCluster := include "herald.redisClusterUrl" . }}
{{- if $redisCluster }}
{{- with .Values.redisCluster.passwordSecret }}
{{- if .name }}
- name: REDIS_CLUSTER_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .name }}
      key: {{ .key }}
{{- end }}
{{- end }}
- name: HERALD_CLUSTER_REDIS_MODE
  value: cluster
- name: HERALD_CLUSTER_REDIS_URL
  value: {{ $redisCluster | quote }}
{{- if eq $queue "redis" }}
- name: HERALD_WEBHOOKS_REDIS_MODE
  value: cluster
- name: HERALD_WEBHOOKS_REDIS_URL
  value: {{ $redisCluster | quote }}
{{- end }}
{{- end }}
{{- if eq $queue "redis" }}
{{- $needs = append $needs (dict "key" "webhooks.redis.url" "url" (or $redisCluster (dig "webhooks" "redis" "url" "" $config)) "server" "redis" "because" "config.webhooks.queue is redis") }}
{{- else if eq $queue "nats" }}
{{- $needs = append $needs (dict "key" "webhooks.nats.url" "url" (dig "webhooks" "nats" "url" "" $config) "server" "nats" "because" "config.webhooks.queue is nats") }}
{{- end }}
{{- if include "herald.clusterEnabled" . }}
{{- $needs = append $needs (dict "key" "cluster.redis.url" "url" (or $redisCluster (dig "cluster" "redis" "url" "" $config)) "server" "redis" "because" "config.cluster.enabled is true") }}
{{- if eq (dig "cluster" "bus" "redis" $config) "nats" }}
{{- $needs = append $needs (dict "key" "cluster.nats.url" "url" (dig "cluster" "nats" "url" "" $config) "server" "nats" "because" "config.cluster.bus is nats") }}
{{- end }}
{{- end }}
{{- $fromChart := list }}
{{- $redisPassword := false }}
{{- range $needs }}
{{- $variable := printf "HERALD_%s" (.key | upper | replace "." "_" | replace "-" "_") }}
{{- if not (or .url (include "herald.hasExtraEnv" (dict "root" $ "name" $variable))) }}
{{- $name := get (dict "redis" "Redis" "nats" "NATS") .server }}
{{- if not (index $.Values .server).enabled }}
{{- fail (printf "%s but no %s is set: give config.%s, a %s in extraEnv, or %s.enabled: true" .because $name .key $variable .server) }}
{{- end }}
{{- $fromChart = append $fromChart (dict "variable" $variable "server" .server) }}
{{- if and (eq .server "redis") (dig "auth" "enabled" true $.Values.redis) }}
{{- $redisPassword = true }}
{{- end }}
{{- end }}
{{- end }}
{{- if $redisPassword }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (include "herald.redisFullname" .) (dig "auth" "existingSecret" "" .Values.redis) }}
      key: {{ default "redis-password" (dig "auth" "existingSecretPasswordKey" "" .Values.redis) }}
{{- end }}
{{- range $fromChart }}
- name: {{ .variable }}
{{- if eq .server "redis" }}
  value: {{ printf "redis://%s%s-master:6379" (ternary ":$(REDIS_PASSWORD)@" "" $redisPassword) (include "herald.redisFullname" $) | quote }}
{{- else }}
  value: {{ printf "nats://%s:4222" (include "herald.natsFullname" $) | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* The seed URLs of redisCluster.nodes, comma-separated, with the password when it has one; empty without nodes. */}}
{{- define "herald.redisClusterUrl" -}}
{{- $auth := ternary ":$(REDIS_CLUSTER_PASSWORD)@" "" (not (empty .Values.redisCluster.passwordSecret.name)) }}
{{- $seeds := list }}
{{- range .Values.redisCluster.nodes }}
{{- $seeds = append $seeds (printf "redis://%s%s" $auth .) }}
{{- end }}
{{- join "," $seeds }}
{{- end }}

{{- define "herald.clusterEnabled" -}}
{{- if dig "cluster" "enabled" false .Values.config }}true{{- end }}
{{- end }}

{{/* Environment of every Herald container; call with (dict "root" $ "extra" .Values.gateway.extraEnv). */}}
{{- define "herald.env" -}}
{{- $root := .root }}
- name: HERALD_LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
{{- with $root.Values.javaOpts }}
- name: HERALD_JAVA_OPTS
  value: {{ . | quote }}
{{- end }}
{{- if include "herald.appsConfigured" $root }}
- name: HERALD_APPS
  valueFrom:
    secretKeyRef:
      name: {{ include "herald.appsSecretName" $root }}
      key: {{ if $root.Values.apps.existingSecret }}{{ $root.Values.apps.existingSecretKey }}{{ else }}apps{{ end }}
{{- end }}
{{- include "herald.backendEnv" $root }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with .extra }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Rolls the pods when the configuration or the chart-owned apps Secret changes. */}}
{{- define "herald.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if and .Values.apps.list (not .Values.apps.existingSecret) }}
checksum/apps: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}

{{/* The writable volumes under a read-only root filesystem, and the configuration file. */}}
{{- define "herald.volumes" -}}
- name: config
  configMap:
    name: {{ include "herald.fullname" . }}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
- name: data
  emptyDir:
    sizeLimit: {{ .Values.dataSizeLimit }}
{{- end }}

{{- define "herald.volumeMounts" -}}
- name: config
  mountPath: /etc/herald
  readOnly: true
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /var/lib/herald
{{- end }}

{{/* Pod anti-affinity spreading one component's pods over nodes. */}}
{{- define "herald.affinity" -}}
{{- $values := .values }}
{{- if $values.affinity }}
{{- toYaml $values.affinity }}
{{- else if eq $values.podAntiAffinity "hard" }}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "herald.componentSelectorLabels" . | nindent 10 }}
{{- else if eq $values.podAntiAffinity "soft" }}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "herald.componentSelectorLabels" . | nindent 12 }}
{{- end }}
{{- end }}

{{/* The three probes on the metrics port; call with (dict "probes" .Values.gateway.probes "port" N). */}}
{{- define "herald.probes" -}}
startupProbe:
  httpGet:
    path: /health
    port: metrics
  periodSeconds: {{ .probes.startup.periodSeconds }}
  failureThreshold: {{ .probes.startup.failureThreshold }}
readinessProbe:
  httpGet:
    path: /ready
    port: metrics
  periodSeconds: {{ .probes.readiness.periodSeconds }}
  timeoutSeconds: {{ .probes.readiness.timeoutSeconds }}
  failureThreshold: {{ .probes.readiness.failureThreshold }}
livenessProbe:
  httpGet:
    path: /health
    port: metrics
  periodSeconds: {{ .probes.liveness.periodSeconds }}
  timeoutSeconds: {{ .probes.liveness.timeoutSeconds }}
  failureThreshold: {{ .probes.liveness.failureThreshold }}
{{- end }}

{{/* Checks the schema cannot express. */}}
{{- define "herald.validate" -}}
{{- with .Values.gateway.autoscaling }}
{{- if and .enabled (gt (int .minReplicas) (int .maxReplicas)) }}
{{- fail (printf "gateway.autoscaling.minReplicas (%d) is above maxReplicas (%d)" (int .minReplicas) (int .maxReplicas)) }}
{{- end }}
{{- end }}
{{- with .Values.sender.autoscaling }}
{{- if and .enabled (gt (int .minReplicas) (int .maxReplicas)) }}
{{- fail (printf "sender.autoscaling.minReplicas (%d) is above maxReplicas (%d)" (int .minReplicas) (int .maxReplicas)) }}
{{- end }}
{{- end }}
{{- $gateways := ternary .Values.gateway.autoscaling.maxReplicas .Values.gateway.replicas .Values.gateway.autoscaling.enabled }}
{{- if and (gt (int $gateways) 1) (not (include "herald.clusterEnabled" .)) }}
{{- fail "more than one gateway needs config.cluster.enabled: true, or each serves only its own connections (an event published through one pod would not reach clients on another)" }}
{{- end }}
{{- if eq (include "herald.serverPort" .) (include "herald.metricsPort" .) }}
{{- fail "config.server.port and config.metrics.port must differ" }}
{{- end }}
{{- end }}
