{{/* Chart name, overridable with nameOverride; 63 characters at most (a DNS label). */}}
{{- define "nsps-connector.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects: fullnameOverride, else release name + chart name without repeating it. */}}
{{- define "nsps-connector.fullname" -}}
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

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "nsps-connector.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object of the connector. */}}
{{- define "nsps-connector.labels" -}}
{{ include "nsps-connector.selectorLabels" . }}
app.kubernetes.io/component: connector
{{ include "nsps-connector.releaseLabels" . }}
{{- end }}

{{/* Labels that say which chart, version and tool made an object (no name/component: callers add those). */}}
{{- define "nsps-connector.releaseLabels" -}}
helm.sh/chart: {{ include "nsps-connector.chart" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: nsps-connector
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels: stable for the life of a release (selectors are immutable), so no version in them. */}}
{{- define "nsps-connector.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nsps-connector.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Service account the pods run as. */}}
{{- define "nsps-connector.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "nsps-connector.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Secret holding the tokens: the operator's existing one, or the chart's. */}}
{{- define "nsps-connector.secretName" -}}
{{- default (include "nsps-connector.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{/* Image reference: digest wins over tag; tag defaults to the chart's appVersion. */}}
{{- define "nsps-connector.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* Whether the pod reads a WTL token from the Secret (not needed when the embedded simulator runs without one). */}}
{{- define "nsps-connector.hasWtlToken" -}}
{{- if .Values.auth.existingSecret }}
{{- if .Values.auth.existingSecretKeys.wtlToken }}true{{ end }}
{{- else if .Values.auth.wtlToken }}true{{ end }}
{{- end }}

{{/* application.yaml: the chart's settings merged under the operator's connectorConfig and serverConfig. */}}
{{- define "nsps-connector.applicationYaml" -}}
{{- $server := dict "port" (int .Values.containerPort) "host" "0.0.0.0" }}
{{- $server = mustMergeOverwrite $server (deepCopy .Values.serverConfig) }}
{{- $connector := dict "logging" (dict "level" .Values.logLevel) "simulator" (dict "enabled" .Values.simulator.enabled) }}
{{- if .Values.wtl.url }}
{{- $_ := set $connector "wtl" (dict "url" .Values.wtl.url) }}
{{- end }}
{{- if .Values.nac.enabled }}
{{- $_ := set $connector "nac" (dict "enabled" true "path" .Values.nac.path) }}
{{- end }}
{{- /* the events in flight get what Kubernetes leaves after the preStop pause, minus 5 s to write the answers */}}
{{- $grace := sub (sub (int .Values.terminationGracePeriodSeconds) (int .Values.preStopSleepSeconds)) 5 }}
{{- $_ := set $connector "delivery" (dict "shutdown-grace-period" (printf "PT%dS" (max 1 $grace))) }}
{{- if .Values.tls.enabled }}
{{- $_ := set $connector "tls" (dict "enabled" true "certificate" "/etc/nsps-connector/tls/tls.crt" "private-key" "/etc/nsps-connector/tls/tls.key") }}
{{- end }}
{{- $connector = mustMergeOverwrite $connector (deepCopy .Values.connectorConfig) -}}
# Rendered by the nsps-connector Helm chart from its values (wtl.url, logLevel, simulator, connectorConfig,
# serverConfig). Every key is described in the connector's config/application.yaml. Read at start-up: the chart
# restarts the pods when this file changes. Tokens are not here: they come from the Secret.
{{ toYaml (dict "server" $server "connector" $connector) }}
{{- end }}

{{/* Fails rendering with a clear message when required values are missing or contradict each other. */}}
{{- define "nsps-connector.validate" -}}
{{- if and .Values.tls.enabled (not .Values.tls.secretName) }}
{{- fail "tls.secretName: name the kubernetes.io/tls Secret (keys tls.crt, tls.key) the connector serves HTTPS with" }}
{{- end }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add (int .Values.preStopSleepSeconds) 6) }}
{{- fail "terminationGracePeriodSeconds: must exceed preStopSleepSeconds + 5, so the events in flight can be finished" }}
{{- end }}
{{- if and (not .Values.auth.existingSecret) (not .Values.auth.apiTokens) }}
{{- fail "auth.apiTokens: give at least one Bearer token NSPS will send (--set auth.apiTokens[0]=...), or name a Secret holding it in auth.existingSecret" }}
{{- end }}
{{- if and (not .Values.wtl.url) (not .Values.simulator.enabled) }}
{{- fail "wtl.url: give the WTL API base URL (e.g. http://wtl-api:3001/wtl/hlr/v1), or set simulator.enabled=true for a demo without an HLR" }}
{{- end }}
{{- if and (not (include "nsps-connector.hasWtlToken" .)) (not .Values.simulator.enabled) }}
{{- fail "auth.wtlToken: give the Bearer token for WTL (--set auth.wtlToken=...), or name a Secret holding it in auth.existingSecret (key auth.existingSecretKeys.wtlToken)" }}
{{- end }}
{{- if and .Values.nac.enabled (not .Values.auth.existingSecret) (not .Values.auth.nacTokens) }}
{{- fail "auth.nacTokens: nac.enabled needs the token(s) given to Network as Code (--set auth.nacTokens[0]=...), or a Secret in auth.existingSecret" }}
{{- end }}
{{- if and .Values.wtl.url .Values.simulator.enabled }}
{{- fail "simulator.enabled: the embedded simulator replaces WTL; unset wtl.url to use it, or turn it off" }}
{{- end }}
{{- end }}

{{/* A probe from values; its httpGet switched to HTTPS when the connector serves TLS. Args: (list probe tlsEnabled). */}}
{{- define "nsps-connector.probe" -}}
{{- $probe := deepCopy (index . 0) }}
{{- if and (index . 1) $probe.httpGet }}
{{- $_ := set $probe.httpGet "scheme" "HTTPS" }}
{{- end }}
{{- toYaml $probe }}
{{- end }}
