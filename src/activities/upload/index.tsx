// "upload": the Jurnal — a PDF (at most 5 MB by default) the participant uploads once every earlier
// piece of material has been opened. Each upload is a new version; a reviewer accepts it (the activity
// is then complete) or returns it with a comment (the participant uploads again).
//
// Import activity kinds through src/activities/registry.ts (this module looks other kinds up there).
import { z } from 'zod';
import { defineKind, type ProgressData } from '../types.js';
import { activityKind } from '../registry.js';
import { Markdown } from '../../views/markdown.js';
import { describeReason } from '../../views/reasons.js';
import { formatDateTime } from '../../domain/time.js';
import type { LockReason } from '../../domain/progression.js';
import type { ViewContext } from '../../views/context.js';
import type { MessageKey } from '../../i18n/index.js';

export const MIB = 1024 * 1024;
export const DEFAULT_MAX_BYTES = 5 * MIB;
export const LARGEST_MAX_BYTES = 20 * MIB;

export const uploadConfig = z.object({
  instructions: z.string().max(200_000).default(''),
  maxBytes: z.number().int().min(1024).max(LARGEST_MAX_BYTES).default(DEFAULT_MAX_BYTES),
  requireMaterialOpened: z.boolean().default(true),
});
export type UploadConfig = z.infer<typeof uploadConfig>;

/**
 * Events a client may send for this kind: only 'opened'. 'submitted', 'accepted' and 'returned' are
 * recorded by the submissions service (src/services/submissions.ts), never by the participant.
 */
const uploadEvent = z.object({
  eventId: z.string().min(8).max(64),
  type: z.enum(['opened']),
});

export type SubmissionStatus = 'submitted' | 'accepted' | 'returned';
export type UploadEventType = 'opened' | 'submitted' | 'accepted' | 'returned';

/** Kinds known to be material even before they are registered (the registry's isMaterial wins). */
const MATERIAL_KINDS = new Set(['page', 'document', 'video']);
export const isMaterialKind = (kind: string): boolean => activityKind(kind)?.isMaterial ?? MATERIAL_KINDS.has(kind);

/** Size in MB for messages: "5", "2.5". */
export const megabytes = (bytes: number): string => String(Math.round((bytes / MIB) * 10) / 10);

/** What the participant's view shows besides config and progress (loaded by loadViewExtra). */
export interface UploadViewExtra {
  /** Newest first. */
  versions: { id: number; version: number; status: SubmissionStatus; comment: string | null; submittedAt: string; reviewedAt: string | null; fileName: string; fileSize: number }[];
  lockReason: LockReason | null;
  notice: 'submitted' | 'duplicate' | null;
}

const STATUS_KEY: Record<SubmissionStatus, MessageKey> = {
  submitted: 'upload.status.submitted',
  accepted: 'upload.status.accepted',
  returned: 'upload.status.returned',
};
export const statusLabel = (v: Pick<ViewContext, 't'>, s: SubmissionStatus) => v.t(STATUS_KEY[s]);

/** Where the no-JavaScript form posts: the CSRF token travels in the query (a multipart body is read after the check). */
export const uploadFormAction = (enrolmentId: number, activityId: number, csrfToken: string) =>
  `/learn/${enrolmentId}/activities/${activityId}/submissions?_csrf=${encodeURIComponent(csrfToken)}`;

export function UploadForm(props: { v: ViewContext; enrolmentId: number; activityId: number; maxBytes: number; again: boolean }) {
  const { v } = props;
  return (
    <form method="post" action={uploadFormAction(props.enrolmentId, props.activityId, v.csrfToken)} enctype="multipart/form-data" class="upload-form">
      <input type="hidden" name="_csrf" value={v.csrfToken} />
      <div>
        <label for="jurnal-file">{v.t('upload.form.file')}</label>
        <input id="jurnal-file" type="file" name="file" accept="application/pdf,.pdf" required aria-describedby="jurnal-file-hint" />
        <p class="hint" id="jurnal-file-hint">{v.t('upload.form.hint', { mb: megabytes(props.maxBytes) })}</p>
      </div>
      <button type="submit">{v.t(props.again ? 'upload.form.resubmit' : 'upload.form.submit')}</button>
    </form>
  );
}

