// Question bank pages (server-rendered, no JavaScript needed): the list with filters, the question
// form, categories, and the import (upload → dry-run table → Apply) with the export links.
import type { QuestionCategory } from '../../../db/schema.js';
import type { QuestionType } from '../../../domain/quiz.js';
import { MAX_OPTIONS, OPTION_LETTERS, QUESTION_TYPE_LIST } from '../../../domain/question-sheet.js';
import type { BankItem } from '../../../services/question-bank.js';
import type { TranslatedReport } from '../../../services/question-import.js';
import type { ViewContext } from '../../../views/context.js';
import { Csrf, FieldErrors } from '../../../views/layout.js';
import { ApplyForm, ProblemTable, UploadSection } from '../../../views/components/import-report.js';
import { Markdown } from '../../../views/markdown.js';
import { AdminLayout, Pager, SelectField, TextField, type FieldMessages } from '../../../views/pages/admin/common.js';

export type FormVals = Record<string, string | string[] | undefined>;
const val = (values: FormVals | undefined, name: string): string => {
  const v = values?.[name];
  return typeof v === 'string' ? v : '';
};
const describedBy = (...ids: (string | number | false | undefined | null)[]) => ids.filter(Boolean).join(' ') || undefined;

export interface ProgrammeRef {
  id: number;
  title: string;
}
type CategoryRow = QuestionCategory & { active: number; archived: number };

const typeLabel = (v: ViewContext, t: QuestionType) => v.t(`bank.type.${t}` as Parameters<ViewContext['t']>[0]);

function BankNav(props: { v: ViewContext; programme: ProgrammeRef; current: 'list' | 'new' | 'categories' | 'import' | 'edit' }) {
  const { v, programme } = props;
  const { t } = v;
  const base = `/admin/programmes/${programme.id}/questions`;
  const items: ['list' | 'new' | 'categories' | 'import', string, string][] = [
    ['list', base, t('bank.nav.list')],
    ['new', `${base}/new`, t('bank.nav.new')],
    ['categories', `${base}/categories`, t('bank.nav.categories')],
    ['import', `${base}/import`, t('bank.nav.import')],
  ];
  return (
    <>
      <p>
        <a href={`/admin/programmes/${programme.id}`}>{t('bank.backToProgramme', { title: programme.title })}</a>
      </p>
      <nav aria-label={t('bank.nav.label')} class="subnav">
        <ul>
          {items.map(([key, href, label]) => (
            <li><a href={href} aria-current={props.current === key ? 'page' : undefined}>{label}</a></li>
          ))}
        </ul>
      </nav>
    </>
  );
}

function ExportLinks(props: { v: ViewContext; programmeId: number }) {
  const { t } = props.v;
  const base = `/admin/programmes/${props.programmeId}/questions`;
  return (
    <p>
      {t('bank.export.label')}: <a href={`${base}/export.csv`} download>CSV</a> · <a href={`${base}/export.xlsx`} download>XLSX</a> · <a href={`${base}/template.xlsx`} download>{t('bank.export.template')}</a>
    </p>
  );
}

// ---------------------------------------------------------------- list

export interface ListFilters {
  category: string;
  type: string;
  tag: string;
  status: string;
  q: string;
}

