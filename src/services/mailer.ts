import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}
export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Mails written to the log (no SMTP configured); kept for tests and the demo. */
  readonly outbox: Mail[];
}

/** Sends through SMTP_URL; without it, writes each email to the log so a developer can follow the link. */
export function createMailer(opts: { smtpUrl?: string; from: string; log: Pick<FastifyBaseLogger, 'info' | 'error'> }): Mailer {
  const outbox: Mail[] = [];
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  return {
    outbox,
    async send(mail) {
      if (!transport) {
        outbox.push(mail);
        if (outbox.length > 100) outbox.shift();
        opts.log.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, `email (no SMTP_URL configured) to ${mail.to}: ${mail.subject}\n${mail.text}`);
        return;
      }
      await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
