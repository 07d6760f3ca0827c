{{/*
The chart name, or nameOverride.
*/}}
{{- define "sts-chaos.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object name: fullnameOverride, else <release>-<chart name> (the release name alone
when it already contains the chart name). At most 63 characters.
*/}}
{{- define "sts-chaos.fullname" -}}
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

{{/*
The selector labels: what tells this release's objects and pods apart (`kubectl -l`). The one place they
are defined; sts-chaos.labels includes them.
*/}}
{{- define "sts-chaos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sts-chaos.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The labels of every object the chart makes (and of its pods): the selector labels and the rest.
*/}}
{{- define "sts-chaos.labels" -}}
{{ include "sts-chaos.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sts-chaos
app.kubernetes.io/component: conformance-test
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The target StatefulSet's name (required by values.schema.json).
*/}}
{{- define "sts-chaos.targetName" -}}
{{- .Values.target.name }}
{{- end }}

{{/*
The names sts-chaos gives, in the target namespace, to the target's fault ledger (a ConfigMap) and to
its run Lease (src/engine/ledger.ts, src/engine/lease.ts): the RBAC names them (resourceNames).
*/}}
{{- define "sts-chaos.ledgerName" -}}
{{- printf "sts-chaos-ledger-%s" (include "sts-chaos.targetName" .) | trunc 253 }}
{{- end }}

{{- define "sts-chaos.leaseName" -}}
{{- printf "sts-chaos-%s" (include "sts-chaos.targetName" .) | trunc 253 }}
{{- end }}

{{/*
Every StatefulSet the run tests, comma-separated: target.name, then `targets` (each once).
*/}}
{{- define "sts-chaos.targetNames" -}}
{{- without (prepend .Values.targets .Values.target.name | uniq) "" | join "," }}
{{- end }}

{{/*
The names of every target's objects as a quoted, comma-separated list for resourceNames: `kind` is
"statefulset", "ledger" (sts-chaos-ledger-<name>), "lease" (sts-chaos-<name>) or "results" (the results
ConfigMap, and with several targets <it>-<name> each). Call with (list . kind).
*/}}
{{- define "sts-chaos.namesOf" -}}
{{- $root := index . 0 }}
{{- $kind := index . 1 }}
{{- $targets := include "sts-chaos.targetNames" $root | splitList "," }}
{{- $out := list }}
{{- if eq $kind "results" }}
{{- $cm := include "sts-chaos.resultsConfigMap" $root }}
{{- $out = append $out $cm }}
{{- if gt (len $targets) 1 }}
{{- range $targets }}
{{- $out = append $out (printf "%s-%s" $cm . | trunc 253) }}
{{- end }}
{{- end }}
{{- else }}
{{- $prefix := get (dict "statefulset" "" "ledger" "sts-chaos-ledger-" "lease" "sts-chaos-") $kind }}
{{- range $targets }}
{{- $out = append $out (printf "%s%s" $prefix . | trunc 253) }}
{{- end }}
{{- end }}
{{- $q := list }}
{{- range $out }}
{{- $q = append $q (quote .) }}
{{- end }}
{{- join ", " $q }}
{{- end }}

{{/*
The namespace of the target, where the Job and its RBAC go: target.namespace, else the release
namespace.
*/}}
{{- define "sts-chaos.namespace" -}}
{{- default .Release.Namespace .Values.target.namespace }}
{{- end }}

{{/*
The ServiceAccount the Job runs as.
*/}}
{{- define "sts-chaos.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sts-chaos.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Job's name: it carries the release revision, so that every `helm upgrade` makes a new Job (a Job's
pod template cannot be changed) and runs the suites again. At most 63 characters (the Job's name is a
label value of its pods).
*/}}
{{- define "sts-chaos.jobName" -}}
{{- $rev := printf "-%d" (int .Release.Revision) }}
{{- printf "%s%s" (include "sts-chaos.fullname" . | trunc (int (sub 63 (len $rev))) | trimSuffix "-") $rev }}
{{- end }}

{{/*
The name of the ClusterRole and ClusterRoleBinding (cluster-scoped: the target namespace is part of it,
so that releases of the same name in two namespaces do not collide).
*/}}
{{- define "sts-chaos.clusterRoleName" -}}
{{- printf "%s-%s" (include "sts-chaos.fullname" .) (include "sts-chaos.namespace" .) | trunc 253 | trimSuffix "-" }}
{{- end }}

