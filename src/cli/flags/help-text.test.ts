import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandHelp, wrap } from './help-text.js';
import { FORMAT_TABLE_USAGE } from './flag-spec.js';

// `docker ps --help` (docker CLI 28.2.2, not a terminal), with docker -> berth.
const PS_HELP = `Usage:  berth ps [OPTIONS]

List containers

Aliases:
  berth container ls, berth container list, berth container ps, berth ps

Options:
  -a, --all             Show all containers (default shows just running)
  -f, --filter filter   Filter output based on conditions provided
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -n, --last int        Show n last created containers (includes all
                        states) (default -1)
  -l, --latest          Show the latest created container (includes all
                        states)
      --no-trunc        Don't truncate output
  -q, --quiet           Only display container IDs
  -s, --size            Display total file sizes
`;

test('help text is laid out as docker/pflag do', () => {
  const text = commandHelp('berth', 'ps', {
    path: 'container ls',
    usage: '[OPTIONS]',
    description: 'List containers',
    aliases: ['container ls', 'container list', 'container ps', 'ps'],
    args: { min: 0, max: 0 },
    flags: [
      { name: 'size', short: 's', type: '', usage: 'Display total file sizes' },
      { name: 'all', short: 'a', type: '', usage: 'Show all containers (default shows just running)' },
      { name: 'filter', short: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
      { name: 'format', type: 'string', usage: FORMAT_TABLE_USAGE },
      { name: 'last', short: 'n', type: 'int', usage: 'Show n last created containers (includes all states)', defaultText: '-1' },
      { name: 'latest', short: 'l', type: '', usage: 'Show the latest created container (includes all states)' },
      { name: 'no-trunc', type: '', usage: "Don't truncate output" },
      { name: 'quiet', short: 'q', type: '', usage: 'Only display container IDs' },
      { name: 'hidden', type: '', usage: 'x', hidden: true },
    ],
  }, 79);
  assert.equal(text, PS_HELP);
});

test("pflag's wrap: narrow columns move the text under the flag; 0 never wraps", () => {
  assert.equal(wrap(4, 0, 'a\nb'), 'a\n    b');
  assert.equal(wrap(70, 80, 'some words here'), '\n                some words here');
});
