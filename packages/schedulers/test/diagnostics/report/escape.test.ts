import { describe, expect, it } from 'vitest';
import { escapeHtml, scriptJson } from '../../../src/diagnostics/report/escape.js';

describe('escaping', () => {
  it('escapes HTML text and attribute values', () => {
    expect(escapeHtml(`<b class="x">&'`)).toBe('&lt;b class=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('writes JSON that cannot end its <script> element and parses back unchanged', () => {
    const value = { key: '</script><!-- \u2028 & >', n: [1, 2] };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
