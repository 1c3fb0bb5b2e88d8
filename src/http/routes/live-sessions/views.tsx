// Pages of live sessions: the join page when the link is not open (or the session has ended), the
// participant's calendar feed, and the speakers list and form.
import { Csrf, FieldErrors, Layout } from '../../../views/layout.js';
import type { ViewContext } from '../../../views/context.js';
import { formatDateTime } from '../../../domain/time.js';
import { OneTimeSecret, TextField, type FieldMessages } from '../../../views/pages/admin/common.js';
import type { ApiSpeaker } from '../../../services/speakers.js';

export function JoinInfoPage(props: { v: ViewContext; title: string; reason: 'not_yet_open' | 'ended'; opensAt: string | null; backUrl: string | null }) {
  const { v } = props;
  return (
    <Layout v={v} title={props.title}>
      <h1>{props.title}</h1>
      {props.reason === 'not_yet_open' ? (
        <p class="alert" role="status">{v.t('live.join.notYetOpen', { time: props.opensAt ? formatDateTime(props.opensAt, v.zone, v.locale) : '' })}</p>
      ) : (
        <p class="alert" role="status">{v.t('live.error.ended')}</p>
      )}
      {props.backUrl ? (
        <p>
          <a class="button" href={props.backUrl}>{v.t('live.join.back')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function CalendarFeedPage(props: { v: ViewContext; active: boolean; createdAt: string | null; created: { url: string } | null; notice?: string | null }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('live.feed.title')} notice={props.notice}>
      <h1>{v.t('live.feed.title')}</h1>
      <p>{v.t('live.feed.intro')}</p>
      {props.created ? <OneTimeSecret label={v.t('live.feed.urlLabel')} value={props.created.url} note={v.t('live.feed.urlNote')} /> : null}
      <p>{props.active ? v.t('live.feed.activeSince', { time: formatDateTime(props.createdAt!, v.zone, v.locale) }) : v.t('live.feed.none')}</p>
      <form method="post" action="/account/calendar" class="stack">
        <Csrf v={v} />
        <div><button type="submit">{props.active ? v.t('live.feed.renew') : v.t('live.feed.create')}</button></div>
      </form>
      {props.active ? (
        <form method="post" action="/account/calendar/revoke" class="stack">
          <Csrf v={v} />
          <div><button type="submit" class="secondary">{v.t('live.feed.revoke')}</button></div>
        </form>
      ) : null}
      <p><a href="/account">{v.t('nav.account')}</a></p>
    </Layout>
  );
}

export function SpeakersPage(props: { v: ViewContext; items: ApiSpeaker[]; canManage: boolean; showArchived: boolean; notice?: string | null }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('live.speakers.title')} notice={props.notice}>
      <h1>{t('live.speakers.title')}</h1>
      <p>{t('live.speakers.intro')}</p>
      {props.canManage ? <p><a class="button" href="/admin/speakers/new">{t('live.speakers.new')}</a></p> : null}
      <p>
        {props.showArchived ? <a href="/admin/speakers">{t('live.speakers.hideArchived')}</a> : <a href="/admin/speakers?archived=1">{t('live.speakers.showArchived')}</a>}
      </p>
      {props.items.length === 0 ? (
        <p class="muted">{t('live.speakers.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('live.speakers.number')}</th>
                <th scope="col">{t('live.speakers.photo')}</th>
                <th scope="col">{t('live.speakers.name')}</th>
                <th scope="col">{t('live.speakers.institution')}</th>
                <th scope="col">{t('live.speakers.topic')}</th>
                <th scope="col">{t('live.speakers.sessions')}</th>
                {props.canManage ? <th scope="col">{t('field.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.items.map((s) => (
                <tr>
                  <td>{s.id}</td>
                  <td>{s.photoUrl ? <img src={s.photoUrl} alt={t('live.speakers.photoOf', { name: s.name })} width="48" height="48" loading="lazy" /> : '—'}</td>
                  <td>
                    {s.name}
                    {s.archived ? <> <span class="muted">({t('live.speakers.archived')})</span></> : null}
                    {s.bio ? <p class="hint">{s.bio}</p> : null}
                  </td>
                  <td>{s.institution}</td>
                  <td>{s.topic}</td>
                  <td>{s.sessions}</td>
                  {props.canManage ? (
                    <td>
                      <a href={`/admin/speakers/${s.id}`}>{t('live.speakers.edit')}</a>
                      <form method="post" action={`/admin/speakers/${s.id}/archive`}>
                        <Csrf v={v} />
                        <input type="hidden" name="archived" value={s.archived ? '0' : '1'} />
                        <button type="submit" class="secondary">{s.archived ? t('live.speakers.restore') : t('live.speakers.archive')}</button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface SpeakerFormValues {
  name?: string;
  institution?: string;
  topic?: string;
  bio?: string;
}

export function SpeakerFormPage(props: { v: ViewContext; speaker: ApiSpeaker | null; values: SpeakerFormValues; errors?: FieldMessages; error?: string | null; notice?: string | null }) {
  const { v, values } = props;
  const { t } = v;
  const action = props.speaker ? `/admin/speakers/${props.speaker.id}` : '/admin/speakers/new';
  const title = props.speaker ? t('live.speakers.editTitle', { name: props.speaker.name }) : t('live.speakers.new');
  return (
    <Layout v={v} title={title} notice={props.notice} error={props.error}>
      <p><a href="/admin/speakers">{t('live.speakers.back')}</a></p>
      <h1>{title}</h1>
      <form method="post" action={`${action}?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack">
        <Csrf v={v} />
        <TextField id="name" name="name" label={t('live.speakers.name')} value={values.name} errors={props.errors} required maxlength={200} />
        <TextField id="institution" name="institution" label={t('live.speakers.institution')} value={values.institution} errors={props.errors} maxlength={200} />
        <TextField id="topic" name="topic" label={t('live.speakers.topic')} value={values.topic} errors={props.errors} maxlength={300} />
        <div>
          <label for="bio">{t('live.speakers.bio')}</label>
          <textarea id="bio" name="bio" rows={5} maxlength={2000}>{values.bio ?? ''}</textarea>
          <FieldErrors id="bio-errors" messages={props.errors?.bio} />
        </div>
        <div>
          <label for="photo">{t('live.speakers.photo')}</label>
          {props.speaker?.photoUrl ? <p><img src={props.speaker.photoUrl} alt={t('live.speakers.photoOf', { name: props.speaker.name })} width="96" height="96" /></p> : null}
          <input id="photo" name="photo" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="photo-hint" />
          <p class="hint" id="photo-hint">{t('live.speakers.photoHint')}</p>
          <FieldErrors id="photo-errors" messages={props.errors?.photo} />
          {props.speaker?.photoUrl ? (
            <label>
              <input type="checkbox" name="removePhoto" value="1" /> {t('live.speakers.removePhoto')}
            </label>
          ) : null}
        </div>
        <div><button type="submit">{t('live.speakers.save')}</button></div>
      </form>
    </Layout>
  );
}
