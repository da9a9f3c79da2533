// Builds the embeddable widget the way its dependencies document it, with nothing rewritten in their code:
//
// - dist/agent-desktop.js: the desktop, an ES module, with chunks (dist/chunks/) for the parts a page loads when
//   first needed (softphone, screen pop, template picker, …). Lit's production build (its default export
//   condition; `development` is never asked for), our own html`…`/css`…` templates minified by Lit's plugin
//   (@lit-labs/rollup-plugin-minify-html-literals), TypeScript by esbuild, then terser with its standard options.
// - dist/agent-desktop-offline.js: the optional offline support, which the desktop imports at run time only when a
//   host page opts in (README, "Offline: the optional service worker").
// - dist/agent-desktop-sw.js: the service worker (a classic script), built last: workbox-build's injectManifest
//   writes the precache list (every file above, each with a revision) in place of `self.__WB_MANIFEST`.
//
// Each build's files are measured (gzip and brotli) against BUDGET; the table is printed at the end, and
// dist/bundle-size.json lists the files by how they load, for `npm run bench` to measure them too.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import esbuild from 'rollup-plugin-esbuild';
import { injectManifest } from 'workbox-build';

const DIST = 'dist';

/** terser's standard options: no property renaming (it cannot know which names other code reads). */
const terserOptions = { ecma: 2022, compress: { passes: 2 }, format: { comments: false } };

/**
 * The size budget, gzip. Over a limit the build warns; FAIL_FACTOR times a limit fails it. A file's role is how a page
 * gets it: with the first load (the entry and every chunk it imports statically, counted together), later (a chunk
 * imported when first needed, the offline module a host opts in to, the service worker) or, apart, the voice media
 * stack (a chunk whose name starts with `voice-media`, loaded when the softphone is first enabled; no limit here).
 */
const BUDGET = { first: 60 * 1024, later: 24 * 1024 };
const FAIL_FACTOR = 1.2;
const VOICE_MEDIA = /^(?:chunks\/)?voice-media/;

/**
 * Node-only packages @microsoft/signalr `require`s at run time, only when it runs in Node (behind `Platform.isNode`;
 * its ESM build hides the call from bundlers). In a browser bundle they must never be imported or bundled.
 */
const NODE_ONLY = /[\\/]node_modules[\\/](?:ws|eventsource|node-fetch|fetch-cookie|tough-cookie|abort-controller)[\\/]/;

/** The sizes of one built file: as written, gzip -9 and brotli -11 (what servers use for static files). */
function measure(code) {
  return {
    bytes: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: code.length },
    }).length,
  };
}

/** Every file of the three builds, as each writes its own: { file, role, bytes, gzip, brotli }. */
const measured = [];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** The size table and the budget's verdicts: { lines, over: [messages], failed: [messages] }. */
function judge(rows) {
  const lines = [];
  const over = [];
  const failed = [];
  const verdict = (what, gzip, limit) => {
    if (limit === undefined) return 'no limit here';
    const overBy = `${Math.round((gzip / limit - 1) * 100)} %`;
    if (gzip > limit * FAIL_FACTOR) {
      failed.push(`${what} is ${kb(gzip)} gzip, ${overBy} over its ${kb(limit)} budget`);
      return `FAILS: ${overBy} over ${kb(limit)}`;
    }
    if (gzip > limit) {
      over.push(`${what} is ${kb(gzip)} gzip, ${overBy} over its ${kb(limit)} budget`);
      return `warning: ${overBy} over ${kb(limit)}`;
    }
    return `ok (≤ ${kb(limit)})`;
  };
  const row = (name, r, verdict = '') =>
    lines.push(
      `${name.padEnd(56)}${kb(r.bytes).padStart(10)}${kb(r.gzip).padStart(10)}${kb(r.brotli).padStart(10)}  ${verdict}`,
    );
  lines.push(`${'file'.padEnd(56)}${'min'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}  budget (gzip)`);
  const first = rows.filter((r) => r.role === 'first');
  lines.push('loaded first');
  for (const r of first) row(`  ${r.file}`, r);
  const total = { bytes: 0, gzip: 0, brotli: 0 };
  for (const r of first) for (const key of Object.keys(total)) total[key] += r[key];
  row('  = what a page loads first', total, verdict('what a page loads first', total.gzip, BUDGET.first));
  lines.push('loaded later, each');
  for (const r of rows.filter((r) => r.role === 'later'))
    row(`  ${r.file}${r.note ? ` (${r.note})` : ''}`, r, verdict(r.file, r.gzip, BUDGET.later));
  const voice = rows.filter((r) => r.role === 'voice-media');
  if (voice.length > 0) lines.push('voice media stack (when the softphone is first enabled)');
  for (const r of voice) row(`  ${r.file}`, r, verdict(r.file, r.gzip, undefined));
  return { lines, over, failed };
}

/**
 * Measures the files a build wrote (after every other plugin's writeBundle: the worker's precache list is in it).
 * `role`: how a page gets the build's single file; the widget's files are told apart by its import graph. The last
 * build prints the table of all three and applies the budget.
 */
