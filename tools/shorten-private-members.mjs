// A Rollup plugin for the widget build: lets terser shorten the names of the widget's TypeScript `private`
// members (`this.touchedDuringSync` → `this.t`), as it already does for local variables. A name is shortened
// only when it is safe to rename everywhere in the bundle:
//
// - it is declared `private` (and not decorated: Lit's decorators name their property in a string) in
//   src/widget, and never declared anywhere in src/widget or src/protocol as anything else (a public member, an
//   interface or payload field, an object key, a destructured name);
// - it is only ever read as `this.name` (never `other.name`, which may be a DOM, host-page or JSON object);
// - it appears in no string or template text of src/widget or src/protocol, and nowhere at all in the
//   libraries' code.
//
// terser also keeps every DOM and built-in property name by default. Plus SignalR's own `_private` names (its
// convention for members nothing outside the library touches).
//
// terser's options are read when it runs (after this plugin's renderChunk), so the plugin sets
// `terserOptions.mangle.properties.regex` then, once it knows which library code is in the bundle.
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OURS = /[\\/]src[\\/](?:widget|protocol)[\\/]/;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The `private` member names of the sources, and every name that rules one out. */
function scanSources(dirs) {
  const privates = new Set();
  const excluded = new Set();
  const hasModifier = (node, kind) => (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []).some((m) => m.kind === kind);
  for (const file of dirs.flatMap(sourceFiles)) {
    const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node) => {
      const name = node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name)) ? node.name.text : null;
      if (ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
        const decorated = ts.canHaveDecorators(node) && (ts.getDecorators(node) ?? []).length > 0;
        if (name) (hasModifier(node, ts.SyntaxKind.PrivateKeyword) && !decorated ? privates : excluded).add(name);
      } else if (ts.isParameter(node) && ts.isIdentifier(node.name) && ts.isConstructorDeclaration(node.parent)) {
        // constructor parameter properties (`private readonly hooks`)
        if (hasModifier(node, ts.SyntaxKind.PrivateKeyword)) privates.add(node.name.text);
        else if (hasModifier(node, ts.SyntaxKind.PublicKeyword) || hasModifier(node, ts.SyntaxKind.ReadonlyKeyword) || hasModifier(node, ts.SyntaxKind.ProtectedKeyword)) excluded.add(node.name.text);
      } else if (
        ts.isPropertySignature(node) ||
        ts.isMethodSignature(node) ||
        ts.isPropertyAssignment(node) ||
        ts.isShorthandPropertyAssignment(node) ||
        ts.isEnumMember(node)
      ) {
        if (name) excluded.add(name);
      } else if (ts.isBindingElement(node)) {
        const key = node.propertyName ?? node.name;
        if (ts.isIdentifier(key)) excluded.add(key.text);
      } else if (ts.isPropertyAccessExpression(node) && node.expression.kind !== ts.SyntaxKind.ThisKeyword) {
        excluded.add(node.name.text);
      } else if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        // strings and template text (a Lit template binds properties by name: `.value=${…}`)
        for (const word of node.text.split(/[^\w$]+/)) excluded.add(word);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return { privates, excluded };
}

export function shortenPrivateMembers(terserOptions, { sources = ['src/widget', 'src/protocol'] } = {}) {
  let scanned = null;
  return {
    name: 'shorten-private-members',
    buildStart() {
      scanned = scanSources(sources);
    },
    renderChunk() {
      const libraryWords = new Set();
      for (const id of this.getModuleIds()) {
        if (OURS.test(id)) continue;
        for (const word of this.getModuleInfo(id)?.code?.match(/[\w$]+/g) ?? []) libraryWords.add(word);
      }
      const names = [...scanned.privates].filter((name) => !scanned.excluded.has(name) && !libraryWords.has(name)).sort();
      // SHOW_SHORTENED=1 npm run build lists the names shortened and the private names kept.
      if (process.env.SHOW_SHORTENED) console.log(`shortened: ${names.join(' ')}\nkept: ${[...scanned.privates].filter((n) => !names.includes(n)).join(' ')}`);
      terserOptions.mangle.properties.regex = new RegExp(`^(?:_[a-zA-Z][\\w$]*|${names.map((name) => name.replace(/\$/g, '\\$')).join('|')})$`);
      return null;
    },
  };
}
