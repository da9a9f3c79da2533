// Builds the embeddable widget: ONE self-contained ES module, dist/agent-desktop.js, in production mode
// (Lit's dev-mode code dropped), minified, with a check of its gzip size and of Node-only leftovers.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { gzipSync } from 'node:zlib';
import esbuild from 'rollup-plugin-esbuild';
import { minifyTemplates } from './tools/minify-templates.mjs';
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

/** Fails the build when the bundle grows past the budget or still mentions Node-only modules. */
function bundleBudget() {
  return {
    name: 'bundle-budget',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const pattern of FORBIDDEN) {
          const found = pattern.exec(chunk.code);
          if (found) {
            const context = chunk.code.slice(Math.max(0, found.index - 80), found.index + 80);
            this.error(`${chunk.fileName} still contains ${pattern} (Node-only code): …${context}…`);
          }
        }
        const bare = chunk.imports.concat(chunk.dynamicImports);
        if (bare.length > 0) this.error(`${chunk.fileName} imports ${bare.join(', ')}: it must be self-contained`);
        const gzip = gzipSync(chunk.code, { level: 9 }).length;
        console.log(`${chunk.fileName}: ${chunk.code.length} bytes, ${gzip} bytes gzip (target ${TARGET_GZIP_BYTES}, limit ${MAX_GZIP_BYTES})`);
        if (gzip > TARGET_GZIP_BYTES) this.warn(`${chunk.fileName} is ${gzip - TARGET_GZIP_BYTES} bytes gzip over the ${TARGET_GZIP_BYTES}-byte target`);
        if (gzip > MAX_GZIP_BYTES) this.error(`${chunk.fileName} is ${gzip} bytes gzip, over ${MAX_GZIP_BYTES}`);
      }
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

export default {
  input: 'src/widget/index.ts',
  output: {
    file: 'dist/agent-desktop.js',
    format: 'es',
    inlineDynamicImports: true,
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
    terser(terserOptions),
    bundleBudget(),
  ],
};
