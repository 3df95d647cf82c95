/** Fills `{name}`-style variables; unknown `{...}` (jsonpath, `%{http_code}`, awk) is left as is. */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/(?<![%$.])\{([A-Za-z]+)\}/g, (whole, key: string) => (key in vars ? vars[key] : whole));
}
