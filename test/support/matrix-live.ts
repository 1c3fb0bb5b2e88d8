// Authorisation matrix rows of the live sessions (issue 6): joining, the participant's session API,
// calendars and the speakers. Inside = the demo's opening session (KPU programme: both acting
// participants are enrolled, in cohorts A and B); foreign = a live session of the BKN programme.
import { storeFile } from '../../src/services/files.js';
import { createCalendarFeed } from '../../src/services/live-sessions.js';
import { programmeStructureChanged } from '../../src/services/learning.js';
import type { MatrixWorld, Scope } from './matrix-world.js';
import { by, L, N, O, row, who, type Probe, type Row } from './matrix.js';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const cache = new WeakMap<MatrixWorld, Map<string, Promise<number | string>>>();
const once = <T extends number | string>(w: MatrixWorld, key: string, make: () => Promise<T>): Promise<T> => {
  let m = cache.get(w);
  if (!m) cache.set(w, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key)! as Promise<T>;
};

/** The live session of each scope. */
const liveSession = (w: MatrixWorld, s: Scope): Promise<number> =>
  s === 'foreign'
    ? once(w, 'foreignLive', async () => {
        const now = w.p.clock.fn().toISOString();
        const id = await w.p.ctx.repos.learning.insertActivity({
          programme_id: w.programme.foreign, stage_id: w.stage.foreign, position: 50, kind: 'live_session', title: 'Sesi Pembukaan BKN', required: false, now,
          config: { startAt: '2026-11-29T02:00:00.000Z', endAt: '2026-11-29T04:00:00.000Z', provider: 'zoom_meeting', joinUrl: 'https://zoom.us/j/111' },
        });
        programmeStructureChanged(w.p.ctx);
        return id;
      })
    : once(w, 'demoLive', async () => (await w.p.ctx.db.kysely.selectFrom('activities').select('id').where('programme_id', '=', w.programme.kpu).where('kind', '=', 'live_session').executeTakeFirstOrThrow()).id);

const live = (extra: Probe = {}) =>
  Object.fromEntries((['inside', 'foreign'] as Scope[]).map((s) => [s, async (w: MatrixWorld): Promise<Probe> => ({ ...extra, params: { activityId: await liveSession(w, s) } })]));

const demoSpeaker = (w: MatrixWorld) => once(w, 'speaker', async () => (await w.p.ctx.repos.liveSessions.listSpeakers({ includeArchived: true }))[0]!.id);
let n = 0;
const scratchSpeaker = async (w: MatrixWorld) => w.p.ctx.repos.liveSessions.insertSpeaker({ name: `Narasumber Uji ${++n}`, institution: '', topic: '', bio: '', photoFileId: null, createdBy: null, now: w.p.clock.fn().toISOString() });
const photoSpeaker = (w: MatrixWorld) =>
  once(w, 'photoSpeaker', async () => {
    const file = await storeFile(w.p.ctx, png, { originalName: 'foto.png', mime: 'image/png', createdBy: null, maxBytes: png.length });
    return w.p.ctx.repos.liveSessions.insertSpeaker({ name: 'Narasumber Berfoto Matriks', institution: '', topic: '', bio: '', photoFileId: file.id, createdBy: null, now: w.p.clock.fn().toISOString() });
  });
/** The feed of a participant who never acts in the matrix (the calendar-feed rows replace the actors' own tokens). */
const feedToken = (w: MatrixWorld) => once(w, 'feed', async () => (await createCalendarFeed(w.p.ctx, { userId: w.people.targetInside.id })).token);

/** Enrolled participants only (the acting participants are both in the KPU programme); staff are not enrolled: 404. */
const enrolledOnly = { admin: N, agencyAdmin: N, operator: N, facilitator: N, participant: by(O, undefined, N), otherParticipant: by(O, undefined, N), anonymous: L };
/** Participants enrolled and staff whose programme scope holds the session. */
const sessionReaders = { admin: O, agencyAdmin: by(O, undefined, N), operator: by(O, undefined, N), facilitator: by(O, undefined, N), participant: by(O, undefined, N), otherParticipant: by(O, undefined, N), anonymous: L };
const speaker = { name: 'Narasumber Matriks', institution: 'LAN RI', topic: 'Uji', bio: '' };

export const LIVE_ROWS: Row[] = [
  // Before the reveal (the matrix clock is the day before the demo session): joining answers 409 not_yet_open.
  row('POST /api/v1/live-sessions/:activityId/join', enrolledOnly, { fill: live(), noBody: true, note: 'an enrolled participant gets 409 not_yet_open before the reveal' }),
  row('GET /api/v1/live-sessions/:activityId', enrolledOnly, { fill: live() }),
  row('GET /live/:activityId/join', enrolledOnly, { fill: live(), alsoOk: [409], note: 'the page saying when the link opens is a 409' }),
  row('GET /live/:activityId.ics', sessionReaders, { fill: live() }),
  row('GET /calendar/:token.ics', who.public, { fill: async (w) => ({ params: { token: await feedToken(w) } }), note: 'the token is the key (no sign-in)' }),
  row('POST /api/v1/me/calendar-feed', who.signedIn, { noBody: true }),
  row('DELETE /api/v1/me/calendar-feed', who.signedIn, { noBody: true }),
  row('GET /account/calendar', who.signedIn),
  row('POST /account/calendar', who.signedIn),
  row('POST /account/calendar/revoke', who.signedIn),

  // --- speakers: authors manage; operators and facilitators read the list ---
  row('GET /api/v1/speakers', who.reviewers),
  row('POST /api/v1/speakers', who.authors, { fill: () => ({ body: { json: speaker } }), strict: true }),
  row('GET /api/v1/speakers/:id', who.reviewers, { fill: async (w) => ({ params: { id: await demoSpeaker(w) } }) }),
  row('PATCH /api/v1/speakers/:id', who.authors, { fill: async (w) => ({ params: { id: await scratchSpeaker(w) }, body: { json: { topic: 'Topik baru' } } }), strict: true }),
  row('PUT /api/v1/speakers/:id', who.authors, { fill: async (w) => ({ params: { id: await scratchSpeaker(w) }, body: { json: speaker } }), strict: true }),
  row('PUT /api/v1/speakers/:id/photo', who.authors, { fill: async (w) => ({ params: { id: await scratchSpeaker(w) }, body: { multipart: { field: 'file', filename: 'foto.png', type: 'image/png', data: png } } }) }),
  row('GET /media/speakers/:id/photo', who.signedIn, { fill: async (w) => ({ params: { id: await photoSpeaker(w) } }) }),
  row('GET /admin/speakers', who.reviewers),
  row('GET /admin/speakers/new', who.authors),
  row('POST /admin/speakers/new', who.authors, { fill: () => ({ body: { form: speaker } }) }),
  row('GET /admin/speakers/:id', who.authors, { fill: async (w) => ({ params: { id: await demoSpeaker(w) } }) }),
  row('POST /admin/speakers/:id', who.authors, { fill: async (w) => ({ params: { id: await scratchSpeaker(w) }, body: { form: speaker } }) }),
  row('POST /admin/speakers/:id/archive', who.authors, { fill: async (w) => ({ params: { id: await scratchSpeaker(w) }, body: { form: { archived: '1' } } }), strict: true }),
];

