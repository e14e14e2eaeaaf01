/**
 * A cheap first look at a message's raw header block, before it is downloaded whole: could it be a
 * bounce? True for reports, mail from a mail system (MAILER-DAEMON, postmaster), X-Failed-Recipients and
 * failure subjects. `parseBounce` decides; this only keeps ordinary mail from being downloaded and parsed.
 */
export function mayBeBounce(headers: Buffer | string): boolean {
  const text = (typeof headers === 'string' ? headers : headers.toString('latin1')).replace(
    /\r?\n[ \t]+/g,
    ' ',
  );
  const block = text.split(/\r?\n\r?\n/)[0] ?? '';
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block)?.[1] ?? '';
  if (/multipart\/report/i.test(field('content-type'))) return true;
  if (field('x-failed-recipients')) return true;
  if (/(^|[<\s"])(mailer-daemon|mailerdaemon|mail-daemon|postmaster|mdaemon)@/i.test(field('from')))
    return true;
  return /undeliver|delivery (status|failure|failed)|returned mail|failure notice|mail delivery failed/i.test(
    field('subject'),
  );
}
