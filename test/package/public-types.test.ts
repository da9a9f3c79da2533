// The declarations the build writes (dist/types, `npm run types`) as an integrator's TypeScript sees them through
// package.json's "exports": every tag of the manifest in HTMLElementTagNameMap, every event it lists in the event map
// as a CustomEvent, and the uses in types/public-api.ts. Needs `npm run build` (or `npm run analyze && npm run types`).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifestPath = `${root}dist/custom-elements.json`;
const declarationsPath = `${root}dist/types/widget/index.d.ts`;
// Inside the package, so that `import … from 'agent-desktop'` resolves to the package itself, as it would for an integrator.
const work = `${root}.test-data/public-types/`;

interface ManifestElement {
  tagName?: string;
  events?: { name: string }[];
}

describe('public types', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('type every tag and event of the manifest, and what an integrator writes', async () => {
    assert.ok(
      existsSync(manifestPath) && existsSync(declarationsPath),
      'run `npm run build` first (dist/custom-elements.json and dist/types)',
    );
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      modules: { declarations?: ManifestElement[] }[];
    };
    const elements = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .filter((declaration) => declaration.tagName);
    const tags = elements.map((element) => element.tagName!);
    const events = [...new Set(elements.flatMap((element) => element.events ?? []).map((event) => event.name))];
    assert.ok(
      tags.length >= 10 && events.length >= 10,
      `the manifest lists ${tags.length} tags and ${events.length} events`,
    );

    const union = (names: string[]) => names.map((name) => JSON.stringify(name)).join(' | ');
    mkdirSync(work, { recursive: true });
    writeFileSync(
      `${work}every-tag-and-event.ts`,
      [
        "import 'agent-desktop';",
        '// A name in an error below is missing from the declarations (or, for events, is not a CustomEvent there).',
        'type None<T extends never> = T;',
        `type Tags = ${union(tags)};`,
        `type Events = ${union(events)};`,
        'export type MissingTags = None<Exclude<Tags, keyof HTMLElementTagNameMap>>;',
        'export type MissingEvents = None<Exclude<Events, keyof HTMLElementEventMap>>;',
        'export type NotCustomEvents = None<{ [E in Events]: HTMLElementEventMap[E] extends CustomEvent ? never : E }[Events]>;',
        '',
      ].join('\n'),
    );
    writeFileSync(
      `${work}tsconfig.json`,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
          // what an integrator's project sees: the declarations must stand on their own
          skipLibCheck: false,
        },
        files: ['every-tag-and-event.ts', `${root}test/package/types/public-api.ts`],
      }),
    );
    const tsc = `${root}node_modules/typescript/bin/tsc`;
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', `${work}tsconfig.json`], { cwd: root }).then(
      () => '',
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    assert.equal(result, '', result);
  });
});
