// The page frame every HTML page shares: skip link, header with the territory's name, navigation,
// language switcher, main landmark, footer with the contact address and the legal pages. No inline script, no tracker.
import type { Children } from '@kitajs/html';
import { otherLocale } from '../i18n.ts';
import { href, type PageContext } from '../web.ts';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  description?: string;
  /** Extra <link>/<meta> for this page (feeds, canonical…). */
  head?: JSX.Element;
  /** Current nav section, marked with aria-current. */
  section?: string;
  children?: Children;
}

export function Layout({ ctx, title, description, head, section, children }: LayoutProps): JSX.Element {
  const { t, locale } = ctx;
  const other = otherLocale(locale);
  const fullTitle = title === ctx.site.name ? title : `${title} · ${ctx.site.name}`;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{fullTitle}</title>
        {description ? <meta name="description" content={description} /> : ''}
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" hreflang={other} href={`/${other}${ctx.path === '/' ? '' : ctx.path}`} />
        {head ? <>{head}</>: ''}
      </head>
      <body>
        <a class="skip-link" href="#main" safe>
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <a class="brand" href={href(ctx, '/')}>
              <img src={ctx.site.logoUrl ?? '/assets/logo.svg'} alt="" width="40" height="40" />
              <span safe>{ctx.site.name}</span>
            </a>
            <nav class="lang-switch" aria-label={t('layout.languages')}>
              <a href={`/${other}${ctx.path === '/' ? '' : ctx.path}`} hreflang={other} lang={other}>
                {other === 'en' ? 'English' : 'Français'}
              </a>
            </nav>
            <nav class="account-nav" aria-label={t('layout.account')}>
              {ctx.actor.userId ? (
                <>
                  <a href={href(ctx, '/account')} safe>
                    {ctx.actor.displayName ?? t('layout.my_account')}
                  </a>
                  <form method="post" action={href(ctx, '/sign-out')} class="inline-form">
                    <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                    <button type="submit" class="link-button" safe>
                      {t('layout.sign_out')}
                    </button>
                  </form>
                </>
              ) : (
                <a href={href(ctx, '/sign-in')} safe>
                  {t('layout.sign_in')}
                </a>
              )}
            </nav>
          </div>
          <nav class="main-nav" aria-label={t('layout.main_nav')}>
            <ul class="container">
              {ctx.site.nav.map((item) => (
                <li>
                  <a href={href(ctx, item.path)} aria-current={section === item.path ? 'page' : undefined} safe>
                    {t(item.labelKey)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="container" tabindex="-1">
          {ctx.notice ? (
            <p class="notice" role="status" safe>
              {ctx.notice}
            </p>
          ) : (
            ''
          )}
          {children}
        </main>
        <footer class="site-footer">
          <div class="container footer-row">
            <p safe>{t('layout.footer_about', { name: ctx.site.name })}</p>
            {ctx.site.contactEmail ? (
              <p class="footer-contact">
                <span safe>{t('layout.contact')}</span> <a href={`mailto:${ctx.site.contactEmail}`} safe>{ctx.site.contactEmail}</a>
              </p>
            ) : (
              ''
            )}
            <ul>
              <li>
                <a href={href(ctx, '/legal')} safe>
                  {t('layout.legal')}
                </a>
              </li>
              <li>
                <a href={href(ctx, '/privacy')} safe>
                  {t('layout.privacy')}
                </a>
              </li>
              <li>
                <a href={href(ctx, '/accessibility')} safe>
                  {t('layout.accessibility')}
                </a>
              </li>
              <li>
                <a href="/api/docs" safe>
                  {t('layout.api')}
                </a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
