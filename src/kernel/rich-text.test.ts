// The rich-text renderer is the sanitiser of everything people write: nothing executable may come out of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { renderRichText, richTextToPlain, safeUrl } from './rich-text.ts';

/** Every tag in the output, with its attributes. */
const tags = (html: string) => [...html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)].map((m) => ({ name: m[1]!.toLowerCase(), attrs: m[2]! }));
const allowed = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'strong', 'em', 'a', 'img', 'br']);

function assertSafe(html: string): void {
  for (const tag of tags(html)) {
    assert.ok(allowed.has(tag.name), `unexpected tag <${tag.name}> in ${html}`);
    assert.doesNotMatch(tag.attrs, /\son[a-z]+\s*=/i, `event handler in ${html}`);
    assert.doesNotMatch(tag.attrs, /\sstyle\s*=/i, `style attribute in ${html}`);
    const url = /(?:href|src)="([^"]*)"/.exec(tag.attrs)?.[1];
    if (url !== undefined) assert.match(url.replace(/&amp;/g, '&'), /^(https?:|mailto:|\/(?!\/))/i, `unsafe URL ${url}`);
  }
}

test('renders the documented subset: headings, lists, links, images, bold, italic', () => {
  const html = renderRichText('## Titre\n\nUn **gras** et un *italique*.\nLigne 2\n\n- un\n- deux\n\n1. premier\n2. second\n\n[lien](https://example.org/a?b=1&c=2) ![une école](https://example.org/ecole.jpg)\n\n> citation');
  assert.equal(
    html,
    [
      '<h2>Titre</h2>',
      '<p>Un <strong>gras</strong> et un <em>italique</em>.<br>Ligne 2</p>',
      '<ul><li>un</li><li>deux</li></ul>',
      '<ol><li>premier</li><li>second</li></ol>',
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">lien</a> <img src="https://example.org/ecole.jpg" alt="une école" loading="lazy"></p>',
      '<blockquote><p>citation</p></blockquote>',
    ].join('\n'),
  );
});

test('removes scripts, event handlers, javascript: URLs and style attributes', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)" onclick="x()">a</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '[clic](javascript:alert(1))',
    '[clic](JaVaScRiPt:alert(1))',
    '[clic](java\tscript:alert(1))',
    '[clic](data:text/html;base64,PHNjcmlwdD4=)',
    '![x](javascript:alert(1))',
    '![x](data:image/svg+xml,<svg onload=alert(1)>)',
    '[x](//evil.example/path)',
    '[x](https://ok.example" onmouseover="alert(1))',
    '**<svg/onload=alert(1)>**',
    '<iframe src="https://evil.example"></iframe>',
    '"><script>alert(1)</script>',
  ];
  for (const source of attacks) {
    const html = renderRichText(source);
    assertSafe(html);
    assert.doesNotMatch(html, /<script|<iframe|<svg|="\s*javascript:/i, html);
  }
  assert.equal(renderRichText('[clic](javascript:void)'), '<p>clic</p>');
  assert.equal(renderRichText('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
});

test('any input renders to the allowed tags only (property)', () => {
  const pieces = fc.constantFrom('<', '>', '"', "'", '&', '[', ']', '(', ')', '!', '*', '**', '#', '## ', '- ', '1. ', '> ', '\n', '\n\n', 'javascript:', 'https://x.org', 'on', 'error=', 'style=', 'script', '/', ' ', 'a', 'é');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
      assertSafe(renderRichText(parts.join('')));
    }),
    { numRuns: 2000 },
  );
});

test('safe URLs: http(s), mailto for links, site paths; nothing else', () => {
  assert.equal(safeUrl('https://example.org', 'link'), 'https://example.org/');
  assert.equal(safeUrl('mailto:a@b.org', 'link'), 'mailto:a@b.org');
  assert.equal(safeUrl('mailto:a@b.org', 'image'), null);
  assert.equal(safeUrl('/fr/events', 'link'), '/fr/events');
  assert.equal(safeUrl('//evil.org', 'link'), null);
  assert.equal(safeUrl('vbscript:x', 'link'), null);
});

test('plain text drops the markup (feeds, descriptions)', () => {
  assert.equal(richTextToPlain('## Titre\n\n- **un** [lien](https://x.org)'), 'Titre\n\nun lien');
});
