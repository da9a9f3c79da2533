// The custom elements manifest (dist/custom-elements.json) of the widget, made by @custom-elements-manifest/analyzer
// from the components' classes and JSDoc headers: `npm run analyze` (part of `npm run build`). Plugins of our own
// teach it what it cannot know: our tags are registered with `defineElement()` (which warns instead of throwing when
// a page loads the desktop twice), not `customElements.define()`; an event's name is its class's `eventName`; and
// cross references should name the modules the manifest lists. The last one writes the README's component reference
// from the manifest: `npm run docs` writes it, `npm run docs:check` (part of `npm run lint`) fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';

/** The README whose component reference is generated, and the markers around the generated part. */
const README = 'README.md';
const START = '<!-- components:start -->';
const END = '<!-- components:end -->';

export default {
  // the components, and the event classes they dispatch (for the events' names and types)
  globs: ['src/widget/components/**/*.ts', 'src/widget/events/**/*.ts'],
  exclude: ['src/widget/components/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest itself ("customElements"); the analyzer must not rewrite it.
  packagejson: false,
  plugins: [defineElementCalls(), localModuleReferences(), eventNames(), readmeReference()],
};

/**
 * `defineElement('ad-offer-toast', OfferToast)` (src/widget/utilities/define-element.ts) registers a tag as
 * `customElements.define()` would: record it as the manifest's custom-element definition, so the class gets its
 * `tagName` (the analyzer links them by class name).
 */
function defineElementCalls() {
  return {
    name: 'ad-define-element-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement')
        return;
      const [tag, elementClass] = node.arguments;
      if (!tag || !ts.isStringLiteral(tag) || !elementClass || !ts.isIdentifier(elementClass)) {
        throw new Error(`${moduleDoc.path}: defineElement() needs a tag name literal and a class name`);
      }
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        {
          kind: 'custom-element-definition',
          name: tag.text,
          declaration: {
            name: elementClass.text,
            module: moduleOfImport(ts, node.getSourceFile(), elementClass.text) ?? moduleDoc.path,
          },
        },
      ];
    },
  };
}

/** The module (a path relative to the project, as the manifest's modules are named) a local name is imported from. */
function moduleOfImport(ts, sourceFile, name) {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    const imported =
      statement.importClause?.name?.text === name ||
      (bindings && ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === name));
    if (imported && specifier.startsWith('.'))
      return new URL(specifier, `file:///${sourceFile.fileName}`).pathname.slice(1);
  }
  return undefined;
}

/**
 * The analyzer writes a reference to another module as its import specifier resolved from `/`
 * (`/src/widget/components/desktop-element.js`), while it names the modules themselves by their source path
 * (`src/widget/components/desktop-element.ts`): point every reference at the module of the manifest it means.
 */
