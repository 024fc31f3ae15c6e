// Rich text that people write (news bodies, event descriptions) in a small, documented Markdown subset,
// rendered to HTML on the server. Safe by construction: every character of the source is escaped, and the
// only tags produced are those listed below; link and image addresses must be http(s), mailto (links) or a
// path on this site. Raw HTML typed in the source is shown as text, never interpreted: no script, no event
// handler, no style attribute, no javascript: URL can come out of it.
//
// The subset (one block per paragraph, blocks separated by a blank line):
//   ## Heading            → <h2>  (### → <h3>, #### → <h4>; "#" is kept for the page title and becomes <h2>)
//   - item / * item       → <ul><li>
//   1. item               → <ol><li>
//   > quoted text         → <blockquote><p>
//   **bold**, *italic*    → <strong>, <em>
//   [text](https://…)     → <a href="…" rel="nofollow noopener">
//   ![alt](https://…)     → <img src="…" alt="…" loading="lazy">
//   a single line break inside a paragraph → <br>

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A link or image address we accept: http(s) (and mailto for links) or a site path; anything else is refused. */
export function safeUrl(raw: string, kind: 'link' | 'image'): string | null {
  // eslint-disable-next-line no-control-regex
  const url = raw.trim().replace(/[\u0000-\u001f\u007f\s]/g, '');
  if (url === '') return null;
  if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const allowed = kind === 'link' ? ['http:', 'https:', 'mailto:'] : ['http:', 'https:'];
  return allowed.includes(parsed.protocol) ? parsed.href : null;
}

/** Inline formatting of one line (already split from its block). The source is escaped piece by piece. */
function inline(source: string): string {
  let out = '';
  let i = 0;
  const pattern = /!\[([^\]\n]{0,300})\]\(([^)\s]{1,2000})\)|\[([^\]\n]{1,300})\]\(([^)\s]{1,2000})\)|\*\*([^*\n]{1,1000})\*\*|\*([^*\n]{1,1000})\*/g;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    out += escapeHtml(source.slice(i, m.index));
    i = m.index + m[0].length;
    if (m[2] !== undefined) {
      const src = safeUrl(m[2], 'image');
      out += src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(m[1] ?? '')}" loading="lazy">` : escapeHtml(m[1] ?? '');
    } else if (m[4] !== undefined) {
      const href = safeUrl(m[4], 'link');
      const text = inline(m[3] ?? '');
      out += href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener">${text}</a>` : text;
    } else if (m[5] !== undefined) {
      out += `<strong>${inline(m[5])}</strong>`;
    } else if (m[6] !== undefined) {
      out += `<em>${inline(m[6])}</em>`;
    }
  }
  return out + escapeHtml(source.slice(i));
}

const lines = (block: string): string[] => block.split('\n').map((l) => l.trimEnd());

/** Renders the Markdown subset to HTML (a fragment: blocks only, no <html>/<body>). */
export function renderRichText(source: string | null | undefined): string {
  if (!source) return '';
  // eslint-disable-next-line no-control-regex
  const text = source.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b !== '');
  const html: string[] = [];
  for (const block of blocks) {
    const rows = lines(block);
    const heading = /^(#{1,4})\s+(.+)$/.exec(block);
    if (heading && rows.length === 1) {
      const level = Math.max(2, heading[1]!.length);
      html.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (rows.every((r) => /^\s*[-*]\s+/.test(r))) {
      html.push(`<ul>${rows.map((r) => `<li>${inline(r.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`);
    } else if (rows.every((r) => /^\s*\d{1,3}[.)]\s+/.test(r))) {
      html.push(`<ol>${rows.map((r) => `<li>${inline(r.replace(/^\s*\d{1,3}[.)]\s+/, ''))}</li>`).join('')}</ol>`);
    } else if (rows.every((r) => r.startsWith('>'))) {
      html.push(`<blockquote><p>${rows.map((r) => inline(r.replace(/^>\s?/, ''))).join('<br>')}</p></blockquote>`);
    } else {
      html.push(`<p>${rows.map((r) => inline(r)).join('<br>')}</p>`);
    }
  }
  return html.join('\n');
}

/** The text of the rich text without any markup (feeds' summaries, meta descriptions, CSV). */
export function richTextToPlain(source: string | null | undefined): string {
  if (!source) return '';
  return source
    .replace(/\r\n?/g, '\n')
    .replace(/!\[([^\]\n]*)\]\([^)\s]*\)/g, '$1')
    .replace(/\[([^\]\n]+)\]\([^)\s]*\)/g, '$1')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/^#{1,4}\s+/gm, '')
    .replace(/^[ \t]*([-*]|\d{1,3}[.)])[ \t]+/gm, '')
    .replace(/^>\s?/gm, '')
    .replace(/\n{2,}/g, '\n\n')
    .trim();
}
