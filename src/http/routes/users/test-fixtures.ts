// Test fixtures shared by the administration suites: the demo data plus accounts in another province
// (KPU Provinsi Jawa Timur, unit '35') that NTT's operator must never see.
import { DEMO_PASSWORD, TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo } from '../../../services/demo.js';
import { loadPrincipal } from '../../../services/auth.js';
import { provisionUser } from '../../../services/users.js';
import type { Role } from '../../../db/schema.js';

export const JATIM = {
  participant: { nip: '199203152025212003', name: 'Siti Rahmawati Jatim', unitCode: '35' },
  operator: { login: 'operator.jatim', name: 'Operator KPU Provinsi Jawa Timur', unitCode: '35' },
};

export interface AdminWorld {
  adminId: number;
  operatorId: number;
  participantId: number;
  jatimParticipantId: number;
  jatimOperatorId: number;
  /** A second operator of KPU Provinsi NTT (a peer of operator.ntt). */
  nttPeerOperatorId: number;
  /** A facilitator in KPU Kota Kupang. */
  facilitatorId: number;
}

/** Creates an account through the service (as the platform admin) that can sign in with DEMO_PASSWORD right away. */
export async function provisionReady(p: TestPlatform, input: { nip?: string; login?: string; name: string; unitCode: string; role?: Role }): Promise<number> {
  const admin = (await p.ctx.repos.users.findByLogin('admin'))!;
  const principal = await loadPrincipal(p.ctx, admin.id);
  const res = await provisionUser(p.ctx, { userId: admin.id, ip: 'fixture', principal }, { ...input, password: DEMO_PASSWORD });
  await p.ctx.repos.users.update(res.user.id, { must_change_password: 0 });
  return res.user.id;
}

export async function loadAdminWorld(p: TestPlatform): Promise<AdminWorld> {
  await loadDemo(p.ctx, DEMO_PASSWORD);
  const id = async (login: string) => (await p.ctx.repos.users.findByLogin(login))!.id;
  return {
    adminId: await id('admin'),
    operatorId: await id('operator.ntt'),
    participantId: await id('199001012024211001'),
    jatimParticipantId: await provisionReady(p, { ...JATIM.participant }),
    jatimOperatorId: await provisionReady(p, { ...JATIM.operator, role: 'unit_operator' }),
    nttPeerOperatorId: await provisionReady(p, { login: 'operator2.ntt', name: 'Operator Kedua NTT', unitCode: '53', role: 'unit_operator' }),
    facilitatorId: await provisionReady(p, { login: 'fasilitator.kupang', name: 'Fasilitator Kupang', unitCode: '5371', role: 'facilitator' }),
  };
}

export type Who = 'admin' | 'operator' | 'participant' | 'facilitator' | 'jatimOperator' | 'anonymous';
const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'admin',
  operator: 'operator.ntt',
  participant: '199001012024211001',
  facilitator: 'fasilitator.kupang',
  jatimOperator: 'operator.jatim',
};

/** A signed-in browser-like client (anonymous: not signed in). */
export async function clientFor(p: TestPlatform, who: Who): Promise<TestClient> {
  const c = new TestClient(p, { 'user-agent': `lentera-test/${who}` });
  if (who !== 'anonymous') await c.login(LOGINS[who], DEMO_PASSWORD);
  return c;
}

/** Several signed-in clients at once, in the order asked for. */
export async function clientsFor<const T extends readonly Who[]>(p: TestPlatform, whos: T): Promise<{ -readonly [K in keyof T]: TestClient }> {
  return (await Promise.all(whos.map((w) => clientFor(p, w)))) as unknown as { -readonly [K in keyof T]: TestClient };
}
