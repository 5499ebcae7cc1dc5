// Teams message HTML -> the plain text the engine scans. Mentions become "@Name", links keep
// their address (a secret can hide in a URL), code blocks keep their line breaks, entities are
// decoded. Headings are NOT upper-cased: case matters to classification markings.
import { compile, type HtmlToTextOptions } from 'html-to-text';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

const options: HtmlToTextOptions = {
  wordwrap: false,
  preserveNewlines: false,
  formatters: {
    mention(elem, walk, builder) {
      builder.addInline('@');
      walk(elem.children, builder);
    },
  },
  selectors: [
    { selector: 'at', format: 'mention' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ...HEADINGS,
  ],
};

const convert = compile(options);

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9-]*(\s[^>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

/** Plain text from a Teams message body (HTML or already plain). */
export function teamsHtmlToText(body: string): string {
  if (!body) return '';
  if (!LOOKS_LIKE_HTML.test(body)) return body;
  return convert(body).trim();
}
