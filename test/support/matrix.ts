// The machinery of the authorisation matrix: outcome classes, the expectation patterns the table is
// written in, and the runner that sends one route's probes as every role (cookie session, and a Bearer
// token for API routes) for objects inside / outside / foreign to the NTT operator's scope.
import { unzipSync, strFromU8 } from 'fflate';
import { ROLES, type MatrixWorld, type Role, type Scope, type SignedInRole } from './matrix-world.js';
import { multipartBody as multipartOf } from './multipart.js';

// ---------------------------------------------------------------------------------------------
// Outcomes and expectations.

/**
 * What a role gets:
 *  - 'ok'     allowed: 2xx/3xx (not a redirect to sign-in); for state-changing routes also 400/409/413/415/422
 *             (the request got past authorisation into validation) unless the row is `strict`;
 *  - 403      a collection or page the role may never use;
 *  - 404      an object outside the role's scope (indistinguishable from a missing one);
 *  - 400      an object outside the scope named in the body, refused like an unknown one (validation);
 *  - 'login'  anonymous: 401 (API) or a redirect to /login (pages).
 */
export type Outcome = 'ok' | 403 | 404 | 400 | 'login';
export const O = 'ok' as const;
export const F = 403 as const;
export const N = 404 as const;
export const L = 'login' as const;

/** One outcome for every scope, or one per scope. */
export type Expect = Outcome | Partial<Record<Scope, Outcome>>;
export type Expectations = Record<Role, Expect>;

/** Outcomes per scope: inside (NTT), outside (Jawa Timur, same agency), foreign (another agency). */
export const by = (inside: Outcome, outside?: Outcome, foreign?: Outcome): Partial<Record<Scope, Outcome>> => ({
  inside,
  ...(outside !== undefined ? { outside } : {}),
  ...(foreign !== undefined ? { foreign } : {}),
});

const all = (o: Outcome): Expectations => Object.fromEntries(ROLES.map((r) => [r, o])) as Expectations;

/** The expectation patterns the table is written in (each can be adjusted per row with spread). */
export const who = {
  /** Anyone, signed in or not. */
  public: all(O),
  /** Any signed-in user (its own things); anonymous: sign in. */
  signedIn: { ...all(O), anonymous: L },
  /** Administrative collections and pages: platform admin, agency admin, unit operator. */
  administrators: { admin: O, agencyAdmin: O, operator: O, facilitator: F, participant: F, otherParticipant: F, anonymous: L },
  /** Platform admins only. */
  platformAdmin: { ...all(F), admin: O, anonymous: L },
  /** Programme authors: platform admin and agency admins. */
  authors: { admin: O, agencyAdmin: O, operator: F, facilitator: F, participant: F, otherParticipant: F, anonymous: L },
  /** Reviewers: administrators and facilitators. */
  reviewers: { admin: O, agencyAdmin: O, operator: O, facilitator: O, participant: F, otherParticipant: F, anonymous: L },
  /** A person (user, enrolment, unit) administered by unit scope; participants and facilitators never use these pages. */
  scopedPerson: { admin: O, agencyAdmin: by(O, O, N), operator: by(O, N, N), facilitator: F, participant: F, otherParticipant: F, anonymous: L },
  /** A participant's own object (enrolment, attempt): only its owner; everyone else 404. */
  own: { admin: N, agencyAdmin: N, operator: N, facilitator: N, participant: by(O, N, N), otherParticipant: by(N, O, N), anonymous: L },
  /** A programme-owned object (inside: the KPU programme; foreign: the BKN programme): authors in scope. */
  authorObject: { admin: O, agencyAdmin: by(O, undefined, N), operator: F, facilitator: F, participant: F, otherParticipant: F, anonymous: L },
  /** A Jurnal (inside: NTT participant in cohort A; outside: Jawa Timur participant in cohort B): reviewers in scope. */
  reviewObject: { admin: O, agencyAdmin: by(O, O), operator: by(O, N), facilitator: by(O, N), participant: N, otherParticipant: N, anonymous: L },
} satisfies Record<string, Expectations>;

// ---------------------------------------------------------------------------------------------
// Rows.

export type Body =
  | { json: unknown }
  | { form: Record<string, string> }
  | { multipart: { field: string; filename: string; type: string; data: Buffer; fields?: Record<string, string> } };

/** What one request fills in: path parameters, query and body. */
export interface Probe {
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  body?: Body;
}
export type Fill = (w: MatrixWorld, role: Role) => Probe | Promise<Probe>;

export interface Row {
  /** 'METHOD /url' exactly as registered. */
  route: string;
  /** One probe for routes without scope, or one per scope the route can be probed in. */
  fill?: Fill | Partial<Record<Scope, Fill>>;
  expect: Expectations;
  /** The probe is fully valid: allowed answers must be < 400. */
  strict?: boolean;
  /** Further statuses that count as allowed for this route (e.g. 401 of a failed sign-in, 409 of an open attempt). */
  alsoOk?: number[];
  /** The route ends sessions: fresh sessions are opened for it and after it. */
  endsSessions?: boolean;
  /** No probe with a malformed body (the route takes no body, or the body names the object: a malformed one names none). */
  noBody?: boolean;
  note?: string;
}

