// A Rollup transform for the widget build: collapses the indentation inside our own Lit templates
// (html`…`, svg`…`) and style sheets (css`…`), which the minifier leaves alone because template strings are
// values. Only static text between `${…}` is touched, and only in ways that render the same:
//
// - html/svg: every whitespace run that holds a line break becomes just its line breaks ("\n    " → "\n"). HTML
//   collapses whitespace runs, so this renders the same everywhere except inside <pre>/<textarea> text or under
//   `white-space: pre*`; templates holding "<pre" or "<textarea>…</textarea>" text are left as they are, and
//   the widget's pre-wrap elements (message bubbles, the template preview) only ever hold `${…}` values.
// - css: comments go, whitespace runs become one space (outside quoted strings) and the spaces next to
//   `{ } ; , :` go (a space before ":" stays: `a :hover` is not `a:hover`); the piece's line breaks are added
//   back at its end.
//
// Line breaks are kept, so the source map stays right line by line. Only files under src/widget are transformed.
import ts from 'typescript';

const TAGS = new Set(['html', 'svg', 'css']);

/** The widget's own source files (not node_modules, not the shared protocol). */
const WIDGET_SOURCE = /[\\/]src[\\/]widget[\\/].*\.ts$/;

/** Each static piece of a tagged template: where its raw text starts and ends in the file. */
function staticPieces(node, sourceFile) {
  const template = node.template;
  const text = sourceFile.text;
  const start = template.getStart(sourceFile);
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [[start + 1, template.end - 1]];
  const pieces = [[start + 1, template.head.end - 2]];
  for (const span of template.templateSpans) {
    const literal = span.literal;
    const literalStart = literal.getStart(sourceFile);
    const closing = ts.isTemplateTail(literal) ? 1 : 2;
    pieces.push([literalStart + 1, literal.end - closing]);
  }
  // Sanity: every piece must sit between a backtick or "}" and "${" or a backtick.
  for (const [from, to] of pieces) {
    if (!'`}'.includes(text[from - 1]) || !(text[to] === '`' || text.startsWith('${', to))) return [];
  }
  return pieces;
}

/** Keeps only the line breaks of a whitespace run. */
const lineBreaks = (run) => run.replace(/[^\n]/g, '');

function minifyHtml(piece) {
  return piece.replace(/[ \t\r\n]*\n[ \t\r\n]*/g, lineBreaks);
}

function minifyCss(piece) {
  const breaks = (piece.match(/\n/g) ?? []).length;
  // Quoted strings are kept exactly; everything else is squeezed.
  const parts = piece.replace(/\/\*[\s\S]*?\*\//g, '').split(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/);
  const squeezed = parts
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,]) ?/g, '$1')
            .replace(/: /g, ':'),
    )
    .join('')
    .replace(/;}/g, '}');
  // The same number of lines as before, at the end, so later lines of the file keep their numbers.
  return squeezed + '\n'.repeat(breaks);
}

/** Whether a template's text must keep its whitespace (preformatted content). */
function preformatted(pieces) {
  const all = pieces.join('');
  return /<pre[\s>]/i.test(all) || /<textarea[^>]*>[^<]/i.test(all);
}

export function minifyTemplates() {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!WIDGET_SOURCE.test(id) || !/\b(?:html|css|svg)`/.test(code)) return null;
      const sourceFile = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const edits = [];
      const visit = (node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
          const pieces = staticPieces(node, sourceFile);
          const texts = pieces.map(([from, to]) => code.slice(from, to));
          if (pieces.length > 0 && !(node.tag.text !== 'css' && preformatted(texts))) {
            const minify = node.tag.text === 'css' ? minifyCss : minifyHtml;
            pieces.forEach(([from, to], i) => {
              const next = minify(texts[i]);
              if (next !== texts[i]) edits.push([from, to, next]);
            });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
      if (edits.length === 0) return null;
      let out = '';
      let at = 0;
      for (const [from, to, text] of edits.sort((a, b) => a[0] - b[0])) {
        out += code.slice(at, from) + text;
        at = to;
      }
      out += code.slice(at);
      return { code: out, map: null };
    },
  };
}
