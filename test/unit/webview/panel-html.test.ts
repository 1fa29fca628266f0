/** The response panel's HTML shell (issue 11, item 3): strict CSP, one script by nonce, no inline code. */
import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, responseHtml } from '../../../src/webview/panel-html';

const resources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.css',
};

describe('webview: panel HTML (issue 11, item 3)', () => {
  it('carries the CSP meta with the nonce, and the script only by that nonce', () => {
    const nonce = makeNonce();
    const html = responseHtml(resources, nonce);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(csp, contentSecurityPolicy(resources.cspSource, nonce));
    // Issue 11, item 3: CodeMirror's style elements by the nonce, the pretty-print worker from blob:.
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${resources.cspSource} 'nonce-${nonce}'; img-src ${resources.cspSource} data:; font-src ${resources.cspSource}; worker-src blob:`);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]![1], ` nonce="${nonce}" src="${resources.scriptUri}"`);
    assert.equal(scripts[0]![2], '', 'no inline script');
  });

  it('has no inline style, no event handler attribute and nothing unsafe in its policy', () => {
    const html = responseHtml(resources);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=|unsafe-inline|unsafe-eval/i);
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${resources.styleUri.replace(/[.+]/g, '\\$&')}">`));
  });

  it('makes a fresh 128-bit nonce for every render', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => makeNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 16);
    const a = /'nonce-([^']+)'/.exec(responseHtml(resources))?.[1];
    const b = /'nonce-([^']+)'/.exec(responseHtml(resources))?.[1];
    assert.ok(a && b && a !== b);
  });

  it('escapes the resource URIs it is given', () => {
    const html = responseHtml({ ...resources, scriptUri: 'x"><script>alert(1)</script>' }, 'n');
    assert.equal([...html.matchAll(/<script/g)].length, 1);
  });
});
