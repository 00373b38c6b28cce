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
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/part-of: nsps-connector
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Label keys the chart sets itself: commonLabels and podLabels may not repeat them (duplicate YAML keys, or a
     selector that no longer matches). */}}
{{- define "nsps-connector.reservedLabels" -}}
{{- toJson (list "app.kubernetes.io/name" "app.kubernetes.io/instance" "app.kubernetes.io/component" "app.kubernetes.io/version" "app.kubernetes.io/part-of" "app.kubernetes.io/managed-by" "helm.sh/chart") }}
{{- end }}

{{/* The pod template's labels: the object labels with podLabels on top (a podLabels key wins over commonLabels). */}}
{{- define "nsps-connector.podLabels" -}}
{{- toYaml (merge (deepCopy .Values.podLabels) (fromYaml (include "nsps-connector.labels" .))) }}
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
{{- $repository := .Values.image.repository }}
{{- with (dig "imageRegistry" "" (.Values.global | default dict)) }}
{{- /* a registry mirror: it replaces the registry part of the repository (the first part when it names a host) */}}
{{- $parts := splitList "/" $repository }}
{{- if and (gt (len $parts) 1) (or (contains "." (first $parts)) (contains ":" (first $parts)) (eq (first $parts) "localhost")) }}
{{- $repository = join "/" (rest $parts) }}
{{- end }}
{{- $repository = printf "%s/%s" (trimSuffix "/" .) $repository }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* Whether the pod reads a WTL token from the Secret (not needed when the embedded simulator runs without one). */}}
{{- define "nsps-connector.hasWtlToken" -}}
{{- if .Values.auth.existingSecret }}
{{- if .Values.auth.existingSecretKeys.wtlToken }}true{{ end }}
{{- else if .Values.auth.wtlToken }}true{{ end }}
{{- end }}

{{/* The path NSPS posts events to: connectorConfig.event-path, else the connector's default. */}}
{{- define "nsps-connector.eventPath" -}}
{{- dig "event-path" "/process-event" .Values.connectorConfig }}
{{- end }}

