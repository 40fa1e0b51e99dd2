// The classic builder (`POST /build`): context -> Dockerfile -> stages -> one image per step, each looked up in
// the layer cache first. RUN runs in a container made by the container service (same runc/conmon path as
// `docker run`), whose upper dir becomes the step's layer; COPY/ADD stage their files in a directory that becomes
// the layer; the other instructions only change the config. Docker's message stream throughout.
import { mkdtemp, rm, lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { arch } from 'node:os';
import type { Paths } from '../config/config.js';
import type { Logger } from '../log.js';
import type { ImageService } from '../engine/images/image-service.js';
import type { ContainerService } from '../engine/containers/container-service.js';
import type { RegistryService } from '../engine/images/registry-service.js';
import type { BuildOutput, BuildRequest } from '../engine/backend.js';
import { unpackAndStore } from '../engine/images/layer-blob.js';
import { packDir } from '../layers/pack-dir.js';
import type { ImageConfig } from '../image/image-config.js';
import { BerthError, invalidArgument, isNotFound } from '../errors.js';
import { formatReference, familiarName, parseRepoTag, parseReference } from '../reference/reference.js';
import { parseDockerfile, parseError, type Instruction } from './dockerfile/parser.js';
import { processWord, processWords, envMap } from './dockerfile/shell-lex.js';
import { receiveContext, ContextError } from './context.js';
import { applyConfigInstruction, commandOf, DEFAULT_SHELL } from './config-instructions.js';
import { BuildCache, cacheKey } from './build-cache.js';
import { resolveSources, hashSources, stageCopy, matchExistingDirs, download, type CopySource } from './copy.js';
import { runStep } from './run-step.js';
import { parsePasswd, parseGroup } from '../runtime/spec/user.js';

export interface BuilderDeps {
  paths: Paths;
  log: Logger;
  images: ImageService;
  containers: ContainerService;
  registry?: RegistryService;
}

const PROXY_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
/** Flags the parser knows but only BuildKit implements: the classic builder refuses them, as dockerd's does. */
const BUILDKIT_ONLY: Record<string, string[]> = {
  run: ['mount', 'network', 'security'],
  copy: ['link', 'parents', 'exclude'],
  add: ['link', 'checksum', 'keep-git-dir', 'exclude'],
};
const CONFIG_ONLY = ['cmd', 'entrypoint', 'env', 'label', 'expose', 'workdir', 'user', 'volume', 'stopsignal', 'shell', 'onbuild', 'healthcheck', 'maintainer'];

interface Stage {
  name: string | undefined;
  index: number;
  /** Current image: undefined for `FROM scratch` before the first step. */
  imageId: string | undefined;
  config: ImageConfig;
  /** ARGs declared in this stage and their values (those without a value are absent). */
  args: Map<string, string>;
  cmdSet: boolean;
}

interface Run {
  req: BuildRequest;
  out: BuildOutput;
  contextDir: string;
  contextHashes: Map<string, string>;
  escape: string;
  buildArgs: Map<string, string | null>;
  usedArgs: Set<string>;
  /** Removals of intermediate containers still in flight. */
  pending: Array<Promise<unknown>>;
  metaArgs: Map<string, string>;
  stages: Stage[];
  step: number;
  total: number;
}

export class Builder {
  readonly cache: BuildCache;

  constructor(readonly deps: BuilderDeps) {
    this.cache = new BuildCache(join(deps.paths.metadata, 'build-cache.json'));
  }

  async init(): Promise<void> {
    await this.cache.init();
    await this.#removeLeftovers();
  }

  /** Work dirs of builds a crash interrupted: a `from-` view may still be mounted (lazily unmounted first). */
  async #removeLeftovers(): Promise<void> {
    const tmp = this.deps.paths.tmp;
    const names = await readdir(tmp).catch(() => [] as string[]);
    for (const n of names) {
      if (!/^(build|copy|from)-/.test(n)) continue;
      if (n.startsWith('from-')) {
        const { umount, MNT_DETACH } = await import('../common/syscalls.js');
        try {
          umount(join(tmp, n), MNT_DETACH);
        } catch {
          // not mounted
        }
      }
      await rm(join(tmp, n), { recursive: true, force: true }).catch((err: unknown) => this.deps.log.warn('removing a build leftover failed', { dir: n, err }));
    }
  }

  /** Runs a build; returns the final image ID. Errors after the first message are the caller's to report in-band. */
  async build(req: BuildRequest, out: BuildOutput): Promise<string> {
    const tags = req.tags.map((t) => {
      try {
        return formatReference(parseRepoTag(t, undefined));
      } catch {
        throw invalidArgument(`invalid reference format: ${t}`);
      }
    });
    const tmp = await mkdtemp(join(this.deps.paths.tmp, 'build-'));
    const pending: Array<Promise<unknown>> = [];
    try {
      let ctx;
      try {
        ctx = await receiveContext(req.body, join(tmp, 'context'), req.dockerfile || 'Dockerfile');
      } catch (err) {
        if (err instanceof ContextError) throw invalidArgument(err.message);
        throw err;
      }
      const df = parseDockerfile(ctx.dockerfile);
      const labels = Object.entries(req.labels);
      if (labels.length) {
        const text = `LABEL ${labels.map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`).join(' ')}`;
        df.instructions.push({ cmd: 'label', original: text, line: 0, flags: {}, args: labels.map(([k, v]) => `${JSON.stringify(k)}=${JSON.stringify(v)}`).join(' '), json: undefined });
      }
      if (df.instructions.length === 0) throw invalidArgument(`the Dockerfile (${req.dockerfile || 'Dockerfile'}) cannot be empty`);
      let firstFrom = df.instructions.findIndex((i) => i.cmd === 'from');
      if (firstFrom < 0) firstFrom = df.instructions.length;
      for (const i of df.instructions.slice(0, firstFrom)) {
        if (i.cmd !== 'arg') throw parseError(i.line, 'no build stage in current context');
      }
      // Stages up to the target.
      const stagesText: Instruction[][] = [];
      for (const i of df.instructions.slice(firstFrom)) {
        if (i.cmd === 'from') stagesText.push([]);
        stagesText[stagesText.length - 1]!.push(i);
      }
      if (stagesText.length === 0) throw invalidArgument('no build stage in current context');
      let last = stagesText.length - 1;
      if (req.target) {
        last = stagesText.findIndex((s) => stageName(s[0]!)?.toLowerCase() === req.target!.toLowerCase());
        if (last < 0) throw invalidArgument(`failed to reach build target ${req.target} in Dockerfile`);
      }
      const run: Run = {
        req,
        out,
        contextDir: ctx.dir,
        contextHashes: ctx.fileHashes,
        escape: df.escape,
        buildArgs: new Map(Object.entries(req.buildArgs)),
        usedArgs: new Set(),
        pending,
        metaArgs: new Map(),
        stages: [],
        step: 0,
        total: firstFrom + stagesText.slice(0, last + 1).reduce((n, s) => n + s.length, 0),
      };
      for (const i of df.instructions.slice(0, firstFrom)) {
        this.#stepHeader(run, i);
        this.#declareArg(run, i, run.metaArgs, run.metaArgs);
      }
      let stage: Stage | undefined;
      for (let s = 0; s <= last; s++) {
        for (const i of stagesText[s]!) {
          this.#stepHeader(run, i);
          if (i.cmd === 'from') {
            stage = await this.#from(run, i, s);
            run.stages.push(stage);
          } else await this.#dispatch(run, stage!, i);
        }
      }
      const final = stage!;
      if (!final.imageId) final.imageId = await this.#commit(final, undefined, '', false);
      const unused = [...run.buildArgs.keys()].filter((k) => !run.usedArgs.has(k) && !PROXY_ARGS.includes(k));
      if (unused.length) this.#say(run, `[Warning] One or more build-args [${unused.sort().join(' ')}] were not consumed\n`);
      const id = final.imageId;
      await Promise.all(pending);
      out.aux({ ID: id });
      // quiet (q=1): the ID is the whole output, as a stream line (what the docker CLI prints for `build -q`)
      if (run.req.quiet) out.stream(`${id}\n`);
      this.#say(run, `Successfully built ${id.slice(7, 19)}\n`);
      if (tags.some((t) => this.deps.images.records.lookupName(t) !== id)) {
        await this.deps.images.records.update((doc) => {
          const now = new Date().toISOString();
          for (const t of tags) doc.names[t] = id;
          const cur = doc.images[id];
          if (cur) doc.images[id] = { ...cur, lastTagTime: now };
        });
      }
      for (const t of tags) this.#say(run, `Successfully tagged ${familiarName(t)}\n`);
      return id;
    } finally {
      await Promise.all(pending);
      await rm(tmp, { recursive: true, force: true }).catch(() => {});
    }
  }

  #say(run: Run, text: string): void {
    if (!run.req.quiet) run.out.stream(text);
  }

  #stepHeader(run: Run, i: Instruction): void {
    run.step++;
    this.#say(run, `Step ${run.step}/${run.total} : ${i.original}\n`);
  }

  /** ARG name[=default]: the --build-arg value wins, then the default, then (in a stage) the global ARG's value. */
  #declareArg(run: Run, i: Instruction, into: Map<string, string>, env: ReadonlyMap<string, string>, meta?: ReadonlyMap<string, string>): void {
    const words = processWords(i.args, new Map(), run.escape);
    if (words.length === 0) throw invalidArgument('ARG requires exactly one argument');
    for (const w of i.args.trim() === '' ? [] : splitArgs(i.args)) {
      const at = w.indexOf('=');
      const name = at < 0 ? w : w.slice(0, at);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalidArgument(`ARG names can not be blank`);
      run.usedArgs.add(name);
      const given = run.buildArgs.get(name);
      if (given !== undefined && given !== null) into.set(name, given);
      else if (at >= 0) into.set(name, processWord(w.slice(at + 1), env, run.escape));
      else if (meta?.has(name)) into.set(name, meta.get(name)!);
    }
  }

  async #from(run: Run, i: Instruction, index: number): Promise<Stage> {
    const m = /^(\S+)(?:\s+[Aa][Ss]\s+(\S+))?\s*$/.exec(i.args);
    if (!m) throw parseError(i.line, 'FROM requires either one or three arguments');
    const ref = processWord(m[1]!, run.metaArgs, run.escape);
    const name = m[2]?.toLowerCase();
    if (name && !/^[a-z][a-z0-9-_.]*$/.test(name)) throw invalidArgument(`invalid name for build stage: "${m[2]}", name can't start with a number or contain symbols`);
    const base: Stage = { name, index, imageId: undefined, config: emptyConfig(), args: new Map(), cmdSet: false };
    if (ref === '') throw invalidArgument('base name (' + m[1] + ') should not be blank');
    const prev = run.stages.find((s) => s.name === ref.toLowerCase());
    if (prev) {
      base.imageId = prev.imageId;
      base.config = prev.config;
    } else if (ref.toLowerCase() !== 'scratch') {
      const id = await this.#baseImage(run, ref, i.flags.platform);
      base.imageId = id;
      base.config = this.deps.images.config(id);
    }
    if (base.imageId) this.#say(run, ` ---> ${short(base.imageId)}\n`);
    // ONBUILD triggers of the base image run now, then are dropped from the config.
    const triggers = base.config.config?.OnBuild ?? [];
    if (triggers.length) {
      this.#say(run, `# Executing ${triggers.length} build trigger${triggers.length > 1 ? 's' : ''}\n`);
      base.config = { ...base.config, config: { ...base.config.config, OnBuild: undefined } };
      for (const t of triggers) {
        const parsed = parseDockerfile(t).instructions[0];
        if (parsed) await this.#dispatch(run, base, parsed);
      }
    }
    return base;
  }

  async #baseImage(run: Run, ref: string, platform: string | undefined): Promise<string> {
    const images = this.deps.images;
    let local: string | undefined;
    try {
      local = images.resolve(ref).record.id;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (local && !run.req.pull) return local;
    const registry = this.deps.registry;
    if (!registry) {
      if (local) return local;
      throw new BerthError('not-found', 'ERR_NO_SUCH_IMAGE', `No such image: ${ref}`);
    }
    const full = formatReference(parseReference(ref));
    const res = await registry.pull({
      reference: full,
      platform: platform ?? run.req.platform,
      credentials: run.req.credentialsFor?.(parseReference(ref).domain),
      progress: (p) => {
        if (p.status && !p.progressDetail) this.#say(run, `${p.id ? `${p.id}: ` : ''}${p.status}\n`);
      },
      signal: run.req.signal,
    });
    return res.imageId;
  }

  /** The env a step's words are expanded with: the stage's ARGs, overridden by its ENV. */
  #env(stage: Stage): Map<string, string> {
    const env = new Map(stage.args);
    for (const [k, v] of envMap(stage.config.config?.Env)) env.set(k, v);
    return env;
  }

  async #dispatch(run: Run, stage: Stage, i: Instruction): Promise<void> {
    const env = this.#env(stage);
    for (const f of BUILDKIT_ONLY[i.cmd] ?? []) {
      if (i.flags[f] !== undefined) throw invalidArgument(`the --${f} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`);
    }
    if (i.cmd === 'arg') {
      this.#declareArg(run, i, stage.args, env, run.metaArgs);
      // An ARG changes what the following RUNs see, so it is a cache-relevant step of its own (Docker commits it too).
      await this.#configStep(run, stage, i, (c) => c);
      return;
    }
    if (CONFIG_ONLY.includes(i.cmd)) {
      let cmdSet = stage.cmdSet;
      await this.#configStep(run, stage, i, (config) => {
        const next = applyConfigInstruction({ config: config.config ?? {}, cmdSet, author: config.author }, i, env, run.escape);
        cmdSet = next.cmdSet;
        return { ...config, author: next.author, config: next.config };
      });
      stage.cmdSet = cmdSet;
      return;
    }
    if (i.cmd === 'run') return this.#run(run, stage, i);
    if (i.cmd === 'copy' || i.cmd === 'add') return this.#copy(run, stage, i, env);
    throw parseError(i.line, `unknown instruction: ${i.cmd.toUpperCase()}`);
  }

  /** Build args in effect for RUN: declared ones with a value, plus the predefined proxy args when given. */
  #argsInEffect(run: Run, stage: Stage): { all: Map<string, string>; keyed: Map<string, string> } {
    const keyed = new Map(stage.args);
    const all = new Map(keyed);
    for (const p of PROXY_ARGS) {
      const v = run.buildArgs.get(p);
      if (v !== undefined && v !== null && !all.has(p)) all.set(p, v);
    }
    return { all, keyed };
  }

  async #configStep(run: Run, stage: Stage, i: Instruction, change: (c: ImageConfig) => ImageConfig): Promise<void> {
    const createdBy = `/bin/sh -c #(nop) ${i.original.replace(/^\S+/, (w) => w.toUpperCase())}`;
    const key = cacheKey(stage.imageId, createdBy, stage.args);
    if (await this.#tryCache(run, stage, key, createdBy)) return;
    stage.config = change(stage.config);
    stage.imageId = await this.#commit(stage, undefined, createdBy, true);
    await this.#remember(run, key, stage);
  }

  async #tryCache(run: Run, stage: Stage, key: string, createdBy: string): Promise<boolean> {
    if (run.req.noCache) return false;
    let hit = this.cache.get(key);
    if (!hit || !this.deps.images.records.get(hit)) hit = await this.#fromCacheSources(run, stage, createdBy);
    if (!hit) return false;
    stage.imageId = hit;
    stage.config = this.deps.images.config(hit);
    this.#say(run, ` ---> Using cache\n ---> ${short(hit)}\n`);
    return true;
  }

  /**
   * `cachefrom`: a source image whose history continues the stage's own history (same steps, same layers) with
   * this very step stands in for it. The step's image is that source cut after the step (its layers are local).
   */
  async #fromCacheSources(run: Run, stage: Stage, createdBy: string): Promise<string | undefined> {
    const images = this.deps.images;
    const mine = stage.imageId ? images.config(stage.imageId) : undefined;
    const myHistory = mine?.history ?? [];
    const myLayers = mine?.rootfs.diff_ids ?? [];
    for (const ref of run.req.cacheFrom ?? []) {
      const id = images.imageIdOf(ref);
      if (!id) continue;
      const src = images.config(id);
      const history = src.history ?? [];
      if (history.length <= myHistory.length || !myHistory.every((h, n) => h.created_by === history[n]!.created_by)) continue;
      if (!myLayers.every((l, n) => src.rootfs.diff_ids[n] === l)) continue;
      const next = history[myHistory.length]!;
      if (next.created_by !== createdBy) continue;
      const upTo = history.slice(0, myHistory.length + 1);
      const layers = upTo.filter((h) => !h.empty_layer).length;
      if (layers > src.rootfs.diff_ids.length) continue;
      const config = { ...src, history: upTo, rootfs: { type: 'layers', diff_ids: src.rootfs.diff_ids.slice(0, layers) } };
      return images.register(Buffer.from(JSON.stringify(config)), [], stage.imageId);
    }
    return undefined;
  }

  async #remember(run: Run, key: string, stage: Stage): Promise<void> {
    await this.cache.set(key, stage.imageId!);
    this.#say(run, ` ---> ${short(stage.imageId!)}\n`);
  }

  /** Records the stage's config (plus a new layer, when given) as an image on top of the stage's current one. */
  async #commit(stage: Stage, layerDiffId: string | undefined, createdBy: string, emptyLayer: boolean): Promise<string> {
    const created = new Date().toISOString();
    const c = stage.config;
    const config: ImageConfig = {
      ...c,
      architecture: c.architecture || (arch() === 'x64' ? 'amd64' : arch()),
      os: c.os || 'linux',
      created,
      rootfs: { type: 'layers', diff_ids: layerDiffId ? [...c.rootfs.diff_ids, layerDiffId] : c.rootfs.diff_ids },
      history: createdBy ? [...(c.history ?? []), { created, created_by: createdBy, ...(emptyLayer ? { empty_layer: true } : {}) }] : c.history,
    };
    delete config.container_config;
    const id = await this.deps.images.register(Buffer.from(JSON.stringify(config)), [], stage.imageId);
    stage.config = this.deps.images.config(id);
    return id;
  }

  async #run(run: Run, stage: Stage, i: Instruction): Promise<void> {
    const cmd = commandOf(i, stage.config.config?.Shell ?? DEFAULT_SHELL);
    const { all, keyed } = this.#argsInEffect(run, stage);
    const argList = [...keyed.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
    const createdBy = (argList.length ? `|${argList.length} ${argList.join(' ')} ` : '') + cmd.join(' ');
    const key = cacheKey(stage.imageId, `RUN ${JSON.stringify(cmd)}`, keyed);
    if (await this.#tryCache(run, stage, key, createdBy)) return;
    if (!stage.imageId) throw invalidArgument('RUN needs a base image with a shell: FROM scratch has no layers to run in');
    const result = await runStep(this.deps, {
      imageId: stage.imageId,
      cmd,
      env: [...all.entries()].filter(([k]) => !envMap(stage.config.config?.Env).has(k)).map(([k, v]) => `${k}=${v}`),
      user: stage.config.config?.User,
      workdir: stage.config.config?.WorkingDir,
      networkMode: run.req.networkMode,
      limits: run.req.runLimits,
      keepContainer: !run.req.rm,
      defer: (work) => run.pending.push(work),
      say: (t) => this.#say(run, t),
      signal: run.req.signal,
    });
    if (result.exitCode !== 0) {
      throw new BerthError('failed-precondition', 'ERR_BUILD_RUN', `The command '${cmd.join(' ')}' returned a non-zero code: ${result.exitCode}`);
    }
    try {
      stage.imageId = await this.#commit(stage, result.layer!.diffId, createdBy, false);
    } finally {
      result.layer!.release();
    }
    await this.#remember(run, key, stage);
  }

  async #copy(run: Run, stage: Stage, i: Instruction, env: Map<string, string>): Promise<void> {
    const what = i.cmd.toUpperCase();
    const words = i.json ?? processWords(i.args, env, run.escape);
    if (words.length < 2) throw invalidArgument(`${what} requires at least two arguments, but only one was provided. Destination could not be determined`);
    const srcWords = words.slice(0, -1);
    let dest = words[words.length - 1]!;
    const isUrl = (w: string) => /^https?:\/\//i.test(w);
    if (srcWords.some(isUrl) && i.cmd === 'copy') throw invalidArgument('COPY: source can\'t be a URL for COPY');
    const urls = srcWords.filter(isUrl);
    const localWords = srcWords.filter((w) => !isUrl(w));
    const workdir = stage.config.config?.WorkingDir || '/';
    if (!dest.startsWith('/')) dest = (workdir.endsWith('/') ? workdir : `${workdir}/`) + dest;
    // The source root: the context, another stage's filesystem, or an image's.
    let root = run.contextDir;
    let fromHash = '';
    let cleanup: (() => Promise<void>) | undefined;
    if (i.flags.from !== undefined) {
      if (i.cmd === 'add') throw parseError(i.line, 'unknown flag: from');
      const from = processWord(i.flags.from, env, run.escape);
      const byName = run.stages.find((s) => s.name === from.toLowerCase()) ?? (/^\d+$/.test(from) ? run.stages[Number(from)] : undefined);
      if (/^\d+$/.test(from) && !byName) throw invalidArgument(`invalid from flag value ${from}: refers to current build stage`);
      const imageId = byName ? byName.imageId : await this.#baseImage(run, from, undefined);
      fromHash = imageId ?? 'scratch';
      if (imageId) {
        const view = await this.#rootView(imageId);
        root = view.dir;
        cleanup = view.cleanup;
      } else root = join(run.contextDir, '.berth-empty-scratch-root');
    }
    try {
      let sources: CopySource[];
      try {
        sources = localWords.length ? await resolveSources(root, localWords, what, i.flags.from === undefined) : [];
        for (const [n, u] of urls.entries()) sources.push(await download(u, join(run.contextDir, '..', `download-${n}`), run.req.signal));
      } catch (err) {
        throw err;
      }
      const uidgid = await this.#chown(stage, i.flags.chown, env, run.escape);
      const mode = i.flags.chmod !== undefined ? parseMode(i.flags.chmod) : undefined;
      const hash = `${fromHash}:${await hashSources(sources, i.flags.from === undefined ? { root: run.contextDir, hashes: run.contextHashes } : undefined)}`;
      const kind = sources.length === 1 && !sources[0]!.isDir ? 'file' : 'dir';
      const createdBy = `/bin/sh -c #(nop) ${what} ${kind}:${hash.slice(-64)} in ${dest} `;
      const key = cacheKey(stage.imageId, `${i.original}\n${dest}`, stage.args, hash);
      if (await this.#tryCache(run, stage, key, createdBy)) return;
      const lower = this.#lowerDirs(stage);
      const staging = await mkdtemp(join(this.deps.paths.tmp, 'copy-'));
      try {
        const destIsDir = (await this.#lookup(lower, dest))?.isDirectory() ?? false;
        await stageCopy(staging, { sources, dest, destIsDir, uid: uidgid.uid, gid: uidgid.gid, mode, extractArchives: i.cmd === 'add' });
        await matchExistingDirs(staging, (rel) => this.#lookup(lower, rel));
        const parentChain = stage.imageId ? this.deps.images.records.get(stage.imageId)!.chainIds.at(-1) : undefined;
        const layer = await unpackAndStore(this.deps.images, packDir(staging, { overlay: false, skipRoot: true }), parentChain);
        try {
          stage.imageId = await this.#commit(stage, layer.diffId, createdBy, false);
        } finally {
          layer.release();
        }
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      await this.#remember(run, key, stage);
    } finally {
      await cleanup?.();
    }
  }

  #lowerDirs(stage: Stage): string[] {
    if (!stage.imageId) return [];
    return [...this.deps.images.records.get(stage.imageId)!.chainIds].reverse().map((c) => this.deps.images.snapshots.fsDir(c));
  }

  /** lstat of a path in the merged view of the layers (top-most first; a whiteout hides it). */
  async #lookup(lower: string[], rel: string): Promise<import('node:fs').Stats | undefined> {
    const r = rel.replace(/^\/+/, '');
    for (const dir of lower) {
      const st = await lstat(join(dir, r)).catch(() => undefined);
      if (st) return st.isCharacterDevice() && st.rdev === 0 ? undefined : st;
    }
    return undefined;
  }

  /** A read-only merged view of an image's layers (an overlay mount when there are several). */
  async #rootView(imageId: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
    const record = this.deps.images.records.get(imageId)!;
    const lower = [...record.chainIds].reverse().map((c) => this.deps.images.snapshots.fsDir(c));
    if (lower.length === 1) return { dir: lower[0]!, cleanup: async () => {} };
    const { mount, umount, MNT_DETACH, MS_RDONLY } = await import('../common/syscalls.js');
    const dir = await mkdtemp(join(this.deps.paths.tmp, 'from-'));
    mount('overlay', dir, 'overlay', MS_RDONLY, `lowerdir=${lower.join(':')}`);
    return {
      dir,
      cleanup: async () => {
        umount(dir, MNT_DETACH);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  async #chown(stage: Stage, spec: string | undefined, env: Map<string, string>, escape: string): Promise<{ uid: number; gid: number }> {
    if (spec === undefined) return { uid: 0, gid: 0 };
    const value = processWord(spec, env, escape);
    const [u, g] = value.split(':') as [string, string | undefined];
    const lower = this.#lowerDirs(stage);
    const read = async (p: string) => {
      for (const d of lower) {
        const t = await readFile(join(d, p), 'utf8').catch(() => undefined);
        if (t !== undefined) return t;
      }
      return '';
    };
    const passwd = /^\d+$/.test(u) && (g === undefined || /^\d+$/.test(g)) ? '' : await read('etc/passwd');
    const groups = g !== undefined && !/^\d+$/.test(g) ? await read('etc/group') : '';
    const uid = /^\d+$/.test(u) ? Number(u) : parsePasswd(passwd).find((p) => p.name === u)?.uid;
    if (uid === undefined) throw invalidArgument(`unable to convert uid/gid chown string to host mapping: can't find uid for user ${u}: no such user: ${u}`);
    let gid: number | undefined;
    if (g === undefined) gid = /^\d+$/.test(u) ? uid : parsePasswd(passwd).find((p) => p.name === u)?.gid;
    else gid = /^\d+$/.test(g) ? Number(g) : parseGroup(groups).find((x) => x.name === g)?.gid;
    if (gid === undefined) throw invalidArgument(`unable to convert uid/gid chown string to host mapping: can't find gid for group ${g}: no such group: ${g}`);
    return { uid, gid };
  }
}

function parseMode(s: string): number {
  if (!/^[0-7]{3,4}$/.test(s)) throw invalidArgument(`invalid chmod parameter ${s}. it should be octal string and between 0 and 07777`);
  return parseInt(s, 8);
}

function stageName(from: Instruction): string | undefined {
  return /^\S+\s+[Aa][Ss]\s+(\S+)\s*$/.exec(from.args)?.[1];
}

/** ARG's words: `A=1 B` (quotes kept inside values for the lexer). */
function splitArgs(args: string): string[] {
  return args.trim().split(/\s+(?=(?:[^"']|"[^"]*"|'[^']*')*$)/);
}

function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function emptyConfig(): ImageConfig {
  return { architecture: arch() === 'x64' ? 'amd64' : arch(), os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] };
}

