{{- define "full.labels" -}}
app: {{ .Chart.Name }}
release: {{ .Release.Name }}
{{- range $k, $v := .Values.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}
