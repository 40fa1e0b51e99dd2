// berth version: the client's and the daemon's versions, through docker's own template and tabwriter settings.
import type { CommandModule } from '../../command.js';
import { FORMAT_JSON_USAGE } from '../../flags/flag-spec.js';
import { GoTemplate, GO_TYPE, TemplateError, type FuncMap } from '../../render/go-template.js';
import { parseUserFormat, namedTemplateError } from '../../render/inspect-output.js';
import { tabwrite } from '../../render/tabwriter.js';
import { withGoFields } from '../../render/inspect-output.js';
import { API_VERSION, BERTH_VERSION } from '../../../api/version.js';
import { ExitCodeError } from '../../exit-code-error.js';

const VERSION_TEMPLATE = `{{with .Client -}}
Client:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 Version:\t{{.Version}}
 API version:\t{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
 Node.js version:\t{{.GoVersion}}
 Git commit:\t{{.GitCommit}}
 Built:\t{{.BuildTime}}
 OS/Arch:\t{{.Os}}/{{.Arch}}
 Context:\t{{.Context}}
{{- end}}

{{- if .ServerOK}}{{with .Server}}

Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 {{- range $component := .Components}}
 {{$component.Name}}:
  {{- if eq $component.Name "Engine" }}
  Version:\t{{.Version}}
  API version:\t{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
  Go version:\t{{index .Details "GoVersion"}}
  Git commit:\t{{index .Details "GitCommit"}}
  Built:\t{{index .Details "BuildTime"}}
  OS/Arch:\t{{index .Details "Os"}}/{{index .Details "Arch"}}
  Experimental:\t{{index .Details "Experimental"}}
  {{- else }}
  Version:\t{{$component.Version}}
  {{- $detailsOrder := getDetailsOrder $component}}
  {{- range $key := $detailsOrder}}
  {{$key}}:\t{{index $component.Details $key}}
  {{- end}}
  {{- end}}
 {{- end}}
 {{- end}}{{- end}}`;

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

export const command: CommandModule = {
  spec: {
    path: 'version',
    usage: '[OPTIONS]',
    description: 'Show the Berth version information',
    flags: [{ name: 'format', short: 'f', type: 'string', usage: FORMAT_JSON_USAGE }],
    args: { min: 0, max: 0 },
  },
  async run(ctx) {
    const format = ctx.flags.string('format');
    // docker checks the template before it asks the daemon anything (exit 64 on a parse error).
    const tmpl = format ? parseUserFormat(format, 'version') : new GoTemplate(VERSION_TEMPLATE);
    const client = ctx.client();
    const info: Record<string, unknown> = {
      [GO_TYPE]: 'system.versionInfo',
      Server: undefined,
      Client: withGoFields(
        {
          Platform: { Name: 'Berth' },
          Version: BERTH_VERSION,
          ApiVersion: API_VERSION,
          DefaultAPIVersion: API_VERSION,
          GitCommit: '',
          GoVersion: process.version,
          Os: process.platform,
          Arch: ARCH[process.arch] ?? process.arch,
          BuildTime: '',
          Context: 'default',
        },
        { APIVersion: 'ApiVersion' },
      ),
    };
    let failure: unknown;
    try {
      (info.Client as Record<string, unknown>).ApiVersion = await client.apiVersion();
      info.Server = withGoFields(await client.json<Record<string, unknown>>('GET', '/version'), { APIVersion: 'ApiVersion' });
    } catch (err) {
      failure = err;
    }
    Object.defineProperty(info, 'ServerOK', { value: info.Server !== undefined, enumerable: false });
    const funcs: FuncMap = {
      getDetailsOrder: (c: unknown) => Object.keys((c as { Details?: object }).Details ?? {}).sort(),
    };
    let text: string;
    try {
      text = tmpl.execute(info, funcs) + '\n';
    } catch (err) {
      if (!format || !(err instanceof TemplateError)) throw err;
      ctx.stdout.write('\n');
      // No daemon: docker reports that rather than the template's trip over the missing server part.
      if (failure) throw failure instanceof Error ? failure : new ExitCodeError(1, String(failure));
      throw new ExitCodeError(1, namedTemplateError(err.message, 'version'));
    }
    ctx.stdout.write(format ? text : tabwrite(text, { minWidth: 20, padding: 1 }));
    if (failure) throw failure instanceof Error ? failure : new ExitCodeError(1, String(failure));
  },
};