{{/* Replicas the Deployment runs at least: one with the simulator, minReplicas with the HPA, else replicaCount. */}}
{{- define "nsps-connector.minReplicas" -}}
{{- if .Values.simulator.enabled }}1{{ else if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}
{{- end }}

{{/* Seconds of an ISO-8601 duration PTnHnMnS (a fraction rounded up); -1 when it is not of that form. */}}
{{- define "nsps-connector.seconds" -}}
{{- $d := upper (toString .) }}
{{- if regexMatch "^PT([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?$" $d }}
{{- $h := regexFind "[0-9]+H" $d | trimSuffix "H" | default "0" | int }}
{{- $m := regexFind "[0-9]+M" $d | trimSuffix "M" | default "0" | int }}
{{- $s := regexFind "[0-9.]+S" $d | trimSuffix "S" | default "0" | float64 | ceil | int }}
{{- add (mul $h 3600) (mul $m 60) $s }}
{{- else }}-1{{ end }}
{{- end }}

{{/* The seconds the events in flight get on SIGTERM: what Kubernetes leaves after the preStop pause, minus 5 s to
     write the answers. */}}
{{- define "nsps-connector.drainSeconds" -}}
{{- max 1 (sub (sub (int .Values.terminationGracePeriodSeconds) (int .Values.preStopSleepSeconds)) 5) }}
{{- end }}

{{/* The WTL port the NetworkPolicy lets the pods reach: networkPolicy.egress.wtlPort, else the port of wtl.url
     (443 for https, 80 for http when the URL names none). */}}
{{- define "nsps-connector.wtlPort" -}}
{{- if .Values.networkPolicy.egress.wtlPort }}
{{- .Values.networkPolicy.egress.wtlPort }}
{{- else }}
{{- $url := urlParse .Values.wtl.url }}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" }}
{{- $port | default (ternary "443" "80" (eq (lower $url.scheme) "https")) }}
{{- end }}
{{- end }}

{{/* The Secret holding the database credentials: the operator's (e.g. CloudNativePG's <cluster>-app) or the chart's. */}}
{{- define "nsps-connector.postgresSecretName" -}}
{{- default (printf "%s-postgres" (include "nsps-connector.fullname" .)) .Values.state.postgres.existingSecret }}
{{- end }}

{{/* The database port the NetworkPolicy lets the pods reach: networkPolicy.egress.databasePort, else the port of
     state.postgres.url, else 5432. */}}
{{- define "nsps-connector.databasePort" -}}
{{- if .Values.networkPolicy.egress.databasePort }}
{{- .Values.networkPolicy.egress.databasePort }}
{{- else }}
{{- $hostPort := regexFind "^jdbc:postgresql://[^/?]*" .Values.state.postgres.url | trimPrefix "jdbc:postgresql://" }}
{{- regexFind ":[0-9]+$" $hostPort | trimPrefix ":" | default "5432" }}
{{- end }}
{{- end }}

{{/* Which delivery guarantees hold for the rendered settings, for NOTES.txt. */}}
{{- define "nsps-connector.guarantees" -}}
{{- if eq .Values.state.store "postgres" -}}
State: PostgreSQL ({{ .Values.state.postgres.url }}). Duplicates, stale retries and one-event-at-a-time per subscriber
   are recognised across every replica and across restarts, for state.postgres.retention ({{ .Values.state.postgres.retention }}).
{{- else if and (not .Values.simulator.enabled) (or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1)) -}}
State: in memory, PER POD (state.acknowledgePerPodGuarantees): each of the {{ include "nsps-connector.minReplicas" . }}+ pods recognises only the
   duplicates and stale events it saw itself, and forgets them at a restart. A re-delivery reaching another pod is
   applied again; set state.store=postgres to share them.
{{- else -}}
State: in memory, one pod: duplicates and stale retries are recognised while the pod runs, and forgotten when it
   restarts (upgrade, drain). For guarantees across restarts and more pods, set state.store=postgres.
{{- end }}
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
{{- $_ := set $connector "delivery" (dict "shutdown-grace-period" (printf "PT%sS" (include "nsps-connector.drainSeconds" .))) }}
{{- $state := .Values.state }}
{{- if eq $state.store "postgres" }}
{{- $pg := $state.postgres }}
{{- /* the user and the password come from the Secret, as STATE_POSTGRES_USER and STATE_POSTGRES_PASSWORD_FILE */}}
{{- $_ := set $connector "state" (dict "store" "postgres" "postgres" (dict "url" $pg.url "pool-size" (int $pg.poolSize) "connect-timeout" $pg.connectTimeout "statement-timeout" $pg.statementTimeout "retention" $pg.retention "cleanup-interval" $pg.cleanupInterval "migrate" $pg.migrate)) }}
{{- else }}
{{- $_ := set $connector "state" (dict "store" "memory") }}
{{- end }}
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
{{- include "nsps-connector.validateOwnedSettings" . }}
{{- include "nsps-connector.validateWorkload" . }}
{{- include "nsps-connector.validateState" . }}
{{- end }}

