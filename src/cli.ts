// The `lentera` command: serve, migrate, demo, seed, user:create-admin.
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createPlatform } from './server.js';
import { loadDemo, DEMO } from './services/demo.js';
import { seedParticipants } from './services/seed.js';
import { createPlatformAdmin } from './services/users.js';
import { checkPassword } from './domain/password-policy.js';

const USAGE = `Usage: lentera <command> [options]

Commands:
  serve [--demo-if-empty]                 start the HTTP server (migrates first)
  migrate                                 bring the database schema up to date
  demo --password <P>                     load the demo organisation, programme and accounts (idempotent)
  seed --participants <N> --password <P>  add N deterministic synthetic participants (benchmarks)
  user:create-admin --login <L> --name <N> [--email <E>] --password <P> [--must-change]
                                          create (or reset) a platform admin

Configuration comes from environment variables (see README): PORT, DATABASE_URL, PUBLIC_URL,
SESSION_SECRET, SMTP_URL, LOG_LEVEL, LOGIN_* throttling limits, RATE_LIMIT_PER_MINUTE, FILES_DIR,
CERT_SIGNING_P12, CERT_SIGNING_PASSPHRASE, CERT_SIGNING_DIR, CERT_RENDER_WORKERS, VERIFY_RATE_LIMIT_PER_MINUTE.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function requirePassword(value: string | undefined, flag = '--password'): string {
  if (!value) fail(`${flag} is required`);
  const res = checkPassword(value, {});
  if (!res.ok) fail(`${flag} is rejected by the password policy: ${res.reasons.join(', ')}`);
  return value;
}

/** A readable generated password for the demo accounts, printed on the console. */
function generateDemoPassword(): string {
  return `Lentera-${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'demo-if-empty': { type: 'boolean' } } });
      const platform = await createPlatform(config);
      const { ctx, app } = platform;
      if (values['demo-if-empty'] && config.database.kind === 'sqlite' && (await ctx.repos.users.count()) === 0) {
        const password = process.env.LENTERA_DEMO_PASSWORD || generateDemoPassword();
        await loadDemo(ctx, password);
        console.log(
          `\n  Demo data loaded. Sign in at ${config.publicUrl}/login with password: ${password}\n` +
            `    ${DEMO.admin.login.padEnd(20)} platform admin\n` +
            `    ${DEMO.operator.login.padEnd(20)} operator of KPU Provinsi NTT and below\n` +
            `    ${DEMO.participant.nip.padEnd(20)} participant in KPU Kota Kupang (NI PPPK)\n`,
        );
      }
      const shutdown = async (signal: string) => {
        ctx.log.info({ signal }, 'shutting down');
        await platform.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: config.PORT, host: config.HOST });
      if (config.JOB_WORKERS > 0) ctx.jobs.start({ workers: config.JOB_WORKERS, pollMs: 1000 }); // JOB_WORKERS=0: this instance runs no jobs
      console.log(`Lentera is serving on ${config.publicUrl} (database: ${ctx.db.kind})`);
      return;
    }
    case 'migrate': {
      const platform = await createPlatform(config);
      console.log(`Database is up to date (${platform.ctx.db.kind}).`);
      await platform.close();
      return;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { password: { type: 'string' } } });
      const password = requirePassword(values.password);
      const platform = await createPlatform(config);
      const res = await loadDemo(platform.ctx, password);
      console.log(`Demo data loaded. Logins (password as given): ${res.logins.join(', ')}`);
      await platform.close();
      return;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { participants: { type: 'string' }, password: { type: 'string' } } });
      const n = Number(values.participants);
      if (!Number.isInteger(n) || n < 1 || n > 5_000_000) fail('--participants must be a whole number from 1 to 5000000');
      const password = requirePassword(values.password);
      const platform = await createPlatform(config);
      const started = Date.now();
      const res = await seedParticipants(platform.ctx, { participants: n, password });
      console.log(`Seeded ${res.created} new participants (of ${n}) into cohort ${res.cohortId} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      await platform.close();
      return;
    }
    case 'user:create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: { login: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, 'must-change': { type: 'boolean' } },
      });
      if (!values.login) fail('--login is required');
      const password = requirePassword(values.password);
      const platform = await createPlatform(config);
      const id = await createPlatformAdmin(platform.ctx, { login: values.login, name: values.name ?? values.login, email: values.email ?? null, password, mustChangePassword: !!values['must-change'] });
      console.log(`Platform admin ${values.login} (id ${id}) is ready.`);
      await platform.close();
      return;
    }
    default:
      fail(`Unknown command: ${command}\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
