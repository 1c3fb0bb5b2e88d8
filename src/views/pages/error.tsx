import { Layout } from '../layout.js';
import type { ViewContext } from '../context.js';

export function ErrorPage(props: { v: ViewContext; status: number; message: string }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('error.title')}>
      <h1>{v.t('error.title')} ({props.status})</h1>
      <p class="alert" role="alert">{props.message}</p>
      <p><a href="/">{v.t('error.back')}</a></p>
    </Layout>
  );
}
