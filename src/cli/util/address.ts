import addressparser from 'nodemailer/lib/addressparser';

/** The bare address of `"Name" <a@b.c>` or `a@b.c`; undefined when there is none. */
export function addressOf(input: string): string | undefined {
  const [first] = addressparser(input, { flatten: true });
  return first?.address || undefined;
}
