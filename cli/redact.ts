// Secrets in connection URLs must never reach the terminal: every message the CLI prints passes here.

const registered = new Set<string>();

/** postgres://user:secret@host/db -> postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const key of ["password", "sslpassword"])
      if (u.searchParams.has(key)) u.searchParams.set(key, "***");
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
  }
}

/** Remembers the secrets of a URL so redact() also hides them where they appear on their own. */
export function registerSecretsOf(url: string): void {
  try {
    const u = new URL(url);
    if (u.password) {
      registered.add(u.password);
      registered.add(decodeURIComponent(u.password));
    }
    for (const key of ["password", "sslpassword"]) {
      const v = u.searchParams.get(key);
      if (v) registered.add(v);
    }
  } catch {
    // not a URL: nothing to remember
  }
}

/** Hides URL passwords and every registered secret in free text. */
export function redact(text: string): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]*@/g, "$1***@");
  for (const secret of registered) if (secret.length >= 3) out = out.split(secret).join("***");
  return out;
}
