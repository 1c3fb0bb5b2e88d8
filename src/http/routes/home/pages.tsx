import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { signOutEverywhere } from '../../../services/auth.js';
import { formatEmployeeNumber } from '../../../domain/nip.js';
import { actorOf, currentUser, requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { AccountPage, HomePage } from '../../../views/pages/home.js';
import { noticeFrom } from '../auth/pages.js';
import { myEnrolments } from '../../../services/learning.js';
import { enrolmentSummary } from '../learning/pages.js';
import { issuedCertificates } from '../../../services/certificate-eligibility.js';

const hidden = { schema: { hide: true } } as const;
const html = (reply: FastifyReply, node: unknown) => reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(renderPage(node));

export async function homePageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login');
    const userId = req.auth.userId;
    const [v, user, principal, enrolments] = await Promise.all([
      viewContext(ctx, req),
      currentUser(ctx, req),
      requirePrincipal(ctx, req),
      myEnrolments(ctx, userId),
    ]);
    if (!user) return seeOther(reply, '/login');
    const certificates = await issuedCertificates(ctx, enrolments.map((e) => ({ id: e.view.enrolment.id, programmeTitle: e.view.enrolment.programme_title })));
    return html(
      reply,
      HomePage({
        v,
        notice: noticeFrom(req),
        data: {
          name: user.name,
          nip: user.nip ? formatEmployeeNumber(user.nip) : null,
          unit: user.unit_name,
          roles: principal.roles.map((r) => ({ role: r.role, unit: r.unitName })),
          enrolments: enrolments.map((e) => enrolmentSummary(e.view, ctx.clock(), req.locale)),
          certificates,
        },
      }),
    );
  });

  app.get('/account', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/account');
    const a = req.auth;
    const [v, user, sessions] = await Promise.all([viewContext(ctx, req), currentUser(ctx, req), ctx.repos.sessions.listOfUser(a.userId, ctx.clock().toISOString())]);
    if (!user) return seeOther(reply, '/login');
    return html(
      reply,
      AccountPage({
        v,
        notice: noticeFrom(req),
        data: {
          name: user.name,
          login: user.login,
          nip: user.nip ? formatEmployeeNumber(user.nip) : null,
          email: user.email,
          phone: user.phone,
          position: user.position,
          unit: user.unit_name,
          sessions: sessions.map((s) => ({ current: s.id === a.sessionId, lastSeenAt: s.last_seen_at, ip: s.ip, userAgent: s.user_agent })),
        },
      }),
    );
  });

  app.post('/account/sign-out-everywhere', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login');
    await signOutEverywhere(ctx, { ...actorOf(req), userId: req.auth.userId }, req.auth.sessionId);
    return seeOther(reply, '/account?notice=account.signedOutEverywhere');
  });
}