{{/*
The faults: each value under `faults` and the fault ID sts-chaos knows it by, in sts-chaos's order.
*/}}
{{- define "sts-chaos.faultIds" -}}
podKill: pod-kill
processKill: process-kill
claimDeletion: claim-deletion
probeBreakage: probe-breakage
scale: scale
nodeCordon: node-cordon
nodeDrain: node-drain
nodeLoss: node-loss
rollingUpdate: rolling-update
badRelease: bad-release
recreate: recreate
{{- end }}

{{/*
"true" when the updates suite runs (listed in `suites`, with faults.rollingUpdate or faults.badRelease):
only then may sts-chaos patch the target (its template, its partition) and delete its pods one at a time.
*/}}
{{- define "sts-chaos.updates" -}}
{{- if and (has "updates" .Values.suites) (or .Values.faults.rollingUpdate .Values.faults.badRelease) }}true{{- end }}
{{- end }}

{{/*
"true" when the recreate suite runs (listed in `suites`, with faults.recreate): only then may sts-chaos
delete the target StatefulSet (by name) and create it again from its saved spec.
*/}}
{{- define "sts-chaos.recreate" -}}
{{- if and (has "recreate" .Values.suites) .Values.faults.recreate }}true{{- end }}
{{- end }}

{{/*
The IDs of the enabled faults, comma-separated, e.g. "pod-kill,scale".
*/}}
{{- define "sts-chaos.enabledFaults" -}}
{{- $ids := list }}
{{- $updates := include "sts-chaos.updates" . }}
{{- $recreate := include "sts-chaos.recreate" . }}
{{- range (include "sts-chaos.faultIds" . | splitList "\n") }}
{{- $kv := splitList ": " . }}
{{- $key := first $kv }}
{{- /* The update faults run only in the updates suite, recreate only in the recreate suite: left out
unless their suite is listed. */}}
{{- $inSuite := true }}
{{- if has $key (list "rollingUpdate" "badRelease") }}
{{- $inSuite = $updates }}
{{- else if eq $key "recreate" }}
{{- $inSuite = $recreate }}
{{- end }}
{{- if and (index $.Values.faults $key) $inSuite }}
{{- $ids = append $ids (last $kv) }}
{{- end }}
{{- end }}
{{- join "," $ids }}
{{- end }}

{{/*
Whether any of the faults named in the list argument is enabled ("true" or empty), e.g.
include "sts-chaos.anyFault" (list . "podKill" "claimDeletion").
*/}}
{{- define "sts-chaos.anyFault" -}}
{{- $root := first . }}
{{- range rest . }}
{{- if index $root.Values.faults . }}true{{ break }}{{ end }}
{{- end }}
{{- end }}

{{/*
Whether any node fault is enabled ("true" or empty).
*/}}
{{- define "sts-chaos.nodeFaults" -}}
{{- include "sts-chaos.anyFault" (list . "nodeCordon" "nodeDrain" "nodeLoss") }}
{{- end }}

{{/*
The name of the results ConfigMap sts-chaos writes.
*/}}
{{- define "sts-chaos.resultsConfigMap" -}}
{{- printf "%s-results" (include "sts-chaos.fullname" .) | trunc 253 }}
{{- end }}

{{/*
The claim /reports is on, or empty for an emptyDir.
*/}}
{{- define "sts-chaos.reportsClaim" -}}
{{- $pvc := .Values.results.persistentVolumeClaim }}
{{- if $pvc.existingClaim }}
{{- $pvc.existingClaim }}
{{- else if $pvc.enabled }}
{{- printf "%s-reports" (include "sts-chaos.fullname" .) }}
{{- end }}
{{- end }}

