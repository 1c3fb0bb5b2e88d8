// Programme authoring pages under /admin/programmes (server-rendered forms, no JS needed).
// @fastify/multipart is registered inside this plugin scope only (activity files, package import);
// multipart forms carry the CSRF token in the query string (?_csrf=…), which app.ts accepts.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as authoring from '../../../services/authoring.js';
import { buildPackage, importPackage, MAX_PACKAGE_UPLOAD } from '../../../services/programme-package.js';
import { findFile } from '../../../services/files.js';
import { activityKind, activityKinds } from '../../../activities/registry.js';
import { safeEqual } from '../../../services/crypto.js';
import type { MessageKey } from '../../../i18n/index.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages } from '../../form.js';
import { requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import {
  ActivityFormPage,
  ChooseKindPage,
  CohortFormPage,
  NewProgrammePage,
  ProgrammeListPage,
  ProgrammePage,
  StageFormPage,
  cohortValues,
  type FormVals,
} from '../../../views/pages/admin/authoring.js';
import { authorPageActor, param } from './access.js';
import { html, positiveInt, queryString } from '../users/access.js';
import type { Activity } from '../../../db/schema.js';

const hidden = { schema: { hide: true } } as const;
const NOTICES = new Set<MessageKey>(['authoring.notice.saved', 'authoring.notice.deleted', 'authoring.notice.imported']);
const noticeOf = (req: FastifyRequest) => {
  const key = queryString(req, 'notice', 64) as MessageKey;
  return NOTICES.has(key) ? req.t(key) : null;
};

interface MultipartPart {
  type: 'file' | 'field';
  fieldname: string;
  value?: unknown;
  filename?: string;
  mimetype?: string;
  toBuffer?: () => Promise<Buffer>;
}

/** The posted form (urlencoded or multipart) as string values (repeated names as arrays) and files. */
async function readForm(req: FastifyRequest): Promise<{ values: FormVals; files: authoring.UploadedFile[] }> {
  const body = req.body as Record<string, unknown> | undefined;
  const values: Record<string, string | string[]> = {};
  const files: authoring.UploadedFile[] = [];
  if (!body || typeof body !== 'object') return { values, files };
  const put = (k: string, v: string) => {
    const prev = values[k];
    values[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  };
  for (const [k, raw] of Object.entries(body)) {
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item === 'string') put(k, item);
      else if (item && typeof item === 'object' && 'type' in item) {
        const part = item as MultipartPart;
        if (part.type === 'field' && typeof part.value === 'string') put(k, part.value);
        else if (part.type === 'file' && part.filename && part.toBuffer) files.push({ field: k, filename: part.filename, mime: part.mimetype ?? 'application/octet-stream', data: await part.toBuffer() });
      }
    }
  }
  return { values, files };
}

const formErrorStatus = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409 || err.status === 413);

