{{- define "fixture.name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}
