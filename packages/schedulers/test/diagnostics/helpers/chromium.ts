/**
 * Headless Chromium for the report's browser test: load an HTML file, let its scripts run, and
 * return the DOM as the browser left it (`--dump-dom`). Debian's chromium at /usr/bin/chromium (or
 * CHROMIUM_PATH), run with the flags this offline machine needs (no sandbox as root, no background
 * networking) and a fresh profile directory each time.
 *
 * `instrument` adds two scripts to a page for the test: one first in <head> that records script
 * errors, failed resource loads and console.error calls, and one last in <body> (after the page's
 * own script) that runs a probe and writes what it found, with the errors, as JSON into
 * `<pre id="probe">`; `probeResult` reads it back from the dumped DOM.
 */

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fail (never skip) when Chromium is missing, saying how to install it. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the HTML report's browser test needs it. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (Debian; as root), ' +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return CHROMIUM;
}

/** Load `file` in headless Chromium; resolves to the DOM after its scripts ran, and Chromium's stderr. */
export async function dumpDom(file: string): Promise<{ dom: string; stderr: string }> {
  const chromium = requireChromium();
  const profile = await mkdtemp(join(tmpdir(), 'tusk-chromium-'));
  try {
    return await new Promise((resolve, reject) => {
      execFile(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
          '--window-size=1300,2400',
          '--enable-logging=stderr',
          '--v=0',
          '--virtual-time-budget=5000',
          '--dump-dom',
          pathToFileURL(file).href,
        ],
        { timeout: 90_000, maxBuffer: 256 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`Chromium failed on ${file}: ${err.message}\n${stderr}`));
          else resolve({ dom: stdout, stderr });
        },
      );
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

const RECORDER = `<script>
window.__testErrors = [];
window.addEventListener('error', function (e) {
  var t = e.target;
  if (t && t !== window && (t.src || t.href)) window.__testErrors.push('failed to load ' + (t.src || t.href));
  else window.__testErrors.push('error: ' + e.message);
}, true);
window.addEventListener('unhandledrejection', function (e) { window.__testErrors.push('rejection: ' + e.reason); });
(function () {
  var original = console.error;
  console.error = function () {
    window.__testErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
})();
</script>`;

/** The page with the error recorder first in <head> and `probe` (a function body returning a value) last in <body>. */
export function instrument(html: string, probe: string): string {
  const runner = `<script>
(function () {
  var out = {};
  try { out.result = (function () { ${probe} })(); } catch (e) { out.probeError = String(e && e.stack || e); }
  out.errors = window.__testErrors;
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>`;
  const head = html.indexOf('<head>') + '<head>'.length;
  const withRecorder = `${html.slice(0, head)}${RECORDER}${html.slice(head)}`;
  const end = withRecorder.lastIndexOf('</body>');
  return `${withRecorder.slice(0, end)}${runner}${withRecorder.slice(end)}`;
}

/** What the probe wrote into the dumped DOM. */
export function probeResult<T>(dom: string): { result?: T; probeError?: string; errors: string[] } {
  const m = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(dom);
  if (!m)
    throw new Error(
      `The probe wrote nothing: the page did not load or its scripts did not run.\n${dom.slice(0, 2000)}`,
    );
  const text = m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
  return JSON.parse(text);
}