{{/*
The run config (config.yaml): only keys sts-chaos knows, only those that are set.
*/}}
{{- define "sts-chaos.config" -}}
{{- $v := .Values }}
{{- $ns := include "sts-chaos.namespace" . }}
{{- $targets := list }}
{{- range include "sts-chaos.targetNames" . | splitList "," }}
{{- $targets = append $targets (printf "%s/%s" $ns .) }}
{{- end }}
{{- $cfg := dict "target" (ternary (first $targets) $targets (eq (len $targets) 1)) }}
{{- if $v.suites }}
{{- if and (eq (len $v.suites) 1) (has "split-brain" $v.suites) (not (include "sts-chaos.nodeFaults" .)) }}
{{- fail "suites: [split-brain] with every node fault off runs nothing: enable faults.nodeCordon, faults.nodeDrain or faults.nodeLoss, or add other suites" }}
{{- end }}
{{- if and (has "updates" $v.suites) (not (include "sts-chaos.updates" .)) }}
{{- fail "suites: updates with faults.rollingUpdate and faults.badRelease off runs nothing of it: enable one of them, or leave updates out" }}
{{- end }}
{{- if and (has "recreate" $v.suites) (not (include "sts-chaos.recreate" .)) }}
{{- fail "suites: recreate with faults.recreate off runs nothing of it: enable faults.recreate, or leave recreate out" }}
{{- end }}
{{- $_ := set $cfg "suites" $v.suites }}
{{- end }}
{{- if $v.grep }}
{{- $_ := set $cfg "grep" $v.grep }}
{{- end }}
{{- if $v.skip }}
{{- $_ := set $cfg "skip" $v.skip }}
{{- end }}
{{- if not (include "sts-chaos.enabledFaults" .) }}
{{- fail "faults: no enabled fault runs in the selected suites (faults.rollingUpdate and faults.badRelease run only when suites lists updates, faults.recreate only when it lists recreate)" }}
{{- end }}
{{- $_ := set $cfg "faults" (include "sts-chaos.enabledFaults" . | splitList ",") }}
{{- if $v.dataPaths }}
{{- $_ := set $cfg "dataPaths" $v.dataPaths }}
{{- end }}
{{- $_ := set $cfg "reportDir" "/reports" }}
{{- $_ := set $cfg "budget" $v.budget }}
{{- $_ := set $cfg "dnsBudget" $v.dnsBudget }}
{{- $_ := set $cfg "maxDisrupted" (int $v.maxDisrupted) }}
{{- if not (kindIs "invalid" $v.ordinal) }}
{{- $_ := set $cfg "ordinal" (int $v.ordinal) }}
{{- end }}
{{- if $v.allowNamespaces }}
{{- $_ := set $cfg "allowNamespaces" $v.allowNamespaces }}
{{- end }}
{{- if not $v.events }}
{{- $_ := set $cfg "events" false }}
{{- end }}
{{- if gt (int $v.repeat) 1 }}
{{- $_ := set $cfg "repeat" (int $v.repeat) }}
{{- end }}
{{- if $v.repeatFor }}
{{- $_ := set $cfg "repeatFor" $v.repeatFor }}
{{- end }}
{{- if $v.metrics.enabled }}
{{- $_ := set $cfg "metricsAddress" (printf ":%d" (int $v.metrics.port)) }}
{{- end }}
{{- if $v.metrics.pushgateway }}
{{- $_ := set $cfg "pushgateway" $v.metrics.pushgateway }}
{{- end }}
{{- if and $v.faults.nodeLoss (eq $v.nodeLoss.mode "agent") }}
{{- if and (eq $v.nodeLoss.fence "out-of-service") (ne $v.nodeLoss.kind "power-off") }}
{{- fail "nodeLoss.fence out-of-service needs nodeLoss.kind power-off (a partitioned node is never tainted: its containers still run)" }}
{{- end }}
{{- $_ := set $cfg "nodeLoss" (dict "mode" "agent" "kind" $v.nodeLoss.kind "fence" $v.nodeLoss.fence "agentImage" (include "sts-chaos.image" .) "agentNamespace" (include "sts-chaos.agentNamespace" .) "agentServiceAccount" (include "sts-chaos.agentName" .) "hold" $v.nodeLoss.hold) }}
{{- else if $v.faults.nodeLoss }}
{{- if not (and $v.nodeLoss.downCommand $v.nodeLoss.upCommand) }}
{{- fail "nodeLoss.mode command needs nodeLoss.downCommand and nodeLoss.upCommand (or use nodeLoss.mode agent)" }}
{{- end }}
{{- $_ := set $cfg "nodeLoss" (dict "mode" "command" "downCommand" $v.nodeLoss.downCommand "upCommand" $v.nodeLoss.upCommand "containersLeftRunning" $v.nodeLoss.containersLeftRunning "hold" $v.nodeLoss.hold) }}
{{- else }}
{{- $_ := set $cfg "nodeLoss" (dict "mode" "none") }}
{{- end }}
{{- if $v.roleQuery }}
{{- $_ := set $cfg "roleQuery" (dict "command" $v.roleQuery) }}
{{- end }}
{{- if $v.container }}
{{- $_ := set $cfg "container" $v.container }}
{{- end }}
{{- if $v.processName }}
{{- $_ := set $cfg "processName" $v.processName }}
{{- end }}
{{- if $v.debugImage }}
{{- $_ := set $cfg "debugImage" $v.debugImage }}
{{- end }}
{{- if $v.results.configMap }}
{{- $_ := set $cfg "resultsConfigMap" (include "sts-chaos.resultsConfigMap" .) }}
{{- end }}
{{- $_ := set $cfg "logFormat" $v.logFormat }}
{{- $_ := set $cfg "logLevel" $v.logLevel }}
{{- toYaml $cfg }}
{{- end }}

