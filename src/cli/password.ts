// The password of commands that take --password or --password-stdin (repo add, registry login).

export interface PasswordFlags {
  password?: string;
  passwordStdin?: boolean;
}

/** The password given, from stdin (without its final line break) with --password-stdin. */
export async function passwordFrom(flags: PasswordFlags): Promise<string | undefined> {
  if (!flags.passwordStdin) return flags.password;
  if (flags.password !== undefined) throw new Error('--password and --password-stdin are mutually exclusive');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
