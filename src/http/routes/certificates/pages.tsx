// Certificate pages: the admin list with counts, batch, revoke and re-issue forms; the programme's
// certificate settings; the public verification page. Forms work without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as pipeline from '../../../services/certificates/pipeline.js';
import { assertSettingsAccess, certificateSettings, updateCertificateSettings, CERTIFICATE_REQUIREMENTS, type CertificateRequirementFlags } from '../../../services/certificates/settings.js';
import { CERTIFICATE_STATUSES, type CertificateStatus } from '../../../db/schema.js';
import type { MessageKey } from '../../../i18n/index.js';
import { jobPagePath } from '../../../views/pages/job.js';
import { renderPage } from '../../../views/layout.js';
import { CERT_NOTICES, CertificateSettingsPage, CertificatesPage, settingsFormOf, type SettingsForm } from '../../../views/pages/certificates.js';
import { VerifyPage } from '../../../views/pages/verify.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { principalActor, requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { html, positiveInt, queryString } from '../users/access.js';
import { verifyFor } from './api.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;

function idOf(req: FastifyRequest, name = 'id'): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null || id > 2_147_483_647) throw errors.notFound();
  return id;
}

/** Anonymous visitors go to sign in (null), else the caller's principal. */
async function viewer(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  if (!req.auth) {
    await seeOther(reply, `/login?next=${encodeURIComponent(req.url.slice(0, 400))}`);
    return null;
  }
  return requirePrincipal(ctx, req);
}

const noticeOf = (req: FastifyRequest) => {
  const key = queryString(req, 'notice', 64) as MessageKey;
  return CERT_NOTICES.includes(key) ? req.t(key) : null;
};

const listPath = (programmeId: number, notice?: string) => `/admin/programmes/${programmeId}/certificates${notice ? `?notice=${notice}` : ''}`;