export async function authoringPageRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_PACKAGE_UPLOAD, files: 10, fields: 500, fieldSize: 1024 * 1024, parts: 600 } });
    // Nobody streams an upload into memory before being known as an author with a valid CSRF token.
    scoped.addHook('preParsing', async (req) => {
      if (!req.isMultipart()) return;
      if (!req.auth) throw errors.unauthenticated();
      authoring.assertAuthor(await requirePrincipal(ctx, req));
      const sent = (req.query as Record<string, unknown> | undefined)?._csrf;
      if (req.auth.via !== 'token' && (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken))) throw new AppError(403, 'forbidden', 'error.csrf');
    });

    // ------------------------------------------------------------ programmes
    const renderList = async (req: FastifyRequest, actor: authoring.AuthorActor, extra: { error?: string | null; importErrors?: Record<string, string[]> } = {}) => {
      const [rows, v] = await Promise.all([authoring.listProgrammes(ctx, actor.principal), viewContext(ctx, req)]);
      return renderPage(ProgrammeListPage({ v, notice: noticeOf(req), ...extra, rows: rows.map((r) => ({ id: r.id, code: r.code, title: r.title, status: r.status, jp: r.jp, organiser: r.organiser_name })) }));
    };

    scoped.get('/admin/programmes', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      return html(reply, await renderList(req, actor));
    });

    scoped.post('/admin/programmes/import', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const { files } = await readForm(req);
      const upload = files.find((f) => f.field === 'package' && f.data.length > 0);
      try {
        if (!upload) throw errors.validation({ package: [{ key: 'authoring.package.required' }] });
        const res = await importPackage(ctx, actor, upload.data);
        return seeOther(reply, `/admin/programmes/${res.programmeId}?notice=authoring.notice.imported`);
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, await renderList(req, actor, { error: req.t(err.messageKey, err.options.params), importErrors: fieldMessages(req, err) }), err.status);
      }
    });

    scoped.get('/admin/programmes/new', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      return html(reply, renderPage(NewProgrammePage({ v: await viewContext(ctx, req), values: { status: 'draft' } })));
    });

    scoped.post('/admin/programmes/new', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const { values } = await readForm(req);
      try {
        const id = await authoring.createProgramme(ctx, actor, values);
        return seeOther(reply, `/admin/programmes/${id}?notice=authoring.notice.saved`);
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, renderPage(NewProgrammePage({ v: await viewContext(ctx, req), values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) })), err.status);
      }
    });

    const renderProgramme = async (req: FastifyRequest, actor: authoring.AuthorActor, id: number, extra: { values?: FormVals; errors?: Record<string, string[]>; error?: string | null } = {}) => {
      const [outline, v] = await Promise.all([authoring.programmeOutline(ctx, actor.principal, id), viewContext(ctx, req)]);
      return renderPage(ProgrammePage({ v, outline, notice: noticeOf(req), ...extra }));
    };

    scoped.get('/admin/programmes/:id', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      return html(reply, await renderProgramme(req, actor, param(req, 'id')));
    });

    scoped.post('/admin/programmes/:id', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const id = param(req, 'id');
      const { values } = await readForm(req);
      try {
        await authoring.updateProgramme(ctx, actor, id, values);
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, await renderProgramme(req, actor, id, { values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
      }
      return seeOther(reply, `/admin/programmes/${id}?notice=authoring.notice.saved`);
    });

    scoped.get('/admin/programmes/:id/export', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const pkg = await buildPackage(ctx, actor, param(req, 'id'));
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${pkg.filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(pkg.data.buffer, pkg.data.byteOffset, pkg.data.byteLength));
    });

    // ------------------------------------------------------------ cohorts
    const cohortForm = (path: string, load: (req: FastifyRequest, actor: authoring.AuthorActor) => Promise<{ programmeId: number; cohortId?: number; values?: FormVals }>, save: (actor: authoring.AuthorActor, programmeId: number, cohortId: number | undefined, values: FormVals) => Promise<number>) => {
      scoped.get(path, hidden, async (req, reply) => {
        const actor = await authorPageActor(ctx, req, reply);
        if (!actor) return reply;
        const x = await load(req, actor);
        return html(reply, renderPage(CohortFormPage({ v: await viewContext(ctx, req), ...x, notice: noticeOf(req) })));
      });
      scoped.post(path, hidden, async (req, reply) => {
        const actor = await authorPageActor(ctx, req, reply);
        if (!actor) return reply;
        const x = await load(req, actor);
        const { values } = await readForm(req);
        try {
          const cohortId = await save(actor, x.programmeId, x.cohortId, values);
          return seeOther(reply, `/admin/programmes/${x.programmeId}/cohorts/${cohortId}?notice=authoring.notice.saved`);
        } catch (err) {
          if (!formErrorStatus(err)) throw err;
          return html(reply, renderPage(CohortFormPage({ v: await viewContext(ctx, req), programmeId: x.programmeId, cohortId: x.cohortId, values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) })), err.status);
        }
      });
    };
    cohortForm(
      '/admin/programmes/:id/cohorts/new',
      async (req, actor) => {
        const programmeId = param(req, 'id');
        await authoring.loadProgramme(ctx, actor.principal, programmeId);
        return { programmeId };
      },
      (actor, programmeId, _c, values) => authoring.createCohort(ctx, actor, programmeId, values),
    );
    cohortForm(
      '/admin/programmes/:id/cohorts/:cohortId',
      async (req, actor) => {
        const programmeId = param(req, 'id');
        const c = await authoring.loadCohort(ctx, actor.principal, programmeId, param(req, 'cohortId'));
        return { programmeId, cohortId: c.id, values: cohortValues(c) };
      },
      async (actor, programmeId, cohortId, values) => {
        await authoring.updateCohort(ctx, actor, programmeId, cohortId!, values);
        return cohortId!;
      },
    );

    // ------------------------------------------------------------ stages
    const stageValues = (s: Awaited<ReturnType<typeof authoring.loadStage>>): FormVals => ({
      title: s.title,
      description: s.description ?? '',
      sequential: s.sequential ? '1' : '',
      opens_at: authoring.wibLocal(s.opens_at),
      opens_on_day: s.opens_on_day?.toString() ?? '',
      closes_after_day: s.closes_after_day?.toString() ?? '',
      target_day: s.target_day?.toString() ?? '',
    });
    const stageCanDelete = async (programmeId: number, stageId: number) => !(await ctx.repos.authoring.activitiesOf(programmeId)).some((a) => a.stage_id === stageId);

    scoped.get('/admin/programmes/:id/stages/new', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      await authoring.loadProgramme(ctx, actor.principal, programmeId);
      return html(reply, renderPage(StageFormPage({ v: await viewContext(ctx, req), programmeId })));
    });
    scoped.post('/admin/programmes/:id/stages/new', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const { values } = await readForm(req);
      try {
        await authoring.createStage(ctx, actor, programmeId, values);
        return seeOther(reply, `/admin/programmes/${programmeId}?notice=authoring.notice.saved`);
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, renderPage(StageFormPage({ v: await viewContext(ctx, req), programmeId, values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) })), err.status);
      }
    });
    scoped.get('/admin/programmes/:id/stages/:stageId', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const s = await authoring.loadStage(ctx, actor.principal, programmeId, param(req, 'stageId'));
      return html(reply, renderPage(StageFormPage({ v: await viewContext(ctx, req), programmeId, stageId: s.id, canDelete: await stageCanDelete(programmeId, s.id), values: stageValues(s), notice: noticeOf(req) })));
    });
    scoped.post('/admin/programmes/:id/stages/:stageId', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const stageId = param(req, 'stageId');
      const { values } = await readForm(req);
      try {
        await authoring.updateStage(ctx, actor, programmeId, stageId, values);
        return seeOther(reply, `/admin/programmes/${programmeId}/stages/${stageId}?notice=authoring.notice.saved`);
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, renderPage(StageFormPage({ v: await viewContext(ctx, req), programmeId, stageId, canDelete: await stageCanDelete(programmeId, stageId), values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) })), err.status);
      }
    });
    scoped.post('/admin/programmes/:id/stages/:stageId/move', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const { values } = await readForm(req);
      await authoring.moveStage(ctx, actor, programmeId, param(req, 'stageId'), authoring.str(values, 'direction') === 'up' ? 'up' : 'down');
      return seeOther(reply, `/admin/programmes/${programmeId}?notice=authoring.notice.saved`);
    });
    scoped.post('/admin/programmes/:id/stages/:stageId/publish', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const { values } = await readForm(req);
      await authoring.setStagePublished(ctx, actor, programmeId, param(req, 'stageId'), authoring.str(values, 'published') === '1');
      return seeOther(reply, `/admin/programmes/${programmeId}?notice=authoring.notice.saved`);
    });
    scoped.post('/admin/programmes/:id/stages/:stageId/delete', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      try {
        await authoring.deleteStage(ctx, actor, programmeId, param(req, 'stageId'));
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, await renderProgramme(req, actor, programmeId, { error: req.t(err.messageKey, err.options.params) }), err.status);
      }
      return seeOther(reply, `/admin/programmes/${programmeId}?notice=authoring.notice.deleted`);
    });

    // ------------------------------------------------------------ activities
    const activityValues = (a: Activity): FormVals => ({
      title: a.title,
      required: a.required ? '1' : '',
      jp: a.jp?.toString() ?? '',
      prerequisites: authoring.parseIds(a.prerequisite_ids).map(String),
      opens_at: authoring.wibLocal(a.opens_at),
      opens_on_day: a.opens_on_day?.toString() ?? '',
      closes_after_day: a.closes_after_day?.toString() ?? '',
    });

    const renderActivity = async (
      req: FastifyRequest,
      o: { programmeId: number; stageId: number; kindName: string; activity?: Activity; values?: FormVals; errors?: Record<string, string[]>; error?: string | null },
    ) => {
      const kind = activityKind(o.kindName);
      if (!kind) throw errors.notFound();
      const v = await viewContext(ctx, req);
      let config: unknown = null;
      if (o.errors && o.values) {
        try {
          config = kind.parseAuthoringForm(o.values);
        } catch {
          config = null;
        }
      } else if (o.activity) {
        try {
          config = JSON.parse(o.activity.config);
        } catch {
          config = null;
        }
      }
      const stored = o.activity ? (JSON.parse(o.activity.config || '{}') as Record<string, unknown>) : {};
      const fileFields = await Promise.all(
        authoring.fileKeysOf(kind, stored).map(async (key) => {
          const id = stored[key];
          const found = typeof id === 'number' ? await findFile(ctx, id) : null;
          return { key, current: found ? found.row.original_name : null };
        }),
      );
      const [earlier, stages, inUse] = await Promise.all([
        authoring.earlierActivities(ctx, o.programmeId, { stageId: o.stageId, activityId: o.activity?.id }),
        ctx.repos.authoring.stagesOf(o.programmeId),
        o.activity ? ctx.repos.authoring.activityUsage(o.activity.id) : Promise.resolve(0),
      ]);
      return renderPage(
        ActivityFormPage({
          v,
          programmeId: o.programmeId,
          stageId: o.stageId,
          activity: o.activity,
          kind: kind.kind,
          kindFields: kind.authoringFields({ v, config }),
          fileFields,
          earlier: earlier.map((a) => ({ id: a.id, title: a.title })),
          stages: stages.map((s) => ({ id: s.id, title: s.title })),
          values: o.values ?? (o.activity ? activityValues(o.activity) : undefined),
          errors: o.errors,
          error: o.error,
          notice: noticeOf(req),
          inUse: inUse > 0,
        }),
      );
    };

    scoped.get('/admin/programmes/:id/stages/:stageId/activities/new', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const stage = await authoring.loadStage(ctx, actor.principal, programmeId, param(req, 'stageId'));
      const kindName = queryString(req, 'kind', 64);
      if (!kindName || !activityKind(kindName)) {
        const v = await viewContext(ctx, req);
        return html(reply, renderPage(ChooseKindPage({ v, programmeId, stageId: stage.id, kinds: activityKinds().map((k) => k.kind), errors: kindName ? { kind: [req.t('authoring.error.kind')] } : undefined })));
      }
      return html(reply, await renderActivity(req, { programmeId, stageId: stage.id, kindName }));
    });
    scoped.post('/admin/programmes/:id/stages/:stageId/activities/new', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const stageId = param(req, 'stageId');
      const form = await readForm(req);
      const kindName = queryString(req, 'kind', 64) || authoring.str(form.values, 'kind', 64);
      try {
        const id = await authoring.createActivity(ctx, actor, programmeId, stageId, kindName, form);
        return seeOther(reply, `/admin/programmes/${programmeId}/activities/${id}?notice=authoring.notice.saved`);
      } catch (err) {
        if (!formErrorStatus(err) || !activityKind(kindName)) throw err;
        return html(reply, await renderActivity(req, { programmeId, stageId, kindName, values: form.values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
      }
    });
    scoped.get('/admin/programmes/:id/activities/:activityId', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const a = await authoring.loadActivity(ctx, actor.principal, programmeId, param(req, 'activityId'));
      return html(reply, await renderActivity(req, { programmeId, stageId: a.stage_id, kindName: a.kind, activity: a }));
    });
    scoped.post('/admin/programmes/:id/activities/:activityId', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const a = await authoring.loadActivity(ctx, actor.principal, programmeId, param(req, 'activityId'));
      const form = await readForm(req);
      try {
        await authoring.updateActivity(ctx, actor, programmeId, a.id, form);
        return seeOther(reply, `/admin/programmes/${programmeId}/activities/${a.id}?notice=authoring.notice.saved`);
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, await renderActivity(req, { programmeId, stageId: a.stage_id, kindName: a.kind, activity: a, values: form.values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
      }
    });
    scoped.post('/admin/programmes/:id/activities/:activityId/move', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const activityId = param(req, 'activityId');
      const { values } = await readForm(req);
      const stageId = positiveInt(authoring.str(values, 'stageId', 20));
      const direction = authoring.str(values, 'direction', 8);
      try {
        if (stageId !== null) await authoring.moveActivity(ctx, actor, programmeId, activityId, { stageId });
        else if (direction === 'up' || direction === 'down') await authoring.moveActivity(ctx, actor, programmeId, activityId, { direction });
        else throw errors.validation({ direction: [{ key: 'error.field.invalid' }] });
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, await renderProgramme(req, actor, programmeId, { error: req.t(err.messageKey, err.options.params) }), err.status);
      }
      return seeOther(reply, stageId !== null ? `/admin/programmes/${programmeId}/activities/${activityId}?notice=authoring.notice.saved` : `/admin/programmes/${programmeId}?notice=authoring.notice.saved`);
    });
    scoped.post('/admin/programmes/:id/activities/:activityId/publish', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const { values } = await readForm(req);
      await authoring.setActivityPublished(ctx, actor, programmeId, param(req, 'activityId'), authoring.str(values, 'published') === '1');
      return seeOther(reply, `/admin/programmes/${programmeId}?notice=authoring.notice.saved`);
    });
    scoped.post('/admin/programmes/:id/activities/:activityId/delete', hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const a = await authoring.loadActivity(ctx, actor.principal, programmeId, param(req, 'activityId'));
      try {
        await authoring.deleteActivity(ctx, actor, programmeId, a.id);
      } catch (err) {
        if (!formErrorStatus(err)) throw err;
        return html(reply, await renderActivity(req, { programmeId, stageId: a.stage_id, kindName: a.kind, activity: a, error: req.t(err.messageKey, err.options.params) }), err.status);
      }
      return seeOther(reply, `/admin/programmes/${programmeId}?notice=authoring.notice.deleted`);
    });
  });
}