export const row = (route: string, expect: Expectations, opts: Omit<Row, 'route' | 'expect'> = {}): Row => ({ route, expect, ...opts });

// ---------------------------------------------------------------------------------------------
// Running a row.

export type Via = 'cookie' | 'token';
export type ProbeKind = 'valid' | 'malformed-body' | 'head';

export interface Observation {
  route: string;
  role: Role;
  via: Via;
  scope: Scope | 'any';
  probe: ProbeKind;
  url: string;
  expected: Outcome;
  status: number;
  location?: string;
  pass: boolean;
  body: string;
}

export interface Leak {
  route: string;
  role: Role;
  via: Via;
  scope: Scope | 'any';
  url: string;
  status: number;
  person: string;
  text: string;
}

const SAFE = new Set(['GET', 'HEAD']);
const LENIENT = new Set([400, 409, 413, 415, 422]);

export const isApi = (url: string) => url.startsWith('/api/');
export const methodOf = (route: string) => route.slice(0, route.indexOf(' '));
export const urlOf = (route: string) => route.slice(route.indexOf(' ') + 1);

export function classify(method: string, status: number, location: string | undefined, r: Pick<Row, 'strict' | 'alsoOk'>): Outcome | `other ${number}` {
  if (status === 401 || (status >= 300 && status < 400 && location?.startsWith('/login'))) return r.alsoOk?.includes(status) ? O : L;
  if (r.alsoOk?.includes(status)) return O;
  if (status < 400) return O;
  if (!SAFE.has(method) && !r.strict && LENIENT.has(status)) return status === 400 ? 400 : O;
  if (status === 403 || status === 404 || status === 400) return status;
  return `other ${status}`;
}

/** Whether the answer matches the expected outcome ('ok' also accepts a lenient 400 on state-changing routes). */
export function matches(method: string, status: number, location: string | undefined, r: Pick<Row, 'strict' | 'alsoOk'>, expected: Outcome): boolean {
  const got = classify(method, status, location, r);
  if (got === expected) return true;
  return expected === O && got === 400 && !SAFE.has(method) && !r.strict;
}

export function expectationFor(r: Row, role: Role, scope: Scope | 'any'): Outcome {
  const e = r.expect[role];
  if (typeof e !== 'object') return e;
  const o = scope === 'any' ? undefined : e[scope];
  if (o === undefined) throw new Error(`${r.route}: no expectation for ${role} in scope ${scope}`);
  return o;
}

export function scopesOf(r: Row): [Scope | 'any', Fill][] {
  if (r.fill === undefined) return [['any', () => ({})]];
  if (typeof r.fill === 'function') return [['any', r.fill]];
  return Object.entries(r.fill) as [Scope, Fill][];
}

function multipartBody(m: Extract<Body, { multipart: unknown }>['multipart']) {
  return multipartOf(m.fields ?? {}, [{ field: m.field, filename: m.filename, type: m.type, data: m.data }]);
}

/** The text a response carries (XLSX unpacked), for the leak check. */
export function readable(body: Buffer, type: string): string {
  if (/spreadsheetml|zip/.test(type) || (body[0] === 0x50 && body[1] === 0x4b)) {
    try {
      const files = unzipSync(new Uint8Array(body));
      return Object.entries(files)
        .filter(([name]) => name.endsWith('.xml') || name.endsWith('.csv') || name.endsWith('.json') || name.endsWith('.md'))
        .map(([, data]) => strFromU8(data))
        .join('\n');
    } catch {
      return body.toString('latin1');
    }
  }
  return body.toString('utf8');
}

/** Sessions per role, reopened after a route that ends sessions. */
export class Sessions {
  private cache = new Map<SignedInRole, Promise<{ cookie: string; csrf: string }>>();
  constructor(private readonly w: MatrixWorld) {}
  get(role: SignedInRole, fresh = false) {
    if (fresh) return this.w.openSession(role);
    let s = this.cache.get(role);
    if (!s) this.cache.set(role, (s = this.w.openSession(role)));
    return s;
  }
  reset() {
    this.cache.clear();
  }
}

