// The docker CLI's `X-Registry-Auth` header (base64url JSON of an AuthConfig) and `POST /auth` bodies, read into
// credentials. Never logged.

/** The engine's registry credentials (same shape as registry/auth.ts's RegistryCredentials). */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  identityToken?: string;
  registryToken?: string;
}

export interface AuthConfig {
  username?: string;
  password?: string;
  auth?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export function credentialsFrom(a: AuthConfig | undefined): RegistryCredentials | undefined {
  if (!a) return undefined;
  let { username, password } = a;
  if ((!username || password === undefined) && a.auth) {
    const text = Buffer.from(a.auth, 'base64').toString('utf8');
    const i = text.indexOf(':');
    if (i > 0) {
      username = text.slice(0, i);
      password = text.slice(i + 1);
    }
  }
  const out: RegistryCredentials = {};
  if (username) out.username = username;
  if (password !== undefined && password !== '') out.password = password;
  if (a.identitytoken) out.identityToken = a.identitytoken;
  if (a.registrytoken) out.registryToken = a.registrytoken;
  return Object.keys(out).length ? out : undefined;
}

/** Decodes the header; a malformed one counts as no credentials (docker ignores it likewise). */
export function registryAuthHeader(value: string | string[] | undefined): RegistryCredentials | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  try {
    const json = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return credentialsFrom(JSON.parse(json) as AuthConfig);
  } catch {
    return undefined;
  }
}

/** `https://index.docker.io/v1/`, `127.0.0.1:5000`, `http://h:1/` -> the registry domain. */
export function registryDomain(serverAddress: string | undefined): string {
  const s = (serverAddress ?? '').trim();
  if (!s) return 'docker.io';
  const host = s.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  if (host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'docker.io') return 'docker.io';
  return host;
}