{{/* The state store: postgres complete, and no rendering whose several pods would hold their guarantees per pod
     without the operator saying so. */}}
{{- define "nsps-connector.validateState" -}}
{{- $pg := .Values.state.postgres }}
{{- if eq .Values.state.store "postgres" }}
{{- if not $pg.url }}
{{- fail "state.postgres.url: state.store=postgres needs the database's JDBC URL (e.g. jdbc:postgresql://nsps-db-rw:5432/app, CloudNativePG's <cluster>-rw Service)" }}
{{- end }}
{{- if and (not $pg.existingSecret) (not $pg.password) }}
{{- fail "state.postgres.existingSecret: name the Secret holding the database credentials (CloudNativePG: <cluster>-app), or give state.postgres.password" }}
{{- end }}
{{- if and (not $pg.user) (or (not $pg.existingSecret) (not $pg.existingSecretKeys.username)) }}
{{- fail "state.postgres.user: give the database user, or a Secret in state.postgres.existingSecret with its key in existingSecretKeys.username" }}
{{- end }}
{{- else if and (not .Values.simulator.enabled) (not .Values.state.acknowledgePerPodGuarantees) }}
{{- if .Values.autoscaling.enabled }}
{{- fail "autoscaling.enabled: with state.store=memory every pod would recognise only the duplicates and stale events it saw itself (a re-delivery reaching another pod is applied again). Set state.store=postgres to share them, or state.acknowledgePerPodGuarantees=true to accept per-pod guarantees" }}
{{- end }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail (printf "replicaCount: %d pods with state.store=memory would each recognise only the duplicates and stale events they saw themselves (a re-delivery reaching another pod is applied again). Set state.store=postgres to share them, replicaCount=1, or state.acknowledgePerPodGuarantees=true to accept per-pod guarantees" (int .Values.replicaCount)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Settings the chart derives from its own values: refused in connectorConfig/serverConfig, naming the value to use
     (the templates that depend on them, Service, probes, Ingress, NetworkPolicy, would not follow). */}}
{{- define "nsps-connector.validateOwnedSettings" -}}
{{- $c := .Values.connectorConfig }}
{{- if hasKey .Values.serverConfig "port" }}
{{- fail "serverConfig.port: the chart sets the listen port; use containerPort (the Service, probes and NetworkPolicy follow it)" }}
{{- end }}
{{- if hasKey .Values.serverConfig "host" }}
{{- fail "serverConfig.host: the chart listens on all the pod's addresses (Service and probes reach it there); remove it" }}
{{- end }}
{{- if hasKey .Values.serverConfig "tls" }}
{{- fail "serverConfig.tls: use the chart's tls.enabled and tls.secretName (probes, Service and helm test follow them)" }}
{{- end }}
{{- if hasKey $c "tls" }}
{{- fail "connectorConfig.tls: use the chart's tls.enabled and tls.secretName (probes, Service and helm test follow them)" }}
{{- end }}
{{- if hasKey (dig "wtl" dict $c) "url" }}
{{- fail "connectorConfig.wtl.url: use wtl.url (the NetworkPolicy's WTL port follows it)" }}
{{- end }}
{{- if or (hasKey (dig "wtl" dict $c) "token") (hasKey (dig "wtl" dict $c) "token-file") }}
{{- fail "connectorConfig.wtl.token: tokens come from the Secret; use auth.wtlToken or auth.existingSecret" }}
{{- end }}
{{- if hasKey (dig "simulator" dict $c) "enabled" }}
{{- fail "connectorConfig.simulator.enabled: use simulator.enabled (the replica count and NOTES follow it)" }}
{{- end }}
{{- if hasKey (dig "logging" dict $c) "level" }}
{{- fail "connectorConfig.logging.level: use logLevel (one of DEBUG, INFO, WARNING, ERROR, CRITICAL)" }}
{{- end }}
{{- $drain := int (include "nsps-connector.drainSeconds" .) }}
{{- with (dig "delivery" "shutdown-grace-period" "" $c) }}
{{- $s := int (include "nsps-connector.seconds" .) }}
{{- if gt $s $drain }}
{{- fail (printf "connectorConfig.delivery.shutdown-grace-period: %s is longer than the pod's grace leaves (terminationGracePeriodSeconds - preStopSleepSeconds - 5 = %d s): Kubernetes would kill the events in flight; raise terminationGracePeriodSeconds instead" . $drain) }}
{{- end }}
{{- end }}
{{- $deadline := int (include "nsps-connector.seconds" (dig "wtl" "event-deadline" "PT20S" $c)) }}
{{- if gt $deadline $drain }}
{{- fail (printf "terminationGracePeriodSeconds: the events in flight get %d s on shutdown, less than connectorConfig.wtl.event-deadline (%d s); raise terminationGracePeriodSeconds to at least %d" $drain $deadline (add $deadline (int .Values.preStopSleepSeconds) 5)) }}
{{- end }}
{{- $path := include "nsps-connector.eventPath" . }}
{{- if .Values.ingress.enabled }}
{{- range $i, $host := .Values.ingress.hosts }}
{{- $paths := list }}
{{- range $host.paths }}{{ $paths = append $paths .path }}{{ end }}
{{- if not (has $path $paths) }}
{{- fail (printf "ingress.hosts[%d].paths: the connector takes events at %s (connectorConfig.event-path) but this host routes %s; list %s" $i $path (join ", " $paths) $path) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The workload's values that render but could never run or would block operations. */}}
{{- define "nsps-connector.validateWorkload" -}}
{{- $reserved := fromJsonArray (include "nsps-connector.reservedLabels" .) }}
{{- range $key, $_ := .Values.commonLabels }}
{{- if has $key $reserved }}
{{- fail (printf "commonLabels.%s: the chart sets this label itself (selectors depend on it); use nameOverride, or another key" $key) }}
{{- end }}
{{- end }}
{{- range $key, $_ := .Values.podLabels }}
{{- if has $key $reserved }}
{{- fail (printf "podLabels.%s: the chart sets this label itself (selectors depend on it); use nameOverride, or another key" $key) }}
{{- end }}
{{- end }}
{{- if hasKey (fromYaml .Values.mappings) "Error" }}
{{- fail (printf "mappings: not valid YAML, every pod would refuse to start: %s" (get (fromYaml .Values.mappings) "Error")) }}
{{- end }}
{{- if regexMatch "(^|\\s)-XX:[+]Use[A-Za-z]*GC(\\s|$)" .Values.jvm.extraOptions }}
{{- fail "jvm.extraOptions: choose the collector with jvm.gc (the JVM refuses to start with two)" }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- if .Values.simulator.enabled }}
{{- fail "autoscaling.enabled: the embedded simulator keeps its subscribers in memory, per pod; it runs one pod, without an HPA" }}
{{- end }}
{{- if gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas (%d) is above autoscaling.maxReplicas (%d)" (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- end }}
{{- if not (dig "requests" "cpu" "" (.Values.resources | default dict)) }}
{{- fail "resources.requests.cpu: the HPA's target is a share of the CPU request; set one (e.g. 250m)" }}
{{- end }}
{{- end }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- if $pdb.enabled }}
{{- $hasMin := and (hasKey $pdb "minAvailable") (ne (toString $pdb.minAvailable) "") }}
{{- $hasMax := and (hasKey $pdb "maxUnavailable") (ne (toString $pdb.maxUnavailable) "") }}
{{- if and $hasMin $hasMax }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable, not both" }}
{{- end }}
{{- $replicas := int (include "nsps-connector.minReplicas" .) }}
{{- if and $hasMin (or (eq (toString $pdb.minAvailable) "100%") (and (kindIs "float64" $pdb.minAvailable) (ge (int $pdb.minAvailable) $replicas)) (and (kindIs "int" $pdb.minAvailable) (ge (int $pdb.minAvailable) $replicas))) }}
{{- fail (printf "podDisruptionBudget.minAvailable: %v of %d replica(s) would block every node drain; run more replicas (replicaCount or autoscaling.minReplicas) or use maxUnavailable: 1" $pdb.minAvailable $replicas) }}
{{- end }}
{{- if and $hasMax (or (eq (toString $pdb.maxUnavailable) "0") (eq (toString $pdb.maxUnavailable) "0%")) }}
{{- fail "podDisruptionBudget.maxUnavailable: 0 would block every node drain" }}
{{- end }}
{{- end }}
{{- if and .Values.tls.enabled .Values.serviceMonitor.enabled (not .Values.serviceMonitor.tlsConfig) }}
{{- fail "serviceMonitor.tlsConfig: with tls.enabled Prometheus scrapes over HTTPS; give the CA and serverName it verifies the pod's certificate with (or insecureSkipVerify: true to accept any)" }}
{{- end }}
{{- end }}

{{/* A probe from values; its httpGet switched to HTTPS when the connector serves TLS. Args: (list probe tlsEnabled). */}}
{{- define "nsps-connector.probe" -}}
{{- $probe := omit (deepCopy (index . 0)) "enabled" }}
{{- /* values are merged over the defaults: a tcpSocket, exec or grpc given replaces the default httpGet */}}
{{- $handlers := 0 }}
{{- range list "tcpSocket" "exec" "grpc" }}{{ if hasKey $probe . }}{{ $handlers = add1 $handlers }}{{ end }}{{ end }}
{{- if gt $handlers 1 }}
{{- fail "probes: give a probe one handler (httpGet, tcpSocket, exec or grpc)" }}
{{- end }}
{{- if gt $handlers 0 }}
{{- $probe = omit $probe "httpGet" }}
{{- end }}
{{- if and (index . 1) $probe.httpGet }}
{{- $_ := set $probe.httpGet "scheme" "HTTPS" }}
{{- end }}
{{- toYaml $probe }}
{{- end }}