/** Sends every probe of a row as every role; returns what each got and any personal data seen outside the scope. */
export async function runRow(w: MatrixWorld, sessions: Sessions, r: Row): Promise<{ observations: Observation[]; leaks: Leak[] }> {
  const method = methodOf(r.route);
  const template = urlOf(r.route);
  const api = isApi(template);
  const observations: Observation[] = [];
  const leaks: Leak[] = [];
  const variants: [Role, Via][] = ROLES.map((role) => [role, 'cookie']);
  if (api) variants.push(['admin', 'token'], ['operator', 'token']);

  for (const [scope, fill] of scopesOf(r)) {
    for (const [role, via] of variants) {
      const expected = expectationFor(r, role, scope);
      const kinds: ProbeKind[] = ['valid'];
      if (method === 'GET') kinds.push('head');
      // Authorisation comes before validation: a refused role gets the same answer with a malformed body.
      if (!SAFE.has(method) && !r.noBody && expected !== O) kinds.push('malformed-body');
      for (const kind of kinds) {
        const probe = await fill(w, role);
        const path = template.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
          const v = probe.params?.[name];
          if (v === undefined) throw new Error(`${r.route}: no value for :${name}`);
          return encodeURIComponent(String(v));
        });
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(probe.query ?? {})) query.set(k, String(v));
        const headers: Record<string, string> = { accept: api ? 'application/json' : 'text/html', 'user-agent': `lentera-matrix/${role}/${via}` };
        let csrf = '';
        if (role === 'anonymous') {
          const a = w.anonymousCsrf();
          headers.cookie = a.cookie;
          csrf = a.csrf;
        } else if (via === 'token') {
          headers.authorization = `Bearer ${w.tokens[role as 'admin' | 'operator']}`;
        } else {
          const s = await sessions.get(role, r.endsSessions);
          headers.cookie = s.cookie;
          csrf = s.csrf;
        }
        let payload: string | Buffer | undefined;
        const sendMethod = kind === 'head' ? 'HEAD' : method;
        if (!SAFE.has(method)) {
          let body: Body = probe.body ?? (api ? { json: {} } : { form: {} });
          if (kind === 'malformed-body') {
            body =
              'multipart' in body
                ? { multipart: { field: 'bukan_berkas', filename: 'rusak.bin', type: 'application/octet-stream', data: Buffer.from('\u0000rusak') } }
                : api
                  ? { json: ['not', 'an', 'object'] }
                  : { form: { unexpected: '\u0000' } };
          }
          if ('json' in body) {
            headers['content-type'] = 'application/json';
            payload = JSON.stringify(body.json);
          } else if ('form' in body) {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            payload = new URLSearchParams({ _csrf: csrf, ...body.form }).toString();
          } else {
            const m = multipartBody(body.multipart);
            headers['content-type'] = m.type;
            payload = m.payload;
            if (via === 'cookie') query.set('_csrf', csrf);
          }
          if (api && method === 'DELETE' && probe.body === undefined) payload = '';
        }
        const qs = query.toString();
        const url = qs ? `${path}?${qs}` : path;
        const res = await w.p.app.inject({ method: sendMethod as 'GET', url, headers, payload });
        const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
        const pass = matches(sendMethod === 'HEAD' ? 'GET' : method, res.statusCode, location, r, expected);
        observations.push({ route: r.route, role, via, scope, probe: kind, url, expected, status: res.statusCode, location, pass, body: res.body.slice(0, 300) });
        if (sendMethod !== 'HEAD') {
          const text = readable(res.rawPayload, String(res.headers['content-type'] ?? ''));
          // What the caller sent itself (an NIP in an uploaded file) is an echo, not a leak.
          const sent = `${url}\n${payload === undefined ? '' : payload.toString()}`;
          for (const s of w.secrets[role]) if (text.includes(s.text) && !sent.includes(s.text)) leaks.push({ route: r.route, role, via, scope, url, status: res.statusCode, person: s.who, text: s.text });
        }
      }
    }
  }
  if (r.endsSessions) sessions.reset();
  return { observations, leaks };
}

// ---------------------------------------------------------------------------------------------
// Known deviations: real problems found by the matrix, recorded so that the suite stays useful while
// they are being fixed. An entry that no longer happens fails the suite, so it is removed with the fix.

export interface KnownDeviation {
  route: string;
  /** Roles (and vias, 'operator/token') the deviation applies to; '*' for every refused one. */
  who: '*' | string[];
  scopes?: (Scope | 'any')[];
  probe: ProbeKind;
  /** What the route answers instead of the expected outcome. */
  status: number;
  why: string;
}

/** Personal data or foreign objects a route is known to show outside the scope (same life cycle as KnownDeviation). */
export interface KnownLeak {
  route: string;
  who: string[];
  /** The `who` of the secret (a login, or 'programme BKN-ORIENTASI'). */
  secret: string;
  scopes?: (Scope | 'any')[];
  why: string;
}

export const knownLeakFor = (known: KnownLeak[], l: Leak) =>
  known.find((k) => k.route === l.route && k.secret === l.person && k.who.includes(l.via === 'token' ? `${l.role}/token` : l.role) && (!k.scopes || k.scopes.includes(l.scope)));

export const describeObservation = (o: Observation) =>
  `${o.route} · ${o.role}${o.via === 'token' ? '/token' : ''} · ${o.scope} · ${o.probe}: expected ${o.expected}, got ${o.status}${o.location ? ` → ${o.location}` : ''} (${o.url}) ${o.body.replace(/\s+/g, ' ').slice(0, 160)}`;

export function knownFor(known: KnownDeviation[], o: Observation): KnownDeviation | undefined {
  return known.find(
    (k) =>
      k.route === o.route &&
      k.probe === o.probe &&
      k.status === o.status &&
      (k.who === '*' || k.who.includes(o.via === 'token' ? `${o.role}/token` : o.role)) &&
      (!k.scopes || k.scopes.includes(o.scope)),
  );
}
