import { execFile } from 'node:child_process';
import fs from 'node:fs';

const PYTHON = '/usr/bin/python3';

function run(
  cmd: string,
  args: string[],
  input: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

function need(what: string, ok: boolean): void {
  if (!ok)
    throw new Error(
      `${what} is not installed: apt-get install libxml2-utils python3-feedparser (see .ci/run).`,
    );
}

/** xmllint's complaint about the document, or null when it is well-formed XML. */
export async function xmlErrors(xml: string): Promise<string | null> {
  need('xmllint', fs.existsSync('/usr/bin/xmllint'));
  const r = await run('/usr/bin/xmllint', ['--noout', '-'], xml);
  return r.code === 0 ? null : r.stderr;
}

export interface Parsed {
  bozo: boolean;
  bozoException: string | null;
  version: string;
  title: string;
  /** The MIME type feedparser gives a field ('text/html': a reader renders it as HTML). */
  titleType: string;
  subtitle: string;
  subtitleType: string;
  entries: {
    title: string;
    titleType: string;
    link: string;
    id: string;
    summary: string;
    summaryType: string;
    authors: string[];
    tags: string[];
  }[];
}

/** The feed as Universal Feed Parser (Debian's python3-feedparser) reads it, as feed readers do. */
export async function parseFeed(body: string): Promise<Parsed> {
  const script = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
  "bozo": bool(d.bozo), "bozoException": str(d.get("bozo_exception")) if d.bozo else None,
  "version": d.version, "title": d.feed.get("title", ""),
  "titleType": d.feed.get("title_detail", {}).get("type", ""),
  "subtitle": d.feed.get("subtitle", ""), "subtitleType": d.feed.get("subtitle_detail", {}).get("type", ""),
  "entries": [{"title": e.get("title", ""), "titleType": e.get("title_detail", {}).get("type", ""),
    "link": e.get("link", ""), "id": e.get("id", ""),
    "summary": e.get("summary", ""), "summaryType": e.get("summary_detail", {}).get("type", ""),
    "authors": [a.get("name", "") for a in e.get("authors", [])],
    "tags": [t.get("term", "") for t in e.get("tags", [])]} for e in d.entries]}))
`;
  const r = await run(PYTHON, ['-c', script], body);
  need('python3-feedparser', !/No module named 'feedparser'/.test(r.stderr));
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Parsed;
}
