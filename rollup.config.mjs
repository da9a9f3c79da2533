// Builds the embeddable widget: ONE self-contained ES module, dist/agent-desktop.js, in production mode
// (Lit's dev-mode code dropped), minified, with a check of its gzip size and of Node-only leftovers. Then, each
// self-contained and minified, the optional offline support a host page opts in to (README, "Offline: the optional
// service worker"): dist/agent-desktop-offline.js, which the desktop imports at run time only then, and the service
// worker dist/agent-desktop-sw.js, built last because it precaches the other two with their hashes as revisions.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import esbuild from 'rollup-plugin-esbuild';
import { minifyTemplates } from './tools/minify-templates.mjs';
import { precacheManifest } from './tools/precache-manifest.mjs';
import { shareDecoratorHelper } from './tools/share-decorator-helper.mjs';
import { shortenPrivateMembers } from './tools/shorten-private-members.mjs';

/** The product's target for the whole desktop, gzip (`npm run bench` reports against it; the build warns). */
const TARGET_GZIP_BYTES = 50 * 1024;
/** Past this the build fails: something leaked in (a Node-only dependency, a second copy of a library). */
const MAX_GZIP_BYTES = 56 * 1024;

/** Text that must never reach the browser bundle (Node-only modules @microsoft/signalr loads at run time). */
const FORBIDDEN = [
  /\brequire\(/,
  /(?:from\s*|import\(\s*)["'`]ws["'`]/, // ("ws" alone is also the URL scheme signalr writes)
  /["'`](?:eventsource|node-fetch|tough-cookie|fetch-cookie|abort-controller)["'`]/,
];

/**
 * @microsoft/signalr's ESM build decides at run time whether it runs in Node and then `require`s ws, eventsource,
 * node-fetch, tough-cookie and abort-controller. In a browser bundle those branches are dead: rewrite the checks
 * to constants so the minifier drops them (and every `require` with them).
 */
function signalrForBrowsers() {
  const replacements = [
    // Platform.isNode getter → false; every use of it then folds away.
    [/static get isNode\(\) \{[^}]*\}/, 'static get isNode() { return false; }'],
    [/\bPlatform\.isNode\b/g, 'false'],
    // Every supported browser has fetch and AbortController: the polyfill/require branches go.
    [/typeof fetch === "undefined" \|\| false/g, 'false'],
    [/typeof fetch !== "undefined" \|\| false/g, 'true'],
    [/typeof AbortController === "undefined"/g, 'false'],
    [/typeof __webpack_require__ === "function" \? __non_webpack_require__ : require/g, 'undefined'],
    // Trace and Debug messages: SignalR's own step-by-step diagnostics, which the desktop never shows (its
    // default level is Warning) and a developer chasing a transport problem reads from the unminified package.
    // One statement per line in the ESM build; each becomes an empty statement, so an unbraced `if` keeps its
    // meaning. Information, Warning, Error and Critical messages stay.
    [/^([ \t]*)(?:this\._logger|logger)\.log\(LogLevel\.(?:Trace|Debug), .*\);[ \t]*$/gm, '$1;'],
    // Stateful reconnect is opt-in (`withStatefulReconnect()`), and the desktop never opts in (it re-syncs from the
    // hub after every reconnect instead): the connection's `features.reconnect` is never set, so the message buffer
    // it would need is dead code.
    [/const useStatefulReconnect = this\.connection\.features\.reconnect \|\| false;/, 'const useStatefulReconnect = false;'],
  ];
  return {
    name: 'signalr-for-browsers',
    transform(code, id) {
      if (!/[\\/]@microsoft[\\/]signalr[\\/]dist[\\/]esm[\\/]/.test(id)) return null;
      let out = code;
      for (const [pattern, replacement] of replacements) out = out.replace(pattern, replacement);
      return out === code ? null : { code: out, map: null };
    },
  };
}

/** The offline-support module and the service worker, gzip: past these the build fails. */
const OFFLINE_MAX_GZIP_BYTES = 4 * 1024;
const WORKER_MAX_GZIP_BYTES = 8 * 1024;

/** A part of the widget loaded when first needed (voice, the supervisor's overview), gzip: past this the build fails. */
const CHUNK_MAX_GZIP_BYTES = 16 * 1024;

/**
 * Fails the build when what a page loads first (the entry and the chunks it imports statically) grows past the
 * budget, when a chunk loaded later does, when a file imports anything but this build's own chunks, or when Node-only
 * modules are still mentioned.
 */
function bundleBudget({ target = TARGET_GZIP_BYTES, max = MAX_GZIP_BYTES } = {}) {
  return {
    name: 'bundle-budget',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const gzip = new Map(chunks.map((c) => [c.fileName, gzipSync(c.code, { level: 9 }).length]));
      for (const chunk of chunks) {
        for (const pattern of FORBIDDEN) {
          const found = pattern.exec(chunk.code);
          if (found) {
            const context = chunk.code.slice(Math.max(0, found.index - 80), found.index + 80);
            this.error(`${chunk.fileName} still contains ${pattern} (Node-only code): …${context}…`);
          }
        }
        const foreign = chunk.imports.concat(chunk.dynamicImports).filter((name) => !gzip.has(name));
        if (foreign.length > 0) this.error(`${chunk.fileName} imports ${foreign.join(', ')}: only this build's own chunks may be imported`);
      }
      // what a page loads first: the entries and, transitively, what they import statically
      const initial = new Set();
      const visit = (name) => {
        if (initial.has(name)) return;
        initial.add(name);
        for (const next of bundle[name].imports) visit(next);
      };
      for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
      for (const chunk of chunks) {
        if (initial.has(chunk.fileName) && !chunk.isEntry) {
          console.log(`  ${chunk.fileName} (loaded with it): ${gzip.get(chunk.fileName)} bytes gzip`);
        } else if (chunk.isEntry) {
          const first = [...initial].reduce((sum, name) => sum + gzip.get(name), 0);
          console.log(`${chunk.fileName}: ${chunk.code.length} bytes, ${gzip.get(chunk.fileName)} bytes gzip; loaded first ${first} bytes gzip (target ${target}, limit ${max})`);
          if (first > target) this.warn(`${chunk.fileName} loads ${first - target} bytes gzip over the ${target}-byte target`);
          if (first > max) this.error(`${chunk.fileName} loads ${first} bytes gzip first, over ${max}`);
        } else {
          console.log(`  ${chunk.fileName} (loaded when needed): ${gzip.get(chunk.fileName)} bytes gzip (limit ${CHUNK_MAX_GZIP_BYTES})`);
          if (gzip.get(chunk.fileName) > CHUNK_MAX_GZIP_BYTES) this.error(`${chunk.fileName} is ${gzip.get(chunk.fileName)} bytes gzip, over ${CHUNK_MAX_GZIP_BYTES}`);
        }
      }
    },
  };
}

/**
 * The widget's files, written next to the bundle as agent-desktop-files.json for the service worker to precache
 * (chunk names change with their content); stale chunks of earlier builds are removed.
 */
function widgetFileList() {
  return {
    name: 'widget-file-list',
    generateBundle(_options, bundle) {
      rmSync('dist/chunks', { recursive: true, force: true });
      const files = Object.values(bundle).filter((c) => c.type === 'chunk').map((c) => c.fileName).sort();
      this.emitFile({ type: 'asset', fileName: 'agent-desktop-files.json', source: JSON.stringify(files) });
    },
  };
}

/** terser's options; `mangle.properties.regex` is set by shortenPrivateMembers() before terser runs. */
const terserOptions = {
  ecma: 2022,
  module: true,
  compress: { passes: 2 },
  mangle: { properties: { regex: /^_[a-zA-Z]/ } },
  format: { comments: false },
};

/** workbox's packages keep their development checks and logs behind `process.env.NODE_ENV`: production drops them. */
function productionEnv() {
  return {
    name: 'production-env',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]workbox-/.test(id) || !code.includes('process.env.NODE_ENV')) return null;
      return { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null };
    },
  };
}

