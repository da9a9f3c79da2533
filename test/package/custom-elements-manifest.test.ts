// The custom elements manifest (custom-elements-manifest.config.mjs) against the source: it lists every tag the
// widget registers, each with its class and summary, and only `ad-` names; and the README's component reference
// is what the manifest gives today (`npm run docs` rewrites it).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
// @ts-expect-error the analyzer's CLI module has no declarations
import { cli as analyzerCli } from '@custom-elements-manifest/analyzer/cli.js';
// @ts-expect-error a JavaScript config module
import { componentReference as reference } from '../../custom-elements-manifest.config.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Declaration {
  name: string;
  tagName?: string;
  summary?: string;
  events?: { name?: string }[];
  cssProperties?: { name: string }[];
}
interface Manifest {
  modules: {
    path: string;
    declarations?: Declaration[];
    exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[];
  }[];
}

/** The analyzer run as `cem analyze` runs it; with `noWrite` it only answers the manifest. */
const cli = analyzerCli as (options: { argv: string[]; cwd: string; noWrite: boolean }) => Promise<Manifest>;
/** The README's component reference as `npm run docs` writes it. */
const componentReference = reference as (manifest: Manifest) => string;

/** Every tag the widget's source registers: `defineElement('ad-…', …)` (src/widget/utilities/define-element.ts). */
function registeredTags(): string[] {
  const dir = `${root}src/widget/`;
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
  return files
    .flatMap((file) =>
      [...readFileSync(dir + file, 'utf8').matchAll(/\bdefineElement\(\s*'([^']+)'/g)].flatMap(([, tag]) =>
        tag ? [tag] : [],
      ),
    )
    .sort();
}

describe('custom elements manifest', () => {
  let manifest: Manifest;
  let elements: Declaration[];

  before(async () => {
    manifest = await cli({
      argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
      cwd: root,
      noWrite: true,
    });
    elements = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .filter((declaration) => declaration.tagName);
  });

  it('lists every tag the widget registers, each once, with its class and a summary', () => {
    const tags = registeredTags();
    assert.ok(tags.length >= 10, `found ${tags.length} registered tags`);
    assert.deepEqual(elements.map((element) => element.tagName).sort(), tags);
    const modules = new Map(manifest.modules.map((module) => [module.path, module]));
    for (const definition of manifest.modules
      .flatMap((module) => module.exports ?? [])
      .filter((entry) => entry.kind === 'custom-element-definition')) {
      const module = modules.get(definition.declaration.module ?? '');
      assert.ok(
        module?.declarations?.some((declaration) => declaration.name === definition.declaration.name),
        `<${definition.name}>: ${definition.declaration.name} is not declared in ${definition.declaration.module}`,
      );
    }
    for (const element of elements)
      assert.ok(element.summary?.trim(), `<${element.tagName}> (${element.name}) has no @summary`);
  });

  it('uses the one prefix for tags, events and CSS custom properties', () => {
    for (const element of elements) {
      assert.match(element.tagName!, /^ad-[a-z-]+$/);
      for (const event of element.events ?? [])
        assert.match(event.name ?? '(unnamed)', /^ad-[a-z-]+$/, `an event of <${element.tagName}>`);
      for (const property of element.cssProperties ?? [])
        assert.match(property.name, /^--ad-[a-z-]+$/, `a CSS property of <${element.tagName}>`);
    }
  });

  it("matches the README's component reference (`npm run docs` rewrites it)", () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const section = /<!-- components:start -->\n([\s\S]*)<!-- components:end -->/.exec(readme)?.[1];
    assert.ok(section !== undefined, 'README.md has no <!-- components:start --> … <!-- components:end --> section');
    assert.equal(
      section,
      componentReference(manifest),
      'the component reference in README.md is stale: run `npm run docs`',
    );
  });
});
