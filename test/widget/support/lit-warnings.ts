/**
 * Collects Lit's dev-mode warnings (e.g. "change-in-update": a property set after an update, which costs a
 * second render) so component tests can fail on them. Lit's one-off "dev mode" notice is not a problem.
 */
const warnings: string[] = [];
const originalWarn = console.warn.bind(console);

console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (text.includes('lit.dev/msg/') && !text.includes('lit.dev/msg/dev-mode')) warnings.push(text);
  originalWarn(...args);
};

/** Lit warnings since the last call (and forgets them). */
export function takeLitWarnings(): string[] {
  return warnings.splice(0);
}
