// The page shown for any failure: a title and a sentence in the user's language, never a stack trace.
import type { ErrorCode } from '../errors.ts';
import { href, type PageContext } from '../web.ts';
import { Layout } from './layout.tsx';

export function ErrorPage({ ctx, code, detail }: { ctx: PageContext; code: ErrorCode; detail?: string | undefined }): JSX.Element {
  return (
    <Layout ctx={ctx} title={ctx.t(`error.${code}.title`)}>
      <h1 safe>{ctx.t(`error.${code}.title`)}</h1>
      <p safe>{detail ?? ctx.t(`error.${code}.text`)}</p>
      <p>
        <a href={href(ctx, '/')} safe>
          {ctx.t('error.back_home')}
        </a>
      </p>
    </Layout>
  );
}
