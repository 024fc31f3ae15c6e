// Previous/next paging links that keep the current filters.
import { href, type PageContext } from '../web.ts';

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
}

export const pageCount = (p: PageInfo): number => Math.max(1, Math.ceil(p.total / p.pageSize));

export function Paging({ ctx, path, query, info }: { ctx: PageContext; path: string; query: Record<string, string | readonly string[] | undefined>; info: PageInfo }): JSX.Element {
  const pages = pageCount(info);
  if (pages <= 1) return '';
  return (
    <nav class="paging" aria-label={ctx.t('paging.label')}>
      {info.page > 1 ? (
        <a rel="prev" href={href(ctx, path, { ...query, page: String(info.page - 1) })} safe>
          {ctx.t('paging.previous')}
        </a>
      ) : (
        ''
      )}
      <span safe>{ctx.t('paging.status', { page: info.page, pages })}</span>
      {info.page < pages ? (
        <a rel="next" href={href(ctx, path, { ...query, page: String(info.page + 1) })} safe>
          {ctx.t('paging.next')}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