export function QuestionListPage(props: { v: ViewContext; programme: ProgrammeRef; categories: CategoryRow[]; filters: ListFilters; items: BankItem[]; nextCursor: number | null; paged: boolean; notice?: string | null; error?: string | null }) {
  const { v, programme, filters } = props;
  const { t } = v;
  const base = `/admin/programmes/${programme.id}/questions`;
  return (
    <AdminLayout v={v} title={t('bank.title')} section="programmes" notice={props.notice} error={props.error}>
      <h1>{t('bank.title')}</h1>
      <BankNav v={v} programme={programme} current="list" />
      <ExportLinks v={v} programmeId={programme.id} />
      <form method="get" action={base} class="stack filters" role="search" aria-label={t('bank.filter.label')}>
        <SelectField id="f-category" name="category" label={t('bank.field.category')} value={filters.category} options={[{ value: '', label: t('bank.filter.all') }, ...props.categories.map((c) => ({ value: String(c.id), label: c.name }))]} />
        <SelectField id="f-type" name="type" label={t('bank.field.type')} value={filters.type} options={[{ value: '', label: t('bank.filter.all') }, ...QUESTION_TYPE_LIST.map((x) => ({ value: x, label: typeLabel(v, x) }))]} />
        <TextField id="f-tag" name="tag" label={t('bank.field.tag')} value={filters.tag} maxlength={40} />
        <SelectField
          id="f-status"
          name="status"
          label={t('bank.field.status')}
          value={filters.status}
          options={[
            { value: 'active', label: t('bank.status.active') },
            { value: 'archived', label: t('bank.status.archived') },
            { value: 'all', label: t('bank.filter.all') },
          ]}
        />
        <TextField id="f-q" name="q" label={t('bank.filter.search')} value={filters.q} type="search" maxlength={200} />
        <div><button type="submit">{t('bank.filter.submit')}</button></div>
      </form>
      {props.items.length === 0 ? (
        <p class="muted">{t('bank.list.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr">{t('bank.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bank.field.code')}</th>
                <th scope="col">{t('bank.field.text')}</th>
                <th scope="col">{t('bank.field.category')}</th>
                <th scope="col">{t('bank.field.type')}</th>
                <th scope="col">{t('bank.field.points')}</th>
                <th scope="col">{t('bank.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((q) => (
                <tr data-question-id={q.id}>
                  <td><a href={`${base}/${q.id}`}>{q.code}</a></td>
                  <td>{q.text.length > 140 ? `${q.text.slice(0, 140)}…` : q.text}{q.tags.length ? <><br /><span class="muted">{q.tags.join(', ')}</span></> : null}</td>
                  <td>{q.category}</td>
                  <td>{typeLabel(v, q.type)}</td>
                  <td>{q.points}</td>
                  <td>{t(`bank.status.${q.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base={base} params={{ category: filters.category, type: filters.type, tag: filters.tag, status: filters.status, q: filters.q }} nextCursor={props.nextCursor} paged={props.paged} />
    </AdminLayout>
  );
}

// ---------------------------------------------------------------- the question form

export function questionValues(q: BankItem): FormVals {
  const values: FormVals = {
    category: String(q.categoryId),
    code: q.code,
    type: q.type,
    text: q.text,
    points: String(q.points),
    partial_credit: q.partialCredit ? '1' : '',
    accepted_answers: q.acceptedAnswers.join('\n'),
    feedback: q.feedback ?? '',
    tags: q.tags.join(', '),
  };
  if (q.type === 'true_false') values.tf_correct = q.options.find((o) => o.correct)?.id === 2 ? 'salah' : 'benar';
  else
    q.options.forEach((o, i) => {
      values[`option_text_${i + 1}`] = o.text;
      values[`option_correct_${i + 1}`] = o.correct ? '1' : '';
    });
  return values;
}

function Area(props: { id: string; name: string; label: string; value: string; errors?: FieldMessages; rows?: number; hint?: string; required?: boolean }) {
  const messages = props.errors?.[props.name];
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <textarea id={props.id} name={props.name} rows={props.rows ?? 4} required={props.required ?? false} aria-invalid={messages?.length ? 'true' : undefined} aria-describedby={describedBy(props.hint && `${props.id}-hint`, messages?.length && `${props.id}-errors`)}>{props.value}</textarea>
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      <FieldErrors id={`${props.id}-errors`} messages={messages} />
    </div>
  );
}

export interface QuestionFormProps {
  v: ViewContext;
  programme: ProgrammeRef;
  categories: CategoryRow[];
  question?: BankItem;
  usage?: number;
  values: FormVals;
  errors?: FieldMessages;
  error?: string | null;
  notice?: string | null;
}

export function QuestionFormPage(props: QuestionFormProps) {
  const { v, programme, values, errors, question } = props;
  const { t } = v;
  const base = `/admin/programmes/${programme.id}/questions`;
  const action = question ? `${base}/${question.id}` : `${base}/new`;
  const title = question ? t('bank.edit.title', { code: question.code }) : t('bank.new.title');
  const optErr = errors?.options;
  const tfErr = errors?.tf_correct;
  return (
    <AdminLayout v={v} title={title} section="programmes" notice={props.notice} error={props.error}>
      <h1>{title}</h1>
      <BankNav v={v} programme={programme} current={question ? 'edit' : 'new'} />
      {question ? (
        <section class="card" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('bank.preview')}</h2>
          <p class="muted">{question.code} · {question.category} · {typeLabel(v, question.type)} · {t(`bank.status.${question.status}`)}</p>
          <div class="prose"><Markdown source={question.text} /></div>
          {question.imageFileId !== null ? <p><img src={`/media/questions/${question.id}/image`} alt={t('bank.image.alt', { code: question.code })} style="max-width:100%;height:auto" loading="lazy" /></p> : null}
          {question.type === 'short' ? (
            <p>{t('bank.field.acceptedAnswers')}: {question.acceptedAnswers.join(' | ')}</p>
          ) : (
            <ol type="A">
              {question.options.map((o) => <li>{o.text}{o.correct ? <strong> ✓ {t('bank.field.correct')}</strong> : null}</li>)}
            </ol>
          )}
        </section>
      ) : null}
      <form method="post" action={`${action}?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack" novalidate>
        <Csrf v={v} />
        <SelectField id="q-category" name="category" label={t('bank.field.category')} value={val(values, 'category')} errors={errors} options={[{ value: '', label: t('bank.field.categoryChoose') }, ...props.categories.map((c) => ({ value: String(c.id), label: c.name }))]} />
        <TextField id="q-new-category" name="new_category" label={t('bank.field.newCategory')} value={val(values, 'new_category')} errors={errors} maxlength={120} hint={t('bank.field.newCategoryHint')} />
        <TextField id="q-code" name="code" label={t('bank.field.code')} value={val(values, 'code')} errors={errors} maxlength={64} required hint={t('bank.field.codeHint')} />
        <SelectField id="q-type" name="type" label={t('bank.field.type')} value={val(values, 'type') || 'single'} errors={errors} options={QUESTION_TYPE_LIST.map((x) => ({ value: x, label: typeLabel(v, x) }))} />
        <Area id="q-text" name="text" label={t('bank.field.text')} value={val(values, 'text')} errors={errors} rows={6} hint={t('bank.field.textHint')} required />
        <div>
          <label for="q-image">{t('bank.field.image')}</label>
          <input id="q-image" name="image" type="file" accept="image/png,image/jpeg,image/webp,image/gif" aria-invalid={errors?.image ? 'true' : undefined} aria-describedby={describedBy('q-image-hint', errors?.image && 'q-image-errors')} />
          <p class="hint" id="q-image-hint">{t('bank.field.imageHint')}</p>
          <FieldErrors id="q-image-errors" messages={errors?.image} />
          {question?.imageFileId ? (
            <div class="check">
              <input type="checkbox" id="q-remove-image" name="remove_image" value="1" />
              <label for="q-remove-image">{t('bank.field.removeImage')}</label>
            </div>
          ) : null}
        </div>
        <fieldset aria-describedby={describedBy('q-options-hint', optErr?.length && 'q-options-errors')}>
          <legend>{t('bank.field.options')}</legend>
          <p class="hint" id="q-options-hint">{t('bank.field.optionsHint')}</p>
          {Array.from({ length: MAX_OPTIONS }, (_, i) => {
            const n = i + 1;
            const letter = OPTION_LETTERS[i]!;
            return (
              <div class="option-row">
                <label for={`q-opt-${n}`}>{t('bank.field.option', { letter })}</label>
                <input id={`q-opt-${n}`} name={`option_text_${n}`} type="text" maxlength={2000} value={val(values, `option_text_${n}`)} autocomplete="off" aria-invalid={optErr?.length ? 'true' : undefined} />
                <div class="check">
                  <input type="checkbox" id={`q-opt-correct-${n}`} name={`option_correct_${n}`} value="1" checked={val(values, `option_correct_${n}`) === '1'} />
                  <label for={`q-opt-correct-${n}`}>{t('bank.field.optionCorrect', { letter })}</label>
                </div>
              </div>
            );
          })}
          <FieldErrors id="q-options-errors" messages={optErr} />
          <div class="check">
            <input type="checkbox" id="q-partial" name="partial_credit" value="1" checked={val(values, 'partial_credit') === '1'} aria-describedby="q-partial-hint" />
            <label for="q-partial">{t('bank.field.partialCredit')}</label>
          </div>
          <p class="hint" id="q-partial-hint">{t('bank.field.partialCreditHint')}</p>
        </fieldset>
        <fieldset aria-describedby={describedBy('q-tf-hint', tfErr?.length && 'q-tf-errors')}>
          <legend>{t('bank.field.trueFalse')}</legend>
          <p class="hint" id="q-tf-hint">{t('bank.field.trueFalseHint')}</p>
          <div class="check">
            <input type="radio" id="q-tf-benar" name="tf_correct" value="benar" checked={val(values, 'tf_correct') === 'benar'} />
            <label for="q-tf-benar">Benar</label>
          </div>
          <div class="check">
            <input type="radio" id="q-tf-salah" name="tf_correct" value="salah" checked={val(values, 'tf_correct') === 'salah'} />
            <label for="q-tf-salah">Salah</label>
          </div>
          <FieldErrors id="q-tf-errors" messages={tfErr} />
        </fieldset>
        <Area id="q-accepted" name="accepted_answers" label={t('bank.field.acceptedAnswers')} value={val(values, 'accepted_answers')} errors={errors} rows={3} hint={t('bank.field.acceptedAnswersHint')} />
        <TextField id="q-points" name="points" label={t('bank.field.points')} value={val(values, 'points') || '1'} errors={errors} inputmode="decimal" maxlength={10} />
        <Area id="q-feedback" name="feedback" label={t('bank.field.feedback')} value={val(values, 'feedback')} errors={errors} rows={3} />
        <TextField id="q-tags" name="tags" label={t('bank.field.tags')} value={val(values, 'tags')} errors={errors} maxlength={1000} hint={t('bank.field.tagsHint')} />
        <div><button type="submit">{question ? t('bank.save') : t('bank.create')}</button></div>
      </form>
      {question ? (
        <section class="card" aria-labelledby="status-title">
          <h2 id="status-title">{t('bank.field.status')}: {t(`bank.status.${question.status}`)}</h2>
          <p class="hint" id="q-delete-hint">{props.usage ? t('bank.usage.used', { n: props.usage }) : t('bank.usage.unused')}</p>
          <form method="post" action={`${base}/${question.id}/${question.status === 'active' ? 'archive' : 'restore'}`} class="inline">
            <Csrf v={v} />
            <button type="submit">{question.status === 'active' ? t('bank.archive') : t('bank.restore')}</button>
          </form>{' '}
          {props.usage ? null : (
            <form method="post" action={`${base}/${question.id}/delete`} class="inline">
              <Csrf v={v} />
              <button type="submit" class="link" aria-describedby="q-delete-hint">{t('bank.delete')}</button>
            </form>
          )}
        </section>
      ) : null}
    </AdminLayout>
  );
}

// ---------------------------------------------------------------- categories

export function CategoriesPage(props: { v: ViewContext; programme: ProgrammeRef; categories: CategoryRow[]; editing?: { id: number; values: FormVals; errors?: FieldMessages }; newValues?: FormVals; newErrors?: FieldMessages; error?: string | null; notice?: string | null }) {
  const { v, programme } = props;
  const { t } = v;
  const base = `/admin/programmes/${programme.id}/questions/categories`;
  return (
    <AdminLayout v={v} title={t('bank.categories.title')} section="programmes" notice={props.notice} error={props.error}>
      <h1>{t('bank.categories.title')}</h1>
      <BankNav v={v} programme={programme} current="categories" />
      {props.categories.length === 0 ? <p class="muted">{t('bank.categories.none')}</p> : null}
      {props.categories.map((c) => {
        const editing = props.editing?.id === c.id ? props.editing : undefined;
        const values = editing?.values ?? { name: c.name, description: c.description ?? '' };
        return (
          <section class="card" aria-labelledby={`cat-${c.id}-title`}>
            <h2 id={`cat-${c.id}-title`}>{c.name}</h2>
            <p class="muted">
              <a href={`/admin/programmes/${programme.id}/questions?category=${c.id}`}>{t('bank.categories.count', { active: c.active, archived: c.archived })}</a>
            </p>
            <form method="post" action={`${base}/${c.id}`} class="stack" novalidate>
              <Csrf v={v} />
              <TextField id={`cat-${c.id}-name`} name="name" label={t('bank.field.categoryName')} value={val(values, 'name')} errors={editing?.errors} maxlength={120} required hint={t('bank.categories.renameHint')} />
              <Area id={`cat-${c.id}-description`} name="description" label={t('bank.field.description')} value={val(values, 'description')} errors={editing?.errors} rows={2} />
              <div><button type="submit">{t('bank.save')}</button></div>
            </form>
          </section>
        );
      })}
      <section class="card" aria-labelledby="cat-new-title">
        <h2 id="cat-new-title">{t('bank.categories.new')}</h2>
        <form method="post" action={`${base}/new`} class="stack" novalidate>
          <Csrf v={v} />
          <TextField id="cat-new-name" name="name" label={t('bank.field.categoryName')} value={val(props.newValues, 'name')} errors={props.newErrors} maxlength={120} required />
          <Area id="cat-new-description" name="description" label={t('bank.field.description')} value={val(props.newValues, 'description')} errors={props.newErrors} rows={2} />
          <div><button type="submit">{t('bank.create')}</button></div>
        </form>
      </section>
    </AdminLayout>
  );
}

// ---------------------------------------------------------------- import

export function ImportPage(props: { v: ViewContext; programme: ProgrammeRef; report?: TranslatedReport; file?: { id: number; sha256: string; name: string }; applied?: boolean; errors?: FieldMessages; error?: string | null; notice?: string | null }) {
  const { v, programme, report } = props;
  const { t } = v;
  const base = `/admin/programmes/${programme.id}/questions/import`;
  return (
    <AdminLayout v={v} title={t('bank.import.title')} section="programmes" notice={props.notice} error={props.error}>
      <h1>{t('bank.import.title')}</h1>
      <BankNav v={v} programme={programme} current="import" />
      <ExportLinks v={v} programmeId={programme.id} />
      {report ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">{props.applied ? t('bank.import.appliedTitle') : t('bank.import.dryRunTitle')}</h2>
          {props.file ? <p class="muted">{props.file.name}</p> : null}
          <p role="status" class={report.valid ? 'notice' : 'alert'}>
            {report.valid ? t('bank.import.validSummary', { rows: report.rows, new: report.totals.new, updated: report.totals.updated, unchanged: report.totals.unchanged }) : t('bank.import.invalidSummary', { rows: report.rows, errors: report.errors.length })}
          </p>
          {report.errors.length ? <ProblemTable caption={t('bank.import.errorsCaption')} labels={{ row: t('bank.import.row'), column: t('bank.import.column'), reason: t('bank.import.reason') }} items={report.errors} /> : null}
          {report.summary.length ? (
            <div class="table-wrap">
              <table>
                <caption>{t('bank.import.summaryCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('bank.field.category')}</th>
                    <th scope="col">{t('bank.import.new')}</th>
                    <th scope="col">{t('bank.import.updated')}</th>
                    <th scope="col">{t('bank.import.unchanged')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.summary.map((s) => (
                    <tr>
                      <th scope="row">{s.category}</th>
                      <td>{s.new}</td>
                      <td>{s.updated}</td>
                      <td>{s.unchanged}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {report.valid && props.file && !props.applied ? (
            <ApplyForm v={v} action={`${base}/apply`} file={props.file} hint={t('bank.import.applyHint')} label={t('bank.import.apply')} />
          ) : null}
        </section>
      ) : null}
      <UploadSection v={v} action={base} title={t('bank.import.upload')} hint={t('bank.import.fileHint')} label={t('bank.import.file')} submit={t('bank.import.dryRun')} errors={props.errors?.file} />
    </AdminLayout>
  );
}