function bundleBudget({ role, note, last = false } = {}) {
  return {
    name: 'bundle-budget',
    writeBundle: {
      order: 'post',
      sequential: true,
      handler(options, bundle) {
        const nodeOnly = [...this.getModuleIds()].filter((id) => NODE_ONLY.test(id));
        if (nodeOnly.length > 0) this.error(`Node-only modules in a browser build: ${nodeOnly.join(', ')}`);
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const firstLoad = new Set();
        const visit = (name) => {
          if (firstLoad.has(name)) return;
          firstLoad.add(name);
          for (const next of bundle[name].imports) visit(next);
        };
        for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
        for (const chunk of chunks) {
          // what matters for a browser bundle: it imports nothing but this build's own files (no Node-only module)
          const foreign = chunk.imports.concat(chunk.dynamicImports).filter((name) => !bundle[name]);
          if (foreign.length > 0)
            this.error(`${chunk.fileName} imports ${foreign.join(', ')}: only this build's own files may be imported`);
          const path = options.file ?? join(options.dir, chunk.fileName);
          const file = options.file ? options.file.replace(`${DIST}/`, '') : chunk.fileName;
          const how =
            role ??
            (firstLoad.has(chunk.fileName) ? 'first' : VOICE_MEDIA.test(chunk.fileName) ? 'voice-media' : 'later');
          measured.push({ file, role: how, ...(note ? { note } : {}), ...measure(readFileSync(path)) });
        }
        if (!last) return;
        const { lines, over, failed } = judge(measured);
        console.log(`\nBundle size (min = as written; gzip -9; brotli -11)\n${lines.join('\n')}\n`);
        writeFileSync(
          `${DIST}/bundle-size.json`,
          `${JSON.stringify({ budget: { ...BUDGET, failFactor: FAIL_FACTOR }, files: measured }, null, 2)}\n`,
        );
        for (const message of over) this.warn(message);
        if (failed.length > 0) this.error(failed.join('; '));
      },
    },
  };
}

/** Removes the previous build's files first, so no stale chunk is served or precached. */
function cleanDist() {
  return {
    name: 'clean-dist',
    buildStart() {
      rmSync(DIST, { recursive: true, force: true });
    },
  };
}

/**
 * The widget's files, written next to the bundle as agent-desktop-files.json: what the hub's and the service worker's
 * tests expect to be served and precached (chunk names change with their content).
 */
function widgetFileList() {
  return {
    name: 'widget-file-list',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle)
        .filter((c) => c.type === 'chunk')
        .map((c) => c.fileName)
        .sort();
      this.emitFile({ type: 'asset', fileName: 'agent-desktop-files.json', source: JSON.stringify(files) });
    },
  };
}

/** workbox's packages keep their development checks and logs behind `process.env.NODE_ENV`, as workbox documents. */
const productionEnv = () =>
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } });

const widget = {
  input: 'src/widget/index.ts',
  // the chunks loaded later import what they share with the bundle from the bundle itself: one file loads first
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: DIST,
    entryFileNames: 'agent-desktop.js',
    // relative to the bundle's own URL: a page loading it from the hub loads these from the hub too
    chunkFileNames: 'chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
  },
  onwarn(warning, warn) {
    // @microsoft/signalr has /*#__PURE__*/ before function declarations, which Rollup ignores (harmless).
    if (warning.code === 'INVALID_ANNOTATION' && /@microsoft[\\/]signalr/.test(warning.id ?? '')) return;
    warn(warning);
  },
  plugins: [
    cleanDist(),
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    // before the TypeScript compiler, as the plugin's README says; only our own templates (libraries ship minified)
    minifyHTML({
      include: ['src/widget/**/*.ts'],
      failOnError: true,
      // whitespace runs become one space, never none: renders the same wherever whitespace is not preformatted
      options: { minifyOptions: { conservativeCollapse: true } },
    }),
    esbuild({ tsconfig: 'tsconfig.widget.json', target: 'es2022', minify: false }),
    terser({ ...terserOptions, module: true }),
    widgetFileList(),
    bundleBudget(),
  ],
};

const offline = {
  input: 'src/widget/offline/agent-desktop-offline.ts',
  output: { file: `${DIST}/agent-desktop-offline.js`, format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    productionEnv(),
    esbuild({ tsconfig: 'tsconfig.widget.json', target: 'es2022', minify: false }),
    terser({ ...terserOptions, module: true }),
    bundleBudget({ role: 'later', note: 'on opt-in' }),
  ],
};

/**
 * Runs workbox-build's injectManifest on the worker as written: every widget file (not source maps, not the worker)
 * goes into its precache list with a revision, so a new build of the widget changes the worker's bytes, and browsers
 * install the new worker (and the update prompt shows). It also updates the worker's source map.
 */
function precacheWidgetFiles() {
  return {
    name: 'precache-widget-files',
    async writeBundle(options) {
      const { warnings, count } = await injectManifest({
        swSrc: options.file,
        swDest: options.file,
        globDirectory: DIST,
        globPatterns: ['agent-desktop.js', 'agent-desktop-offline.js', 'chunks/*.js'],
      });
      for (const warning of warnings) this.warn(warning);
      if (count < 2) this.error(`injectManifest found ${count} widget files in ${DIST}/: build the widget first`);
    },
  };
}

/** A classic script (module service workers are not in every browser yet). */
const serviceWorker = {
  input: 'src/widget/offline/agent-desktop-sw.ts',
  output: { file: `${DIST}/agent-desktop-sw.js`, format: 'iife', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    productionEnv(),
    esbuild({ tsconfig: 'tsconfig.widget.json', target: 'es2022', minify: false }),
    terser({ ...terserOptions, module: false }),
    precacheWidgetFiles(),
    // measured as written, with its precache list
    bundleBudget({ role: 'later', note: 'service worker', last: true }),
  ],
};

// In this order: the worker's precache list is made from the other two builds' files.
export default [widget, offline, serviceWorker];
