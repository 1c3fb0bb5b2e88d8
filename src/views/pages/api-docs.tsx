import { Layout } from '../layout.js';
import type { ViewContext } from '../context.js';

export interface DocOperation {
  method: string;
  path: string;
  summary: string;
  tag: string;
  params: { name: string; in: string; required: boolean; type: string }[];
  body: { name: string; required: boolean; type: string }[];
  responses: string[];
}

export function ApiDocsPage(props: { v: ViewContext; title: string; description: string; operations: DocOperation[] }) {
  const { v } = props;
  const tags = [...new Set(props.operations.map((o) => o.tag))];
  return (
    <Layout v={v} title={v.t('nav.apiDocs')}>
      <h1>{props.title}</h1>
      <p>{props.description}</p>
      <p>OpenAPI 3: <a href="/api/openapi.json"><code>/api/openapi.json</code></a>. Auth: session cookie, or <code>Authorization: Bearer lnt_…</code>.</p>
      <nav aria-label="API"><ul>{tags.map((t) => <li><a href={`#tag-${t}`}>{t}</a></li>)}</ul></nav>
      {tags.map((tag) => (
        <section id={`tag-${tag}`}>
          <h2>{tag}</h2>
          {props.operations.filter((o) => o.tag === tag).map((o) => (
            <div class="card">
              <h3><code>{o.method} {o.path}</code></h3>
              <p>{o.summary}</p>
              {o.params.length ? (
                <p><strong>Parameters:</strong> {o.params.map((p) => `${p.name} (${p.in}, ${p.type}${p.required ? ', required' : ''})`).join('; ')}</p>
              ) : null}
              {o.body.length ? (
                <p><strong>Body (JSON):</strong> {o.body.map((p) => `${p.name}: ${p.type}${p.required ? '' : '?'}`).join(', ')}</p>
              ) : null}
              <p class="muted">Responses: {o.responses.join(', ')}</p>
            </div>
          ))}
        </section>
      ))}
    </Layout>
  );
}
