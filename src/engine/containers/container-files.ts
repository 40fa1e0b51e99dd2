// The files a container gets besides its image: /etc/hostname, /etc/hosts, /etc/resolv.conf. Planned here, written
// once at create.
import { readFile, writeFile } from 'node:fs/promises';

export function hostsFile(hostname: string): string {
  return [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    `127.0.1.1\t${hostname}`,
    '',
  ].join('\n');
}

/** The host's resolv.conf without loopback resolvers (unreachable from a container's own network namespace). */
export function containerResolvConf(host: string, keepLoopback: boolean): string {
  const lines = host.split('\n').filter((l) => keepLoopback || !/^\s*nameserver\s+(127\.|::1\b)/.test(l));
  if (!lines.some((l) => /^\s*nameserver\s/.test(l))) lines.push('nameserver 8.8.8.8', 'nameserver 8.8.4.4');
  return lines.join('\n').replace(/\n*$/, '\n');
}

export async function writeContainerFiles(dir: string, hostname: string, hostNetwork: boolean): Promise<void> {
  const hostResolv = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  const hosts = hostNetwork ? await readFile('/etc/hosts', 'utf8').catch(() => hostsFile(hostname)) : hostsFile(hostname);
  await Promise.all([
    writeFile(`${dir}/hostname`, `${hostname}\n`),
    writeFile(`${dir}/hosts`, hosts),
    writeFile(`${dir}/resolv.conf`, containerResolvConf(hostResolv, hostNetwork)),
  ]);
}
