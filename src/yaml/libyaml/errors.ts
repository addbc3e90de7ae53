// libyaml's failures as yaml.v2 reports them (parser.fail in decode.go): the problem, prefixed by
// `line N: ` where N is the problem's line (0-based, plus one for scanner problems, which are
// found before their line is counted), or else the context's line, and nothing when both are 0.

export class YamlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
  }
}

export function scannerError(problem: string, problemLine: number): YamlSyntaxError {
  return new YamlSyntaxError(problemLine !== 0 ? `line ${problemLine + 1}: ${problem}` : problem);
}

export function parserError(problem: string, problemLine: number, contextLine = 0): YamlSyntaxError {
  const line = problemLine !== 0 ? problemLine : contextLine;
  return new YamlSyntaxError(line !== 0 ? `line ${line}: ${problem}` : problem);
}
