import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoTemplate, TemplateError, GO_TYPE } from './go-template.js';
import { renderList, preFormat } from './list-format.js';

const inspect = {
  Id: 'abc123',
  Name: '/web',
  State: { Status: 'running', Running: true, ExitCode: 0, Pid: 42 },
  Config: { Labels: { 'com.example.a': 'x', b: 'y' }, Env: ['A=1', 'PATH=/bin'], Cmd: ['sh', '-c', 'echo'] },
  Mounts: [],
};

test('a Go text/template subset with docker functions (table)', () => {
  const cases: [string, string][] = [
    ['{{.State.Status}}', 'running'],
    ['{{.Name}} {{.State.Pid}}', '/web 42'],
    ['{{index .Config.Labels "com.example.a"}}', 'x'],
    ['{{index .Config.Labels "missing"}}', ''],
    ['{{.Config.Labels.b}}', 'y'],
    ['{{.Config.Nope}}', '<no value>'],
    ['{{json .State}}', '{"Status":"running","Running":true,"ExitCode":0,"Pid":42}'],
    ['{{json .Config.Cmd}}', '["sh","-c","echo"]'],
    ['{{join .Config.Cmd ","}}', 'sh,-c,echo'],
    ['{{.Config.Cmd}}', '[sh -c echo]'],
    ['{{.Config.Labels}}', 'map[b:y com.example.a:x]'],
    ['{{range .Config.Env}}{{.}};{{end}}', 'A=1;PATH=/bin;'],
    ['{{range $i, $e := .Config.Env}}{{$i}}={{$e}} {{end}}', '0=A=1 1=PATH=/bin '],
    ['{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}},{{end}}', 'b:y,com.example.a:x,'],
    ['{{range .Mounts}}x{{else}}none{{end}}', 'none'],
    ['{{if .State.Running}}up{{else}}down{{end}}', 'up'],
    ['{{if eq .State.Status "exited"}}e{{else if eq .State.Status "running"}}r{{else}}?{{end}}', 'r'],
    ['{{if and .State.Running (eq .State.ExitCode 0)}}ok{{end}}', 'ok'],
    ['{{if not .State.Running}}x{{else}}y{{end}}', 'y'],
    ['{{upper .State.Status}} {{lower "ABC"}} {{title "hello world"}}', 'RUNNING abc Hello World'],
    ['{{.State.Status | upper}}', 'RUNNING'],
    ['{{len .Config.Env}}', '2'],
    ['{{with .State}}{{.Status}}{{end}}', 'running'],
    ['{{$s := .State.Status}}{{$s}}', 'running'],
    ['{{printf "%s-%d" .Name .State.Pid}}', '/web-42'],
    ['{{split "a,b" ","}}', '[a b]'],
    ['{{pad "x" 1 2}}|{{truncate "abcdef" 3}}', ' x  |abc'],
    ['a {{- " b " -}} c', 'a b c'],
    ['{{/* a comment */}}x', 'x'],
    ['{{(index .Config.Cmd 0)}}', 'sh'],
    ['{{$.Name}}', '/web'],
    ['{{`raw`}}', 'raw'],
  ];
  for (const [src, want] of cases) assert.equal(new GoTemplate(src).execute(inspect), want, src);
});

test('errors: parse errors and unknown fields of typed contexts', () => {
  assert.throws(() => new GoTemplate('{{.Foo'), TemplateError);
  assert.throws(() => new GoTemplate('{{if .X}}'), TemplateError);
  // docker ps --format '{{json.}}': Go needs a space between a command's operands.
  assert.throws(() => new GoTemplate('{{json.}}'), /^TemplateError: template: :1: unexpected <\.> in operand$/);
  assert.equal(new GoTemplate('{{json .}}{{ (.A).B }}').execute({ A: { B: 1 } }), '{"A":{"B":1}}1');
  assert.throws(() => new GoTemplate('{{nosuchfunc .}}').execute({}), /function "nosuchfunc" not defined/);
  const typed = { [GO_TYPE]: '*formatter.ContainerContext', ID: 'x' };
  assert.throws(() => new GoTemplate('{{.Foo}}').execute(typed), /can't evaluate field Foo in type \*formatter.ContainerContext/);
});

test('list formats: table with headers, raw templates, json, and \\t written as two characters', () => {
  assert.equal(preFormat('table {{.ID}}\\t{{.Names}}'), '{{.ID}}\t{{.Names}}');
  assert.equal(preFormat('json'), '{{json .}}');
  const rows = [{ ID: 'abc', Names: 'web', toJSON: () => ({ ID: 'abc', Names: 'web' }) }];
  const headers = { ID: 'CONTAINER ID', Names: 'NAMES' };
  assert.equal(renderList(rows, { format: 'table {{.ID}}\\t{{.Names}}', defaultTable: '', headers }), 'CONTAINER ID   NAMES\nabc            web\n');
  assert.equal(renderList(rows, { format: '{{.ID}}: {{.Names | upper}}', defaultTable: '', headers }), 'abc: WEB\n');
  assert.equal(renderList(rows, { format: 'json', defaultTable: '', headers }), '{"ID":"abc","Names":"web"}\n');
  assert.equal(renderList([], { format: undefined, defaultTable: 'table {{.ID}}\\t{{.Names}}', headers }), 'CONTAINER ID   NAMES\n');
  assert.equal(renderList(rows, { format: 'table {{upper .Names}}', defaultTable: '', headers }), 'NAMES\nWEB\n');
  // docker's formatter (images, history): "template parsing error" for parse and execution errors alike.
  assert.throws(() => renderList(rows, { format: '{{.ID', defaultTable: '', headers }), /^TemplateError: template parsing error: template: :1: unclosed action$/);
  assert.throws(() => renderList([{}], { format: '{{.ID.X}}', defaultTable: '', headers }), /^TemplateError: template parsing error: template: :1:5: executing "" at <.ID.X>: nil pointer evaluating interface {}.X$/);
});