/** The offline module and the worker: plain minification (no private-member renaming across packages). */
const smallTerserOptions = { ecma: 2022, compress: { passes: 2 }, format: { comments: false } };

const widget = {
  input: 'src/widget/index.ts',
  // the chunks loaded later import what they share with the bundle from the bundle itself: one file loads first
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    entryFileNames: 'agent-desktop.js',
    // relative to the bundle's own URL: a page loading it from the hub loads these from the hub too
    chunkFileNames: 'chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
  },
  treeshake: { moduleSideEffects: (id) => !/[\\/]node_modules[\\/]@microsoft[\\/]signalr[\\/]/.test(id) },
  onwarn(warning, warn) {
    // @microsoft/signalr has /*#__PURE__*/ before function declarations, which Rollup ignores (harmless).
    if (warning.code === 'INVALID_ANNOTATION' && /@microsoft[\\/]signalr/.test(warning.id ?? '')) return;
    warn(warning);
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production', 'browser', 'import', 'default'] }),
    signalrForBrowsers(),
    minifyTemplates(),
    esbuild({ tsconfig: 'tsconfig.widget.json', target: 'es2022', minify: false }),
    shareDecoratorHelper(),
    shortenPrivateMembers(terserOptions),
    // one name cache for every chunk: a shortened member has the same name in the bundle and in the chunks it loads
    terser({ ...terserOptions, nameCache: {} }),
    bundleBudget(),
    widgetFileList(),
  ],
};

const offline = {
  input: 'src/widget/offline/agent-desktop-offline.ts',
  output: { file: 'dist/agent-desktop-offline.js', format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    productionEnv(),
    esbuild({ tsconfig: 'tsconfig.widget.json', target: 'es2022', minify: false }),
    terser({ ...smallTerserOptions, module: true }),
    bundleBudget({ target: OFFLINE_MAX_GZIP_BYTES, max: OFFLINE_MAX_GZIP_BYTES }),
  ],
};

/** A classic script (module service workers are not in every browser yet). */
const serviceWorker = {
  input: 'src/widget/offline/agent-desktop-sw.ts',
  output: { file: 'dist/agent-desktop-sw.js', format: 'iife', sourcemap: true },
  plugins: [
    nodeResolve({ browser: true }),
    productionEnv(),
    esbuild({ tsconfig: 'tsconfig.widget.json', target: 'es2022', minify: false }),
    terser({ ...smallTerserOptions, module: false }),
    // read when the worker is built, after the widget: its chunks' names change with their content
    precacheManifest(() => ['dist/agent-desktop-offline.js', ...JSON.parse(readFileSync('dist/agent-desktop-files.json', 'utf8')).map((f) => `dist/${f}`)]),
    bundleBudget({ target: WORKER_MAX_GZIP_BYTES, max: WORKER_MAX_GZIP_BYTES }),
  ],
};

// In this order: the worker reads the other two files as built.
export default [widget, offline, serviceWorker];
