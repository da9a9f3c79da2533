// A Rollup plugin for the widget build, after esbuild: esbuild compiles each file on its own, so every file with
// decorators (each component) gets its own copy of the `__decorateClass` helper. This plugin replaces each copy
// with an import of one shared copy (a virtual module holding esbuild's own helper, as esbuild wrote it).
//
// A file whose helper is not written exactly as expected (another esbuild version) is left as it is: the bundle is
// then a little larger, never wrong. Line breaks are kept, so the source map stays right line by line.

const MODULE_ID = '\0decorate-class-helper';

/** esbuild's helper for TypeScript's experimentalDecorators, at the top of a compiled file (after "use strict"). */
const HELPER =
  /^(?:"use strict";\n)?(var __defProp = Object\.defineProperty;\nvar __getOwnPropDesc = Object\.getOwnPropertyDescriptor;\nvar __decorateClass = \(decorators, target, key, kind\) => \{\n[\s\S]*?\n\};\n)/;

export function shareDecoratorHelper() {
  /** The helper's text, as esbuild wrote it in the first file that has it. */
  let helper = null;
  return {
    name: 'share-decorator-helper',
    resolveId(id) {
      return id === MODULE_ID ? MODULE_ID : null;
    },
    load(id) {
      if (id !== MODULE_ID) return null;
      if (!helper) this.error('share-decorator-helper: the shared helper was asked for before any file had it');
      return `${helper}export { __decorateClass };\n`;
    },
    transform(code, id) {
      if (id === MODULE_ID) return null;
      const found = HELPER.exec(code);
      if (!found) return null;
      helper ??= found[1];
      if (found[1] !== helper) return null;
      const start = found.index + found[0].length - found[1].length;
      const lines = '\n'.repeat((helper.match(/\n/g) ?? []).length - 1);
      const shared = `import { __decorateClass } from ${JSON.stringify(MODULE_ID)};${lines}\n`;
      return { code: code.slice(0, start) + shared + code.slice(found.index + found[0].length), map: null };
    },
  };
}
