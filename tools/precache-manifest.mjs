// A Rollup plugin for the service worker's build (dist/agent-desktop-sw.js): writes the precache manifest in place of
// `self.__WB_MANIFEST`, as workbox's injectManifest does: the widget's files, each with a revision hashed from the
// built file. The worker is built after them (rollup.config.mjs builds its configurations in order), so a new build
// of the widget changes the worker's bytes, and browsers install the new worker (and the update prompt shows).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';

const PLACEHOLDER = 'self.__WB_MANIFEST';

/**
 * `listFiles()`: paths of the built files to precache, e.g. `dist/agent-desktop.js`, asked for when the worker is
 * built; their URLs are their paths under dist/ (`agent-desktop.js`, `chunks/softphone-panel-1a2b.js`).
 */
export function precacheManifest(listFiles) {
  return {
    name: 'precache-manifest',
    // After the minifier (it keeps the global's property as it is), before the size check: the code changes on one
    // line only, so the source map stays right line by line.
    generateBundle(_options, bundle) {
      const chunk = Object.values(bundle).find((output) => output.type === 'chunk' && output.isEntry);
      if (!chunk) return;
      const code = chunk.code;
      const at = code.indexOf(PLACEHOLDER);
      if (at < 0) this.error(`${chunk.fileName} has no ${PLACEHOLDER} to put the precache manifest in`);
      if (code.indexOf(PLACEHOLDER, at + 1) >= 0) this.error(`${chunk.fileName} has ${PLACEHOLDER} more than once`);
      const manifest = listFiles().map((file) => {
        let body;
        try {
          body = readFileSync(file);
        } catch {
          this.error(`${file} is not built: the service worker precaches it, so build it first`);
        }
        return { url: relative('dist', file).split(sep).join('/'), revision: createHash('sha256').update(body).digest('hex').slice(0, 20) };
      });
      chunk.code = code.slice(0, at) + JSON.stringify(manifest) + code.slice(at + PLACEHOLDER.length);
    },
  };
}