export async function certificatesPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const renderList = async (req: FastifyRequest, reply: FastifyReply, programmeId: number, extra: { error?: string | null; status?: number } = {}) => {
    const principal = await requirePrincipal(ctx, req);
    const statusText = queryString(req, 'status', 20);
    const status = (CERTIFICATE_STATUSES as readonly string[]).includes(statusText) ? (statusText as CertificateStatus) : null;
    const cohortId = positiveInt(queryString(req, 'cohortId', 12));
    const cursor = positiveInt(queryString(req, 'cursor', 12)) ?? 0;
    const data = await pipeline.listCertificates(ctx, principal, programmeId, { status, cohortId, offset: cursor, limit: PAGE_SIZE });
    const [v, cohorts] = await Promise.all([viewContext(ctx, req), ctx.repos.certificates.cohortsOf(programmeId)]);
    return html(
      reply,
      renderPage(CertificatesPage({ v, data, status: status ?? '', cohortId: cohortId ? String(cohortId) : '', cohorts, canAdminister: pipeline.canAdministerCertificates(principal), paged: cursor > 0, notice: noticeOf(req), error: extra.error })),
      extra.status,
    );
  };

  app.get('/admin/programmes/:id/certificates', hidden, async (req, reply) => {
    if (!(await viewer(ctx, req, reply))) return reply;
    return renderList(req, reply, idOf(req));
  });

  app.post('/admin/programmes/:id/certificates/batch', hidden, async (req, reply) => {
    const actor = await principalActor(ctx, req);
    const id = idOf(req);
    const cohortText = formString(req, 'cohortId', 12);
    const cohortId = cohortText === '' ? null : positiveInt(cohortText);
    if (cohortText !== '' && cohortId === null) throw errors.validation({ cohortId: [{ key: 'error.field.invalid' }] });
    const { jobId } = await pipeline.startBatch(ctx, actor, id, cohortId);
    return seeOther(reply, jobPagePath(jobId));
  });

  const revokeOrReissue = (kind: 'revoke' | 'reissue') => async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = await principalActor(ctx, req);
    const id = idOf(req);
    const reason = formString(req, 'reason', 2000);
    try {
      const c = kind === 'revoke' ? await pipeline.revokeCertificate(ctx, actor, id, reason) : await pipeline.reissueCertificate(ctx, actor, id, reason || null);
      return seeOther(reply, listPath(c.programme_id, kind === 'revoke' ? 'cert.admin.notice.revoked' : 'cert.admin.notice.reissued'));
    } catch (err) {
      if (!(err instanceof AppError) || ![400, 409].includes(err.status)) throw err;
      const cert = await ctx.repos.certificates.findById(id);
      if (!cert) throw err;
      const messages = Object.values(fieldMessages(req, err)).flat();
      return renderList(req, reply, cert.programme_id, { error: messages.length ? messages.join(' ') : req.t(err.messageKey, err.options.params), status: err.status });
    }
  };
  app.post('/admin/certificates/:id/revoke', hidden, revokeOrReissue('revoke'));
  app.post('/admin/certificates/:id/reissue', hidden, revokeOrReissue('reissue'));

  const renderSettings = async (req: FastifyRequest, reply: FastifyReply, programmeId: number, extra: { form?: SettingsForm; errors?: Record<string, string[]>; status?: number } = {}) => {
    const [settings, programme, v] = await Promise.all([certificateSettings(ctx, programmeId), ctx.repos.certificates.programme(programmeId), viewContext(ctx, req)]);
    if (!programme) throw errors.notFound();
    const page = CertificateSettingsPage({ v, programme, settings, form: extra.form ?? settingsFormOf(settings), errors: extra.errors, notice: noticeOf(req), error: extra.errors ? req.t('error.validation_failed') : null });
    return html(reply, renderPage(page), extra.status);
  };

  app.get('/admin/programmes/:id/certificates/settings', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const id = idOf(req);
    await assertSettingsAccess(ctx, principal, id);
    return renderSettings(req, reply, id);
  });

  app.post('/admin/programmes/:id/certificates/settings', hidden, async (req, reply) => {
    const actor = await principalActor(ctx, req);
    const id = idOf(req);
    await assertSettingsAccess(ctx, actor.principal, id);
    const requirements = Object.fromEntries(CERTIFICATE_REQUIREMENTS.map((r) => [r, formString(req, `require_${r}`, 4) === '1'])) as CertificateRequirementFlags;
    const form: SettingsForm = {
      enabled: formString(req, 'enabled', 4) === '1',
      requirements,
      numberPattern: formString(req, 'numberPattern', 500),
      signerName: formString(req, 'signerName', 500),
      signerPosition: formString(req, 'signerPosition', 500),
      signerPlace: formString(req, 'signerPlace', 500),
      jp: formString(req, 'jp', 12).trim(),
    };
    const jp = form.jp === '' ? null : /^\d{1,6}$/.test(form.jp) ? Number(form.jp) : NaN;
    try {
      if (Number.isNaN(jp)) throw errors.validation({ jp: [{ key: 'cert.settings.jp_invalid', params: { max: 1000 } }] });
      await updateCertificateSettings(ctx, actor, id, { enabled: form.enabled, requirements, numberPattern: form.numberPattern, signerName: form.signerName, signerPosition: form.signerPosition, signerPlace: form.signerPlace, jp });
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      return renderSettings(req, reply, id, { form, errors: fieldMessages(req, err), status: 400 });
    }
    return seeOther(reply, `/admin/programmes/${id}/certificates/settings?notice=cert.settings.saved`);
  });

  app.get('/verify/:code', hidden, async (req, reply) => {
    const code = String((req.params as { code?: unknown }).code ?? '').slice(0, 64);
    const c = await verifyFor(app, ctx, req, reply, code, 'page');
    const v = await viewContext(ctx, req);
    return reply.type('text/html; charset=utf-8').send(renderPage(VerifyPage({ v, c })));
  });
}
