// The audit log as a table: when, who, action, record, organisation, before → after. Shared by the platform
// administrators' log and an organisation's own log.
import { formatDateTime } from '../format.ts';
import { href, type PageContext } from '../web.ts';

export interface AuditRowView {
  id: number;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  actorName: string | null;
  actorErased: boolean;
  organisationSlug: string | null;
  organisationName: string | null;
  before: unknown;
  after: unknown;
}

const json = (v: unknown): string => (v === null || v === undefined ? '' : JSON.stringify(v));

export function AuditTable({ ctx, items }: { ctx: PageContext; items: readonly AuditRowView[] }): JSX.Element {
  const { t } = ctx;
  if (!items.length) return <p class="empty" safe>{t('audit.empty')}</p>;
  return (
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr>
            <th scope="col" safe>{t('audit.at')}</th>
            <th scope="col" safe>{t('audit.actor')}</th>
            <th scope="col" safe>{t('audit.action')}</th>
            <th scope="col" safe>{t('audit.subject')}</th>
            <th scope="col" safe>{t('audit.organisation')}</th>
            <th scope="col" safe>{t('audit.change')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr>
              <td safe>{formatDateTime(e.at, ctx.locale)}</td>
              <td safe>{e.actorErased ? t('audit.erased_user') : (e.actorName ?? t('audit.system'))}</td>
              <td>
                <code safe>{e.action}</code>
              </td>
              <td safe>{`${e.subjectType} ${e.subjectId}`}</td>
              <td>
                {e.organisationSlug ? (
                  <a href={href(ctx, `/organisations/${e.organisationSlug}`)} safe>
                    {e.organisationName ?? e.organisationSlug}
                  </a>
                ) : (
                  ''
                )}
              </td>
              <td>
                <code class="break" safe>{[json(e.before), json(e.after)].filter(Boolean).join(' → ')}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