{{/*
The pod security context of every pod of the chart.
*/}}
{{- define "sts-chaos.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
The container security context of every container of the chart.
*/}}
{{- define "sts-chaos.securityContext" -}}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
runAsNonRoot: true
capabilities:
  drop:
    - ALL
{{- end }}

{{/*
The scheduling fields and pull secrets of every pod of the chart.
*/}}
{{- define "sts-chaos.podScheduling" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
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
{{- end }}

{{/*
The image.
*/}}
{{- define "sts-chaos.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
The name of the cleanup hook's objects (ServiceAccount, Role, RoleBinding, Job): <fullname>-cleanup.
*/}}
{{- define "sts-chaos.cleanupName" -}}
{{- printf "%s-cleanup" (include "sts-chaos.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{/*
The name of the cleanup hook's ClusterRole and ClusterRoleBinding (carries the target namespace).
*/}}
{{- define "sts-chaos.cleanupClusterRoleName" -}}
{{- printf "%s-%s" (include "sts-chaos.cleanupName" .) (include "sts-chaos.namespace" .) | trunc 253 | trimSuffix "-" }}
{{- end }}

{{/*
Whether a node fault that cordons is enabled ("true" or empty): the cleanup hook then may uncordon.
*/}}
{{- define "sts-chaos.cordonFaults" -}}
{{- include "sts-chaos.anyFault" (list . "nodeCordon" "nodeDrain") }}
{{- end }}

{{/*
The annotations of a cleanup hook object; the argument is its weight. The hook runs before the chart's
objects are installed, upgraded or deleted; its objects are deleted once it has succeeded (and before
the next hook), a failed hook's Job is kept for its logs until the next install, upgrade or uninstall.
*/}}
{{- define "sts-chaos.cleanupHookAnnotations" -}}
helm.sh/hook: pre-install,pre-upgrade,pre-delete
helm.sh/hook-weight: {{ . | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end }}

{{/*
Whether node loss by the node agent is enabled ("true" or empty).
*/}}
{{- define "sts-chaos.nodeAgent" -}}
{{- if and .Values.faults.nodeLoss (eq .Values.nodeLoss.mode "agent") }}true{{ end }}
{{- end }}

{{/*
The node agent's namespace: nodeLoss.agentNamespace, else the target namespace.
*/}}
{{- define "sts-chaos.agentNamespace" -}}
{{- .Values.nodeLoss.agentNamespace | default (include "sts-chaos.namespace" .) }}
{{- end }}

{{/*
The node agent's ServiceAccount, and the Roles about it.
*/}}
{{- define "sts-chaos.agentName" -}}
{{- printf "%s-agent" (include "sts-chaos.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Whether node loss fences with the out-of-service taint ("true" or empty): nodes patch, for the run and the hook.
*/}}
{{- define "sts-chaos.fence" -}}
{{- if and (include "sts-chaos.nodeAgent" .) (eq .Values.nodeLoss.fence "out-of-service") }}true{{ end }}
{{- end }}
