// RSS 2.0 and Atom 1.0 feeds of a news list. XML is written by hand with every text escaped; the article's
// HTML (already safe, from kernel/rich-text.ts) is carried as escaped text (RSS description, Atom type="html").
import type { Locale } from '../../kernel/i18n.ts';

export interface FeedEntry {
  id: string;
  title: string;
  url: string;
  summary: string;
  html: string;
  authorName: string;
  published: Date;
  updated: Date;
  categories: string[];
}

export interface Feed {
  title: string;
  /** The HTML page the feed mirrors. */
  pageUrl: string;
  /** The feed's own address. */
  selfUrl: string;
  description: string;
  locale: Locale;
  entries: FeedEntry[];
  /** Used when there are no entries. */
  generatedAt: Date;
}

const xmlText = (text: string): string =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const updatedOf = (feed: Feed): Date => feed.entries.reduce((max, e) => (e.updated > max ? e.updated : max), feed.entries[0]?.updated ?? feed.generatedAt);

export function rss(feed: Feed): string {
  const items = feed.entries
    .map(
      (e) => `    <item>
      <title>${xmlText(e.title)}</title>
      <link>${xmlText(e.url)}</link>
      <guid isPermaLink="true">${xmlText(e.url)}</guid>
      <pubDate>${e.published.toUTCString()}</pubDate>
      <dc:creator>${xmlText(e.authorName)}</dc:creator>
${e.categories.map((c) => `      <category>${xmlText(c)}</category>\n`).join('')}      <description>${xmlText(e.html || e.summary)}</description>
    </item>
`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${xmlText(feed.title)}</title>
    <link>${xmlText(feed.pageUrl)}</link>
    <description>${xmlText(feed.description)}</description>
    <language>${feed.locale}</language>
    <lastBuildDate>${updatedOf(feed).toUTCString()}</lastBuildDate>
    <atom:link href="${xmlText(feed.selfUrl)}" rel="self" type="application/rss+xml"/>
${items}  </channel>
</rss>
`;
}

export function atom(feed: Feed): string {
  const entries = feed.entries
    .map(
      (e) => `  <entry>
    <id>${xmlText(e.id)}</id>
    <title>${xmlText(e.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlText(e.url)}"/>
    <published>${e.published.toISOString()}</published>
    <updated>${e.updated.toISOString()}</updated>
    <author><name>${xmlText(e.authorName)}</name></author>
${e.categories.map((c) => `    <category term="${xmlText(c)}"/>\n`).join('')}    <summary>${xmlText(e.summary)}</summary>
    <content type="html">${xmlText(e.html)}</content>
  </entry>
`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.locale}">
  <id>${xmlText(feed.selfUrl)}</id>
  <title>${xmlText(feed.title)}</title>
  <subtitle>${xmlText(feed.description)}</subtitle>
  <updated>${updatedOf(feed).toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xmlText(feed.pageUrl)}"/>
  <author><name>${xmlText(feed.title)}</name></author>
${entries}</feed>
`;
}