function localModuleReferences() {
  return {
    name: 'ad-local-module-references',
    packageLinkPhase({ customElementsManifest }) {
      const paths = new Set(customElementsManifest.modules.map((module) => module.path));
      const local = (module) => {
        const path = module.replace(/^\//, '');
        const source = path.replace(/\.js$/, '.ts');
        return paths.has(source) ? source : path;
      };
      const visit = (value) => {
        if (Array.isArray(value)) return value.forEach(visit);
        if (value === null || typeof value !== 'object') return;
        if (typeof value.module === 'string' && !value.package) value.module = local(value.module);
        Object.values(value).forEach(visit);
      };
      visit(customElementsManifest.modules);
    },
  };
}

/**
 * A component's events, by name and with their class: the JSDoc header names and describes them (`@event ad-error -
 * …`); the analyzer also finds `dispatchEvent(new DesktopErrorEvent(…))` but cannot read the name from the class
 * (it guesses from the arguments). Each event class in src/widget/events says its name (`static readonly eventName`):
 * give every found event that name, and merge it with the documented one of the same name.
 */
function eventNames() {
  return {
    name: 'ad-event-names',
    packageLinkPhase({ customElementsManifest }) {
      const declarations = customElementsManifest.modules.flatMap((module) => module.declarations ?? []);
      const nameOf = new Map();
      for (const declaration of declarations) {
        const field = declaration.members?.find((member) => member.static && member.name === 'eventName');
        const name = field?.default?.match(/^['"](.+)['"]$/)?.[1];
        if (name) nameOf.set(declaration.name, name);
      }
      for (const declaration of declarations) {
        if (!declaration.events) continue;
        const byName = new Map();
        for (const event of declaration.events) {
          const name = nameOf.get(event.type?.text) ?? event.name;
          if (!name) continue;
          const known = byName.get(name);
          byName.set(name, {
            ...(event.description || known?.description ? { description: event.description || known.description } : {}),
            name,
            ...(event.type || known?.type ? { type: event.type ?? known.type } : {}),
          });
        }
        declaration.events = [...byName.values()];
      }
    },
  };
}

/**
 * With `AD_DOCS=write` the README's component reference (between the markers) is rewritten from the manifest; with
 * `AD_DOCS=check` the run fails (exit code 1) when the committed one differs from what the manifest gives.
 */
function readmeReference() {
  return {
    name: 'ad-readme-reference',
    packageLinkPhase({ customElementsManifest }) {
      const mode = process.env.AD_DOCS;
      if (!mode) return;
      const readme = readFileSync(README, 'utf8');
      const start = readme.indexOf(START);
      const end = readme.indexOf(END);
      if (start < 0 || end < start) throw new Error(`${README} has no ${START} … ${END} section`);
      const updated = `${readme.slice(0, start + START.length)}\n${componentReference(customElementsManifest)}${readme.slice(end)}`;
      if (mode === 'write') {
        if (updated !== readme) writeFileSync(README, updated);
        console.log(`${README}: component reference ${updated === readme ? 'already up to date' : 'written'}`);
      } else if (mode === 'check') {
        if (updated !== readme) {
          console.error(`${README}: the component reference is stale; run \`npm run docs\` and commit the result`);
          process.exitCode = 1;
        }
      } else {
        throw new Error(`AD_DOCS must be "write" or "check", not "${mode}"`);
      }
    },
  };
}

/**
 * The README's component reference: for each tag (the main one first, then by name) its summary and one table of
 * what a page can use (attributes, properties, methods, events, slots, parts, CSS custom properties), from the
 * manifest. Private and protected members are left out; inherited ones (`store`, `actions`, `now`) are in.
 */
export function componentReference(manifest) {
  const elements = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.tagName)
    // code-point order, the same on every machine
    .sort((a, b) =>
      a.tagName === 'ad-desktop' ? -1 : b.tagName === 'ad-desktop' ? 1 : a.tagName < b.tagName ? -1 : 1,
    );
  const lines = [
    "<!-- Written by `npm run docs` from the components' JSDoc headers (src/widget/components): edit those, not this. -->",
    '',
  ];
  for (const element of elements) {
    lines.push(`### \`<${element.tagName}>\``, '', ...paragraphs(element.summary || element.description || ''));
    const rows = referenceRows(element);
    if (rows.length > 0) {
      lines.push(
        '| | Name | Description |',
        '| --- | --- | --- |',
        ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
        '',
      );
    }
  }
  return lines.join('\n');
}

function referenceRows(element) {
  const isPublic = (member) => !member.static && (member.privacy ?? 'public') === 'public';
  const fields = (element.members ?? []).filter((member) => member.kind === 'field' && isPublic(member));
  const methods = (element.members ?? []).filter((member) => member.kind === 'method' && isPublic(member));
  const type = (item) => (item.type?.text ? `: ${item.type.text}` : '');
  return [
    ...fields
      .filter((field) => field.attribute)
      .map((field) => ['attribute', `\`${field.attribute}\` (\`${field.name}${type(field)}\`)`, withDefault(field)]),
    ...fields
      .filter((field) => !field.attribute)
      .map((field) => [
        field.readonly ? 'property (read-only)' : 'property',
        `\`${field.name}${type(field)}\``,
        withDefault(field),
      ]),
    ...methods.map((method) => ['method', `\`${signature(method)}\``, method.description ?? '']),
    ...(element.events ?? []).map((event) => [
      'event',
      `\`${event.name}\`${event.type ? ` (\`${event.type.text}\`)` : ''}`,
      event.description ?? '',
    ]),
    ...(element.slots ?? []).map((slot) => [
      'slot',
      slot.name ? `\`${slot.name}\`` : '(default)',
      slot.description ?? '',
    ]),
    ...(element.cssParts ?? []).map((part) => ['part', `\`${part.name}\``, part.description ?? '']),
    ...(element.cssProperties ?? []).map((property) => [
      'CSS property',
      `\`${property.name}\``,
      property.description ?? '',
    ]),
  ];
}

function withDefault(field) {
  const description = field.description ?? '';
  return field.default !== undefined && field.default !== "''" && !field.readonly
    ? `${description}${description ? ' ' : ''}Default \`${field.default}\`.`
    : description;
}

function signature(method) {
  const parameters = (method.parameters ?? []).map(
    (parameter) =>
      `${parameter.name}${parameter.optional || parameter.default !== undefined ? '?' : ''}${parameter.type?.text ? `: ${parameter.type.text}` : ''}`,
  );
  return `${method.name}(${parameters.join(', ')})${method.return?.type?.text ? `: ${method.return.type.text}` : ''}`;
}

/**
 * A JSDoc text in blocks (split at blank lines): prose, or an example indented by four spaces or more (code).
 */
function blocks(text) {
  return text
    .split(/\n[ \t]*\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      return lines.every((line) => /^ {4}/.test(line))
        ? { code: lines }
        : { prose: block.replace(/\s*\n\s*/g, ' ').trim() };
    });
}

/** A JSDoc text as Markdown paragraphs, each followed by a blank line; examples stay indented code blocks. */
function paragraphs(text) {
  return blocks(text).flatMap((block) => (block.code ? [...block.code, ''] : [block.prose, '']));
}

/** A JSDoc text as a table cell: one line, paragraphs apart, examples as code spans, pipes escaped. */
function cell(text) {
  return blocks(text)
    .map((block) => (block.code ? `\`${block.code.map((line) => line.trim()).join(' ')}\`` : block.prose))
    .join('<br><br>')
    .replaceAll('|', '\\|');
}
