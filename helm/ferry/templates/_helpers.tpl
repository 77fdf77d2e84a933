{{- /*
Names and labels, following Bitnami's conventions: every name fits a Kubernetes name (63 characters), every object
carries the app.kubernetes.io/* labels and helm.sh/chart.
*/ -}}

{{- define "ferry.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /* The release's prefix: the release name, or <release>-<chart> when the release name lacks the chart's. */ -}}
{{- define "ferry.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "ferry.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "ferry.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- /*
<fullname>-<component> within 63 characters. The prefix is cut, never the component, so two components
(delivery-netsuite, delivery-netsuite-soap) never collapse onto one name under a long release name.
Call with (dict "context" $ "component" "ingestion").
*/ -}}
{{- define "ferry.componentName" -}}
{{- $prefix := include "ferry.fullname" .context | trunc (int (sub 62 (len .component))) | trimSuffix "-" -}}
{{- printf "%s-%s" $prefix .component -}}
{{- end -}}

{{- define "ferry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ferry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ferry.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- /* Labels of every object; with a component, its selector labels too. Call with (dict "context" $ "component" "x") or (dict "context" $). */ -}}
{{- define "ferry.labels" -}}
app.kubernetes.io/name: {{ include "ferry.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: ferry
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "ferry.chart" .context }}
{{- with .context.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "ferry.image" -}}
{{- $image := .Values.image -}}
{{- if $image.digest -}}
{{ $image.repository }}@{{ $image.digest }}
{{- else -}}
{{ $image.repository }}:{{ $image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{- define "ferry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "ferry.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- /*
Kafka, registry and TLS settings of one principal, as the environment variables libs/config/src/connection-security.ts
reads (CONNECTION_SECURITY_VARIABLES). Call with (dict "context" $ "principal" "ferry-ingestion" "kafkaPasswordKey" "k"
"registryPasswordKey" "k").
*/ -}}
{{- define "ferry.connectionEnv" -}}
{{- $values := .context.Values -}}
{{- $security := $values.security -}}
- { name: KAFKA_BROKERS, value: {{ $values.kafka.brokers | quote }} }
- { name: SCHEMA_REGISTRY_URL, value: {{ $values.registry.url | quote }} }
{{- if ne $security.kafka.saslMechanism "none" }}
- { name: KAFKA_SASL_MECHANISM, value: {{ $security.kafka.saslMechanism | quote }} }
{{- end }}
{{- if has $security.kafka.saslMechanism (list "plain" "scram-sha-256" "scram-sha-512") }}
- { name: KAFKA_SASL_USERNAME, value: {{ .principal | quote }} }
- name: KAFKA_SASL_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ required "security.existingSecret is required with a SASL mechanism" $security.existingSecret }}, key: {{ .kafkaPasswordKey | quote }} } }
{{- else if eq $security.kafka.saslMechanism "oauthbearer" }}
- { name: KAFKA_SASL_OAUTHBEARER_TOKEN_URL, value: {{ required "security.kafka.oauthbearer.tokenUrl is required with oauthbearer" $security.kafka.oauthbearer.tokenUrl | quote }} }
- { name: KAFKA_SASL_OAUTHBEARER_CLIENT_ID, value: {{ .principal | quote }} }
{{- with $security.kafka.oauthbearer.scope }}
- { name: KAFKA_SASL_OAUTHBEARER_SCOPE, value: {{ . | quote }} }
{{- end }}
- name: KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET
  valueFrom: { secretKeyRef: { name: {{ required "security.existingSecret is required with oauthbearer" $security.existingSecret }}, key: {{ .kafkaPasswordKey | quote }} } }
{{- end }}
{{- with $security.kafka.tls }}
{{- if .enabled }}
- { name: KAFKA_TLS, value: "true" }
- { name: KAFKA_TLS_REJECT_UNAUTHORIZED, value: {{ .rejectUnauthorized | quote }} }
{{- if .existingSecret }}
- { name: KAFKA_TLS_CA_FILE, value: /etc/ferry/kafka-tls/ca.crt }
{{- if .clientCertificate }}
- { name: KAFKA_TLS_CERT_FILE, value: /etc/ferry/kafka-tls/tls.crt }
- { name: KAFKA_TLS_KEY_FILE, value: /etc/ferry/kafka-tls/tls.key }
{{- with .keyPasswordKey }}
- name: KAFKA_TLS_KEY_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ $security.kafka.tls.existingSecret }}, key: {{ . | quote }} } }
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if $security.registry.basicAuth }}
- { name: SCHEMA_REGISTRY_USERNAME, value: {{ .principal | quote }} }
- name: SCHEMA_REGISTRY_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ required "security.existingSecret is required with registry.basicAuth" $security.existingSecret }}, key: {{ .registryPasswordKey | quote }} } }
{{- end }}
{{- /* Registry TLS follows from an https URL; these only add a private CA, a client certificate or turn checks off. */}}
{{- with $security.registry.tls }}
{{- if .existingSecret }}
- { name: SCHEMA_REGISTRY_TLS_CA_FILE, value: /etc/ferry/registry-tls/ca.crt }
{{- if .clientCertificate }}
- { name: SCHEMA_REGISTRY_TLS_CERT_FILE, value: /etc/ferry/registry-tls/tls.crt }
- { name: SCHEMA_REGISTRY_TLS_KEY_FILE, value: /etc/ferry/registry-tls/tls.key }
{{- with .keyPasswordKey }}
- name: SCHEMA_REGISTRY_TLS_KEY_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ $security.registry.tls.existingSecret }}, key: {{ . | quote }} } }
{{- end }}
{{- end }}
{{- end }}
{{- if not .rejectUnauthorized }}
- { name: SCHEMA_REGISTRY_TLS_REJECT_UNAUTHORIZED, value: "false" }
{{- end }}
{{- end }}
{{- end -}}

