import MarkdownIt from 'markdown-it';
import { raw } from 'hono/html';

// Raw HTML in the source is escaped (html: false) and link targets are checked by markdown-it's
// validateLink (no javascript:, vbscript:, file: or non-image data: URLs): authors write Markdown,
// participants get safe HTML.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = tokens[idx]!.attrGet('href') ?? '';
  if (/^https?:\/\//i.test(href)) {
    tokens[idx]!.attrSet('rel', 'noopener noreferrer');
    tokens[idx]!.attrSet('target', '_blank');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('loading', 'lazy');
  return self.renderToken(tokens, idx, options);
};

// The page around the content has its own <h1>: headings in content start at <h2>.
for (const rule of ['heading_open', 'heading_close'] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const t = tokens[idx]!;
    const level = Math.min(6, Number(t.tag.slice(1)) + 1);
    t.tag = `h${level}`;
    return self.renderToken(tokens, idx, options);
  };
}

/** Drops a leading "# Title" that repeats the title the page already shows. */
export function withoutRepeatedTitle(source: string, title: string): string {
  const m = /^\s*#\s+(.+?)\s*#*\s*(?:\r?\n|$)/.exec(source);
  return m && m[1]!.trim().toLowerCase() === title.trim().toLowerCase() ? source.slice(m[0].length) : source;
}

/** Markdown → sanitised HTML string. */
export function markdownToHtml(source: string): string {
  return md.render(source);
}

/** Markdown as a JSX child (the HTML is produced by the sanitising renderer above). */
export function Markdown(props: { source: string }) {
  return raw(markdownToHtml(props.source));
}
