import { isTransient } from '../../../src/infrastructure/port-error';
import { InvalidRecipient, NotificationFailed } from '../../../src/infrastructure/notifications/notifier';
import { classifySmtpError } from '../../../src/infrastructure/notifications/smtp-notifier';

/** Shaped as nodemailer's errors are. */
const smtpError = (fields: { code?: string; command?: string; responseCode?: number; message?: string }) =>
  Object.assign(new Error(fields.message ?? 'smtp error'), fields);

describe('classifySmtpError', () => {
  it.each([
    ['a 550 to RCPT TO', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 }],
    ['a 553 to RCPT TO', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 553 }],
    ['an address nodemailer cannot use', { code: 'EENVELOPE', command: 'API', message: 'Invalid recipient "a@"' }],
  ])('makes %s a permanent InvalidRecipient', (_case, fields) => {
    const error = classifySmtpError(smtpError(fields), 'ada@example.com');
    expect(error).toBeInstanceOf(InvalidRecipient);
    expect(isTransient(error)).toBe(false);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it.each([
    ['a 450 to RCPT TO', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 450 }],
    ['a 503 to RCPT TO (session out of step)', { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 503 }],
    ['a refused connection', { code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1' }],
    ['a timeout', { code: 'ETIMEDOUT', command: 'CONN' }],
    ['a 421 closing the session', { code: 'EPROTOCOL', command: 'MAIL FROM', responseCode: 421 }],
    ['a refused login', { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535 }],
    ['a refused sender', { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 550 }],
    ['a refused message body', { code: 'EMESSAGE', command: 'DATA', responseCode: 554 }],
  ])('makes %s a transient NotificationFailed', (_case, fields) => {
    const error = classifySmtpError(smtpError(fields), 'ada@example.com');
    expect(error).toBeInstanceOf(NotificationFailed);
    expect(error).toMatchObject({ details: { smtpCode: fields.code } });
    expect(isTransient(error)).toBe(true);
  });

  it('copes with something that is not an Error', () => {
    expect(classifySmtpError('boom', 'ada@example.com')).toBeInstanceOf(NotificationFailed);
  });
});