{{- /* Volumes (and their mounts) every Ferry container gets: a writable /tmp under a read-only root, and the TLS secrets. */ -}}
{{- define "ferry.volumeMounts" -}}
- { name: tmp, mountPath: /tmp }
{{- if and .Values.security.kafka.tls.enabled .Values.security.kafka.tls.existingSecret }}
- { name: kafka-tls, mountPath: /etc/ferry/kafka-tls, readOnly: true }
{{- end }}
{{- if .Values.security.registry.tls.existingSecret }}
- { name: registry-tls, mountPath: /etc/ferry/registry-tls, readOnly: true }
{{- end }}
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "ferry.volumes" -}}
- { name: tmp, emptyDir: { sizeLimit: {{ .Values.tmpSizeLimit }} } }
{{- with .Values.security.kafka.tls }}
{{- if and .enabled .existingSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .existingSecret }}
    items:
      - { key: {{ .caKey | quote }}, path: ca.crt }
      {{- if .clientCertificate }}
      - { key: {{ .certKey | quote }}, path: tls.crt }
      - { key: {{ .keyKey | quote }}, path: tls.key }
      {{- end }}
{{- end }}
{{- end }}
{{- with .Values.security.registry.tls }}
{{- if .existingSecret }}
- name: registry-tls
  secret:
    secretName: {{ .existingSecret }}
    items:
      - { key: {{ .caKey | quote }}, path: ca.crt }
      {{- if .clientCertificate }}
      - { key: {{ .certKey | quote }}, path: tls.crt }
      - { key: {{ .keyKey | quote }}, path: tls.key }
      {{- end }}
{{- end }}
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- /* Pod-level settings shared by the Deployments and the provisioning Job. */ -}}
{{- define "ferry.podSpecCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}

{{- /* Services the ops console (served by observability) reaches through it: control-plane, reconciliation, master-data and the delivery services. */ -}}
{{- define "ferry.isConsoleUpstream" -}}
{{- if or (has . (list "control-plane" "reconciliation" "master-data")) (hasPrefix "delivery-" .) }}true{{ end -}}
{{- end -}}

{{- /* CONSOLE_UPSTREAMS for observability: name=http://<service>:<port> of every enabled console upstream. */ -}}
{{- define "ferry.consoleUpstreams" -}}
{{- $entries := list }}
{{- range $component, $svc := .Values.services }}
{{- if and $svc.enabled (include "ferry.isConsoleUpstream" $component) }}
{{- $entries = append $entries (printf "%s=http://%s:%v" $component (include "ferry.componentName" (dict "context" $ "component" $component)) $svc.port) }}
{{- end }}
{{- end }}
{{- join "," $entries -}}
{{- end -}}