export function VersionHistory(props: { v: ViewContext; versions: UploadViewExtra['versions']; fileHref?: (id: number) => string }) {
  const { v } = props;
  const href = props.fileHref ?? ((id: number) => `/api/v1/submissions/${id}/file`);
  if (props.versions.length === 0) return null;
  return (
    <table class="versions">
      <caption>{v.t('upload.history')}</caption>
      <thead>
        <tr>
          <th scope="col">{v.t('upload.col.version')}</th>
          <th scope="col">{v.t('upload.col.submittedAt')}</th>
          <th scope="col">{v.t('upload.col.status')}</th>
          <th scope="col">{v.t('upload.col.comment')}</th>
          <th scope="col">{v.t('upload.col.file')}</th>
        </tr>
      </thead>
      <tbody>
        {props.versions.map((s) => (
          <tr>
            <td>{s.version}</td>
            <td>{formatDateTime(s.submittedAt, v.zone, v.locale)}</td>
            <td>{statusLabel(v, s.status)}</td>
            <td>{s.comment ?? ''}</td>
            <td><a href={href(s.id)} type="application/pdf">{s.fileName}</a> ({v.t('upload.size', { mb: megabytes(s.fileSize) })})</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function percentOf(status: SubmissionStatus | undefined): number {
  if (status === 'accepted') return 100;
  return status ? 50 : 0;
}

export const uploadKind = defineKind<UploadConfig>({
  kind: 'upload',
  configSchema: uploadConfig,
  eventSchema: uploadEvent,
  isMaterial: false,
  applyEvent(previous, event) {
    const type = event.type as UploadEventType;
    const prevStatus = typeof previous.status === 'string' ? (previous.status as SubmissionStatus) : undefined;
    const status: SubmissionStatus | undefined = type === 'opened' ? prevStatus : type;
    const data: ProgressData = { ...previous, opened: true };
    if (status) data.status = status;
    if (typeof event.version === 'number') data.version = event.version;
    const completed = status === 'accepted';
    return { data, percent: percentOf(status), completed };
  },
  kindLock({ config, earlier }) {
    if (!config.requireMaterialOpened) return null;
    const count = earlier.filter((e) => isMaterialKind(e.kind) && !e.opened).length;
    return count > 0 ? { code: 'kind', key: 'upload.lock.afterMaterial', params: { count } } : null;
  },
  async loadViewExtra(ctx, input) {
    const { uploadViewExtra } = await import('../../services/submissions.js');
    return uploadViewExtra(ctx, input);
  },
  view({ v, activity, enrolmentId, config, progress, extra }) {
    const x = (extra ?? null) as UploadViewExtra | null;
    const versions = x?.versions ?? [];
    const current = versions[0];
    const locked = progress.state === 'locked' || !!x?.lockReason;
    return (
      <div class="upload-activity">
        {x?.notice ? <p class="notice" role="status">{v.t(x.notice === 'duplicate' ? 'upload.notice.duplicate' : 'upload.notice.submitted')}</p> : null}
        {config.instructions ? (
          <article class="prose">
            <Markdown source={config.instructions} />
          </article>
        ) : null}
        <section class="card upload-status" aria-labelledby="upload-status-title">
          <h2 id="upload-status-title">{v.t('upload.current')}</h2>
          <p data-status={current?.status ?? 'none'}>
            <strong>{current ? statusLabel(v, current.status) : v.t('upload.status.none')}</strong>
            {current ? ` · ${v.t('upload.versionOf', { version: current.version })}` : null}
          </p>
          {current?.status === 'returned' && current.comment ? (
            <div class="reviewer-comment">
              <p>{v.t('upload.comment')}</p>
              <blockquote>{current.comment}</blockquote>
            </div>
          ) : null}
          {current?.status === 'accepted' ? <p>{v.t('upload.final')}</p> : null}
        </section>
        {locked ? (
          <p class="alert" role="alert" id="upload-lock">
            {x?.lockReason ? describeReason(x.lockReason, v.t, v.locale, v.zone) : v.t('upload.locked')}
          </p>
        ) : current?.status === 'accepted' ? null : (
          <UploadForm v={v} enrolmentId={enrolmentId} activityId={activity.id} maxBytes={config.maxBytes} again={!!current} />
        )}
        <VersionHistory v={v} versions={versions} />
      </div>
    );
  },
  authoringFields({ v, config }) {
    return (
      <>
        <div>
          <label for="cfg-instructions">{v.t('authoring.upload.instructions')}</label>
          <textarea id="cfg-instructions" name="cfg_instructions" rows={12}>{config?.instructions ?? ''}</textarea>
        </div>
        <div>
          <label for="cfg-max-mb">{v.t('authoring.upload.maxMb')}</label>
          <input id="cfg-max-mb" name="cfg_maxMb" type="number" min="1" max={String(LARGEST_MAX_BYTES / MIB)} step="1" value={megabytes(config?.maxBytes ?? DEFAULT_MAX_BYTES)} />
        </div>
        <div>
          <label>
            <input type="checkbox" name="cfg_requireMaterialOpened" value="1" checked={config?.requireMaterialOpened !== false} /> {v.t('authoring.upload.requireMaterialOpened')}
          </label>
        </div>
      </>
    );
  },
  parseAuthoringForm(body) {
    const mb = typeof body.cfg_maxMb === 'string' && /^\d{1,3}(\.\d)?$/.test(body.cfg_maxMb.trim()) ? Number(body.cfg_maxMb.trim()) : 5;
    return {
      instructions: typeof body.cfg_instructions === 'string' ? body.cfg_instructions : '',
      maxBytes: Math.round(mb * MIB),
      requireMaterialOpened: body.cfg_requireMaterialOpened === '1' || body.cfg_requireMaterialOpened === 'on',
    };
  },
});
