// Docker image references: parse, normalise (`busybox` -> `docker.io/library/busybox:latest`) and shorten back
// to the familiar form users see (`busybox:latest`). Pure.
import { invalidReferenceFormat } from '../errors.js';

export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';

export interface Reference {
  /** Registry host (with port), e.g. `docker.io`, `127.0.0.1:5000`. */
  domain: string;
  /** Repository path, e.g. `library/busybox`. */
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$|^\[[a-fA-F0-9:]+\](?::[0-9]+)?$/;

/** Parses and normalises; a missing tag becomes `latest` unless a digest is given. */
export function parseReference(input: string): Reference {
  if (input === '' || input.length > 255 + 128 + 72) throw invalidReferenceFormat(input);
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalidReferenceFormat(input);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalidReferenceFormat(input);
  }
  const parts = rest.split('/');
  let domain = DEFAULT_DOMAIN;
  if (parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost' || /[A-Z]/.test(parts[0]!))) {
    domain = parts.shift()!;
    if (!DOMAIN.test(domain)) throw invalidReferenceFormat(input);
  }
  if (parts.length === 0 || parts.some((p) => p === '')) throw invalidReferenceFormat(input);
  const path = parts.join('/');
  if (path !== path.toLowerCase() && parts.every((p) => COMPONENT.test(p.toLowerCase()))) {
    throw invalidReferenceFormat(input, `repository name (${domain === DEFAULT_DOMAIN && parts.length === 1 ? `library/${path}` : path}) must be lowercase`);
  }
  if (!parts.every((p) => COMPONENT.test(p))) throw invalidReferenceFormat(input);
  const fullPath = domain === DEFAULT_DOMAIN && parts.length === 1 ? `library/${path}` : path;
  if (tag === undefined && digest === undefined) tag = DEFAULT_TAG;
  return { domain, path: fullPath, tag, digest };
}

/** `docker.io/library/busybox` */
export function repositoryName(ref: Reference): string {
  return `${ref.domain}/${ref.path}`;
}

/** Fully-qualified string: `docker.io/library/busybox:latest` or `…@sha256:…`. */
export function formatReference(ref: Reference): string {
  let s = repositoryName(ref);
  if (ref.tag !== undefined) s += `:${ref.tag}`;
  if (ref.digest !== undefined) s += `@${ref.digest}`;
  return s;
}

/** The familiar form: drops `docker.io/` and `library/` (`busybox:latest`, `team/app:1`, `127.0.0.1:5000/a:1`). */
export function familiarName(full: string): string {
  let s = full;
  if (s.startsWith(`${DEFAULT_DOMAIN}/`)) {
    s = s.slice(DEFAULT_DOMAIN.length + 1);
    if (s.startsWith('library/') && !s.slice(8).includes('/')) s = s.slice(8);
  }
  return s;
}

/**
 * How docker names a reference it could not find (moby's `TagNameOnly` + `FamiliarString`): a bare name gets
 * `:latest` (`nope` -> `nope:latest`), a full ID stays as given, an unparsable input is returned unchanged.
 */
export function familiarTagged(input: string): string {
  if (/^sha256:[a-f0-9]{64}$/.test(input)) return input;
  try {
    return familiarName(formatReference(parseReference(input)));
  } catch {
    return input;
  }
}

/** `repo` + optional `tag` as the tag API passes them. */
export function parseRepoTag(repo: string, tag: string | undefined): Reference {
  const ref = parseReference(tag ? `${repo}:${tag}` : repo);
  if (ref.digest !== undefined) throw invalidReferenceFormat(repo, 'refusing to create a tag with a digest reference');
  return ref;
}
